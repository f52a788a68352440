"""Authentication, the role matrix, personal-data redaction and the audit log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.users import ApiKeyRow, AuditRow, UserRow
from services.api.security import COOKIE_NAME
from services.auth.passwords import verify_password
from tests.factories import incident_report, national_id
from tests.integration.cases.conftest import Api

ROLES = ["viewer", "border_guard", "foreign_affairs", "admin"]
EVERYONE = {"viewer", "border_guard", "foreign_affairs", "admin"}
CONSULAR = {"foreign_affairs", "admin"}
ADMIN = {"admin"}
REPO = Path(__file__).resolve().parents[3]


def _login(api: Api, username: str, password: str, path: str = "/api/auth/token") -> Any:
    return api.client.post(path, data={"username": username, "password": password})


def test_password_flow_issues_a_working_token(api: Api) -> None:
    response = _login(api, "foreign_affairs", api.passwords["foreign_affairs"])
    assert response.status_code == 200 and response.json()["token_type"] == "bearer"
    token = response.json()["access_token"]
    me = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {
        "username": "foreign_affairs",
        "role": "foreign_affairs",
        "sees_personal_data": True,
    }


def test_wrong_password_unknown_user_and_bad_token_are_401(api: Api) -> None:
    assert _login(api, "admin", "not-the-password").status_code == 401
    assert _login(api, "nobody", "whatever-password").status_code == 401
    bad = api.client.get("/api/auth/me", headers={"Authorization": "Bearer abc.def.ghi"})
    assert bad.status_code == 401
    assert api.client.get("/api/auth/me").status_code == 401


def test_session_cookie_for_the_page(api: Api) -> None:
    response = _login(api, "viewer", api.passwords["viewer"], "/api/auth/login")
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert COOKIE_NAME in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "access_token" not in response.json()
    assert api.client.get("/api/auth/me").json()["username"] == "viewer"
    api.client.post("/api/auth/logout")
    assert api.client.get("/api/auth/me").status_code == 401


def test_disabled_account_loses_access_at_once(api: Api) -> None:
    headers = api.auth("viewer")
    assert api.client.get("/api/cases", headers=headers).status_code == 200
    off = api.client.patch("/api/users/viewer", json={"active": False}, headers=api.auth("admin"))
    assert off.status_code == 200
    assert api.client.get("/api/cases", headers=headers).status_code == 401
    assert _login(api, "viewer", api.passwords["viewer"]).status_code == 401


def test_api_keys_are_hashed_and_revocable(api: Api, session: Session) -> None:
    created = api.client.post(
        "/api/api-keys", json={"name": "vms-gateway"}, headers=api.auth("admin")
    ).json()
    key = created["key"]
    stored = session.scalars(select(ApiKeyRow.key_hash)).all()
    assert key not in stored and all(len(h) == 64 for h in stored)
    report = incident_report(persons=[]).model_dump(mode="json")
    ok = api.client.post("/api/incidents", json=report, headers={"X-API-Key": key})
    assert ok.status_code == 200, ok.text
    api.client.delete("/api/api-keys/vms-gateway", headers=api.auth("admin"))
    again = api.client.post("/api/incidents", json=report, headers={"X-API-Key": key})
    assert again.status_code == 401


def test_only_consular_roles_see_id_and_phone_numbers(api: Api) -> None:
    nid = national_id()
    person = api.client.post(
        "/api/persons",
        headers=api.auth("foreign_affairs"),
        json={"full_name": "Huỳnh Văn Em", "national_id": nid, "family_phone": "0914000111"},
    ).json()
    for role in ROLES:
        body = api.client.get(f"/api/persons/{person['id']}", headers=api.auth(role)).json()
        shown = body["person"]["national_id"], body["person"]["family_phone"]
        if role in CONSULAR:
            assert shown == (nid, "0914000111"), role
        else:
            assert shown == (None, None) and body["person"]["redacted"] is True, role
    search = api.client.get("/api/persons", params={"q": nid}, headers=api.auth("border_guard"))
    assert search.status_code == 403


def test_user_admin_writes_are_audited_and_passwords_hashed(api: Api, session: Session) -> None:
    created = api.client.post(
        "/api/users",
        headers=api.auth("admin"),
        json={"username": "lan.nguyen", "password": "mật-khẩu-đủ-dài-1", "role": "foreign_affairs"},
    )
    assert created.status_code == 201
    short = api.client.post(
        "/api/users",
        headers=api.auth("admin"),
        json={"username": "x", "password": "short", "role": "viewer"},
    )
    assert short.status_code == 422 and "at least" in short.json()["detail"]
    role = api.client.post(
        "/api/users",
        headers=api.auth("admin"),
        json={"username": "y", "password": "long-enough-password", "role": "captain"},
    )
    assert role.status_code == 422
    row = session.scalar(select(UserRow).where(UserRow.username == "lan.nguyen"))
    assert row is not None and "mật-khẩu" not in row.password_hash
    assert row.password_hash.startswith("$argon2id$")
    assert verify_password(row.password_hash, "mật-khẩu-đủ-dài-1")
    audit = api.client.get("/api/audit", headers=api.auth("admin")).json()
    assert any(
        a["action"] == "user.create" and a["entity_id"] == "lan.nguyen" and a["actor"] == "admin"
        for a in audit
    )
    assert all("mật-khẩu" not in str(a["changes"]) for a in audit)
    assert session.scalar(select(AuditRow).where(AuditRow.action == "api_key.create"))


def test_last_admin_cannot_be_demoted(api: Api) -> None:
    response = api.client.patch(
        "/api/users/admin", json={"role": "viewer"}, headers=api.auth("admin")
    )
    assert response.status_code == 422 and "last active admin" in response.json()["detail"]


def test_create_admin_cli_reads_the_password_from_stdin(db_url: str) -> None:
    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from services.cli.main import main; main()", "users", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
            check=False,
        )

    ok = run("create-admin", "--username", "root", "--password-stdin", stdin="một mật khẩu dài\n")
    assert ok.returncode == 0, ok.stderr
    weak = run("create-admin", "--username", "root2", "--password-stdin", stdin="123\n")
    assert weak.returncode == 2 and "at least" in weak.stderr
    dup = run("create-admin", "--username", "root", "--password-stdin", stdin="một mật khẩu dài\n")
    assert dup.returncode == 2 and "already exists" in dup.stderr
    listed = run("list")
    assert "root\tadmin\tactive" in listed.stdout and "root2" not in listed.stdout


# --- the role matrix --------------------------------------------------------------------------


def _endpoints(api: Api) -> list[tuple[str, str, dict[str, Any] | None, set[str]]]:
    """(method, path, json body, roles allowed); "apikey" marks machine-feed endpoints."""
    fa = api.auth("foreign_affairs")
    case = api.client.post(
        "/api/cases",
        headers=fa,
        json={"kind": "detention", "country": "ID", "occurred_on": "2021-06-01"},
    ).json()
    member = api.client.post(
        f"/api/cases/{case['id']}/members",
        headers=fa,
        json={"person": {"full_name": "Mai Văn Phúc", "national_id": national_id()}},
    ).json()
    person_id = member["person"]["id"]
    report = incident_report(report_id="matrix-1", persons=[])
    api.client.post("/api/incidents", headers=fa, json=report.model_dump(mode="json"))
    c, m = case["id"], member["id"]
    return [
        ("GET", "/api/auth/me", None, EVERYONE),
        ("GET", "/api/users", None, ADMIN),
        (
            "POST",
            "/api/users",
            {"username": "new.user", "password": "long-enough-pass", "role": "viewer"},
            ADMIN,
        ),
        ("PATCH", "/api/users/viewer", {"full_name": "Người xem"}, ADMIN),
        ("GET", "/api/api-keys", None, ADMIN),
        ("POST", "/api/api-keys", {"name": "matrix-key"}, ADMIN),
        ("DELETE", "/api/api-keys/no-such-key", None, ADMIN),
        ("GET", "/api/audit", None, ADMIN),
        ("GET", "/api/cases", None, EVERYONE),
        (
            "POST",
            "/api/cases",
            {"kind": "robbery", "country": "CN", "occurred_on": "2021-06-02"},
            CONSULAR,
        ),
        ("GET", "/api/cases/summary?month=2021-07", None, EVERYONE),
        ("GET", f"/api/cases/{c}", None, EVERYONE),
        ("POST", f"/api/cases/{c}/members", {"person_id": person_id}, CONSULAR),
        (
            "POST",
            f"/api/cases/{c}/members/{m}/events",
            {"status": "DETAINED", "occurred_on": "2021-06-01"},
            CONSULAR,
        ),
        ("POST", f"/api/cases/{c}/notes", {"text": "Gia đình đề nghị hỗ trợ"}, CONSULAR),
        ("POST", f"/api/cases/{c}/close", None, CONSULAR),
        ("POST", f"/api/cases/{c}/review", None, CONSULAR),
        ("GET", "/api/persons", None, EVERYONE),
        ("POST", "/api/persons", {"full_name": "Tô Văn Giang"}, CONSULAR),
        ("GET", f"/api/persons/{person_id}", None, EVERYONE),
        ("POST", f"/api/persons/{person_id}/confirm", {"home_commune": "Tịnh Kỳ"}, CONSULAR),
        (
            "POST",
            "/api/incidents",
            report.model_dump(mode="json"),
            {"border_guard", "foreign_affairs", "admin", "apikey"},
        ),
        ("GET", "/api/incidents/matrix-1", None, EVERYONE),
    ]


@pytest.mark.parametrize("who", [None, "apikey", *ROLES])
def test_role_matrix(api: Api, who: str | None) -> None:
    """Each role x each endpoint: allowed (neither 401 nor 403), 403, or 401 without creds."""
    wrong = []
    for method, path, body, allowed in _endpoints(api):
        response = api.client.request(method, path, json=body, headers=api.auth(who))
        if who is None:
            expected_ok = response.status_code == 401
        elif who in allowed:
            expected_ok = response.status_code not in (401, 403) and response.status_code < 500
        else:
            expected_ok = response.status_code == 403
        if not expected_ok:
            wrong.append(f"{who} {method} {path} -> {response.status_code} {response.text[:80]}")
    assert wrong == []
