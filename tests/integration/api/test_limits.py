"""API limits (issue 15, #3 and #5): integers the database cannot hold are a 422, never a 500;
a body too large for its route is a 413 before anything reads or parses it."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from infra.db.base import session_scope
from infra.db.migrate import upgrade_head
from infra.repositories.users import SqlUserStore
from infra.settings import get_settings
from services.api.main import create_app
from services.auth.tokens import issue_token

pytestmark = pytest.mark.integration

HUGE = "336414418879409229171887582478336"
OFFSET = "22672556624060127808648000768405667840"
DB_INT_MAX = 2**31 - 1  # PostgreSQL INTEGER; SQLite's is wider


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    monkeypatch.setenv("SEAWATCH_DATABASE_URL", url)
    monkeypatch.setenv("SEAWATCH_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    upgrade_head(url)
    with session_scope() as s:
        SqlUserStore(s).create("admin", "mat-khau-du-dai-de-thu", "admin", "test")
        _, key = SqlUserStore(s).create_api_key("vms-gateway", "test")
    application = create_app()
    application.state.api_key = key
    yield application
    get_settings.cache_clear()


def _admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token('admin', 'admin', get_settings().secret_key)}"}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/persons/{HUGE}",
        f"/api/vessels?offset={OFFSET}",
        f"/api/cases?offset={OFFSET}",
        f"/api/cases/{HUGE}",
        f"/api/cases?person_id={HUGE}",
        f"/api/alerts?before_id={HUGE}",
        f"/api/cases/{DB_INT_MAX + 1}",
        f"/api/persons/{-(2**63) - 1}",
        "/api/audit?limit=99999999999999999999999",
    ],
)
def test_integers_out_of_the_database_range_are_422(app: FastAPI, path: str) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get(path, headers=_admin())
    assert response.status_code == 422, (path, response.status_code, response.text[:300])


def test_an_integer_in_a_body_out_of_range_is_422(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    body = {"kind": "DETENTION", "vessel_id": "QNg-90123-TS", "person_id": int(HUGE)}
    response = client.post("/api/cases/1/members", json=body, headers=_admin())
    assert response.status_code == 422, response.text[:300]


def _integer_schemas(node: Any, where: str, schemas: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every integer schema reachable from ``node`` (following $refs), with where it sits."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in schemas.setdefault("__seen__", set()):
                schemas["__seen__"].add(name)
                yield from _integer_schemas(schemas[name], f"{where}->{name}", schemas)
            return
        if node.get("type") == "integer":
            yield where, node
        for key, value in node.items():
            yield from _integer_schemas(value, f"{where}.{key}", schemas)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _integer_schemas(value, f"{where}[{i}]", schemas)


def test_every_integer_the_api_accepts_is_bounded_to_what_the_database_holds(
    app: FastAPI,
) -> None:
    spec = app.openapi()
    schemas = dict(spec["components"]["schemas"])
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            inputs = {"parameters": op.get("parameters", []), "body": op.get("requestBody", {})}
            schemas["__seen__"] = set()
            found += list(_integer_schemas(inputs, f"{method.upper()} {path}", schemas))
    assert len(found) >= 10  # the walk does find them
    unbounded = [
        where for where, s in found
        if not (s.get("minimum", s.get("exclusiveMinimum", -(2**64))) >= -DB_INT_MAX - 1
                and s.get("maximum", s.get("exclusiveMaximum", 2**64)) <= DB_INT_MAX)
    ]  # fmt: skip
    assert unbounded == []


# --- body size -------------------------------------------------------------------------


def _asgi_post(
    app: FastAPI, path: str, body: bytes, headers: dict[str, str], *, declare_length: bool
) -> tuple[int, int]:
    """POST ``body`` in 64 KB chunks straight to the ASGI app; (status, bytes it pulled)."""
    chunk = 65_536
    pieces = [body[i : i + chunk] for i in range(0, len(body), chunk)] or [b""]
    pulled = {"bytes": 0, "i": 0}
    sent: dict[str, Any] = {}
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw.append((b"content-type", b"application/json"))
    if declare_length:
        raw.append((b"content-length", str(len(body)).encode()))

    async def receive() -> dict[str, Any]:
        i = pulled["i"]
        if i >= len(pieces):
            await asyncio.sleep(3600)  # a client that never sends more
        pulled["i"] += 1
        pulled["bytes"] += len(pieces[i])
        return {"type": "http.request", "body": pieces[i], "more_body": i < len(pieces) - 1}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": raw, "client": ("127.0.0.1", 1), "server": ("t", 80),
        "state": {},
    }  # fmt: skip
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 30))
    return sent["status"], pulled["bytes"]


def _ten_mb_of_positions() -> bytes:
    fix = {"vessel_id": "QNg-90123-TS", "ts": "2026-11-20T01:00:00Z", "lat": 10.5, "lon": 109.5}
    one = json.dumps(fix).encode()
    n = 10 * 1024 * 1024 // (len(one) + 1)
    return b'{"positions": [' + b",".join([one] * n) + b"]}"


@pytest.mark.parametrize("declare_length", [True, False])
def test_ten_megabytes_on_post_positions_are_refused_unread(
    app: FastAPI, declare_length: bool
) -> None:
    body = _ten_mb_of_positions()
    assert len(body) >= 10 * 1024 * 1024 - 200
    headers = {"X-API-Key": app.state.api_key}
    status, pulled = _asgi_post(app, "/api/positions", body, headers, declare_length=declare_length)
    assert status == 413
    limit = get_settings().api_max_positions_body_bytes
    if declare_length:
        assert pulled == 0  # refused on its Content-Length, before reading
    else:
        assert pulled <= limit + 65_536  # chunked: reading stopped at the limit
    assert pulled < len(body) // 2


def test_every_write_route_has_a_body_limit(app: FastAPI) -> None:
    s = get_settings()
    largest = max(s.api_max_positions_body_bytes, int(s.case_document_max_mb * 1024 * 1024))
    big = b'{"x": "' + b"a" * (largest + 70_000) + b'"}'
    spec = app.openapi()
    checked = 0
    for path, ops in spec["paths"].items():
        for method in ops:
            if method not in ("post", "put", "patch", "delete"):
                continue
            url = path.replace("{", "").replace("}", "")
            url = "/".join("1" if part.endswith("_id") else part for part in url.split("/"))
            client = TestClient(app, raise_server_exceptions=False)
            headers = {**_admin(), "content-type": "application/json"}
            response = client.request(method.upper(), url, content=big, headers=headers)
            assert response.status_code == 413, (method, path, response.status_code)
            checked += 1
    assert checked >= 15


def test_a_body_within_the_limit_still_goes_through(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post(
        "/api/persons",
        json={"full_name": "Nguyễn Văn A", "home_province": "Quảng Ngãi"},
        headers=_admin(),
    )
    assert response.status_code == 201, response.text[:300]


def test_a_case_document_may_be_larger_than_a_json_body(app: FastAPI) -> None:
    """Officers attach scans of several MB: their route has the document limit, not 1 MiB."""
    client = TestClient(app, raise_server_exceptions=False)
    scan = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    response = client.post(
        "/api/cases/1/documents",
        files={"file": ("scan.pdf", scan, "application/pdf")},
        headers=_admin(),
    )
    assert response.status_code != 413  # 404: there is no case 1 (the body was let through)
