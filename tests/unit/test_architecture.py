"""The arrows point inwards: the domain and geo/ import no adapter, and the vocabulary nothing.

Walks every import statement (module level and inside functions) with ``ast``, so a lazy
``from infra... import`` inside a function counts too. Adapters (infra/, streams/, the API,
the CLI) may import the domain; the reverse is what this test refuses.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DOMAIN = ("services/tracking", "services/cases", "services/alerts", "services/vessels",
          "services/reports", "services/auth", "services/vocabulary", "services/evidence",
          "services/ports", "geo")  # fmt: skip
# adapters and frameworks the domain must not reach
FORBIDDEN = ("infra", "streams", "sqlalchemy", "faust", "fastapi", "services.api",
             "services.cli", "services.feeds", "services.simulator", "services.zones")  # fmt: skip


def _imports(path: Path) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def _under(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _hits(package: str, refuse: tuple[str, ...], allow: tuple[str, ...] = ()) -> list[str]:
    """``file:line imports module`` for every import of ``refuse`` not in ``allow``."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in _imports(path):
            if _under(module, refuse) and not _under(module, allow):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_imports_no_adapter(package: str) -> None:
    assert _hits(package, FORBIDDEN) == []


def test_geo_imports_only_the_vocabulary_from_services() -> None:
    assert _hits("geo", ("services",), allow=("services.vocabulary",)) == []


def test_vocabulary_is_a_leaf() -> None:
    project = ("services", "geo", "infra", "streams", "bench", "tests")
    assert _hits("services/vocabulary", project, allow=("services.vocabulary",)) == []


def test_the_check_sees_a_lazy_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy.orm\ndef f():\n    from infra.db.base import session_scope\n")
    assert _imports(bad) == [(1, "sqlalchemy.orm"), (3, "infra.db.base")]
    assert _under("infra.db.base", FORBIDDEN) and not _under("infrastructure", FORBIDDEN)
