"""The API route and the CLI command, end to end over the story database."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
import typer
from docx import Document
from fastapi import FastAPI
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from infra.db.base import get_sessionmaker
from infra.settings import Settings, get_settings
from services.api.deps import get_db
from services.api.routes.reports import router
from services.api.security import Principal, get_principal
from services.cli.commands.report import app as report_cli
from tests.integration.reports.conftest import StoryDb
from tests.unit.reports.scenario import CORRECTED_AT, ISSUED_FIRST_AT, JULY_PARAGRAPH

with warnings.catch_warnings():  # starlette asks for httpx2, which the project does not use yet
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.integration

cli = typer.Typer()
cli.add_typer(report_cli, name="report")  # as services/cli/commands registers it


@pytest.fixture
def client(story_db: StoryDb) -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(router)

    def db() -> Iterator[Session]:
        session = get_sessionmaker(story_db.url)()
        try:
            yield session
        finally:
            session.close()

    app.dependency_overrides[get_db] = db
    app.dependency_overrides[get_settings] = lambda: Settings(province="Quảng Ngãi")
    app.dependency_overrides[get_principal] = lambda: Principal("fa", "foreign_affairs", "user")
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("principal", "code"),
    [
        (None, 401),
        (Principal("bg", "border_guard", "user"), 403),
        (Principal("feed", "admin", "api_key"), 403),
        (Principal("v", "viewer", "user"), 200),
        (Principal("a", "admin", "user"), 200),
    ],
)
def test_api_needs_a_report_reader(
    client: TestClient, principal: Principal | None, code: int
) -> None:
    overrides = client.app.dependency_overrides  # type: ignore[attr-defined]
    if principal is None:
        del overrides[get_principal]
    else:
        overrides[get_principal] = lambda: principal
    res = client.get("/api/reports/monthly", params={"month": "2021-07"})
    assert res.status_code == code, res.text


def test_api_json(client: TestClient) -> None:
    res = client.get("/api/reports/monthly", params={"month": "2021-07"})
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["period"] == {
        "key": "2021-07",
        "start": "2021-07-01",
        "end": "2021-07-31",
        "timezone": "Asia/Ho_Chi_Minh",
    }
    assert data["still_detained"] == {"total": 23, "by_country": {"ID": 13, "MY": 7, "CN": 3}}
    assert data["vms"]["percent"] == 97.4
    assert data["text"]["protection"] == JULY_PARAGRAPH


def test_api_as_of_reissues_the_first_version(client: TestClient) -> None:
    first = client.get(
        "/api/reports/monthly", params={"month": "2021-07", "as_of": ISSUED_FIRST_AT.isoformat()}
    ).json()
    later = client.get(
        "/api/reports/monthly", params={"month": "2021-07", "as_of": CORRECTED_AT.isoformat()}
    ).json()
    assert first["fishermen_detained"]["by_country"] == {"MY": 1}
    assert later["fishermen_detained"]["by_country"] == {}
    assert later["text"]["protection"] == JULY_PARAGRAPH


def test_api_markdown_and_docx(client: TestClient) -> None:
    md = client.get("/api/reports/monthly", params={"month": "2021-07", "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert JULY_PARAGRAPH in md.text
    doc = client.get("/api/reports/monthly", params={"month": "2021-07", "format": "docx"})
    assert doc.status_code == 200
    assert 'filename="bao-cao-bao-ho-ngu-dan-2021-07.docx"' in doc.headers["content-disposition"]
    assert JULY_PARAGRAPH in [p.text for p in Document(BytesIO(doc.content)).paragraphs]


def test_api_range(client: TestClient) -> None:
    res = client.get("/api/reports/monthly", params={"from": "2021-07-16", "to": "2021-07-31"})
    data = res.json()
    assert data["period"]["key"] == "2021-07-16..2021-07-31"
    assert data["fishermen_repatriated"]["by_country"] == {"CN": 9}
    assert data["text"]["protection"].count("Trong kỳ báo cáo, có 09 ngư dân") == 1


@pytest.mark.parametrize(
    "params",
    [{"month": "2021-13"}, {}, {"month": "2021-07", "from": "2021-07-01"}, {"from": "x"}],
)
def test_api_bad_period_is_422_with_reason(client: TestClient, params: dict[str, str]) -> None:
    res = client.get("/api/reports/monthly", params=params)
    assert res.status_code == 422
    assert res.json()["detail"]


def test_api_bad_format_is_422(client: TestClient) -> None:
    res = client.get("/api/reports/monthly", params={"month": "2021-07", "format": "pdf"})
    assert res.status_code == 422


def test_cli_writes_docx_and_json(story_db: StoryDb, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "bao-cao.docx"
    args = ["report", "monthly", "--month", "2021-07", "--database-url", story_db.url]
    res = runner.invoke(cli, [*args, "--format", "docx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert JULY_PARAGRAPH in [p.text for p in Document(str(out)).paragraphs]
    res = runner.invoke(cli, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["text"]["protection"] == JULY_PARAGRAPH


def test_cli_refuses_bad_input(story_db: StoryDb) -> None:
    runner = CliRunner()
    res = runner.invoke(
        cli, ["report", "monthly", "--month", "July", "--database-url", story_db.url]
    )
    assert res.exit_code == 2 and "month must look like 2021-07" in res.output
    res = runner.invoke(
        cli,
        ["report", "monthly", "--month", "2021-07", "-f", "docx", "--database-url", story_db.url],
    )
    assert res.exit_code == 2 and "--output" in res.output
