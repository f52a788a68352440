"""Users and API keys in the database; every change leaves an audit row in the same transaction.

Callers own the transaction (the API's request session, the CLI's ``session_scope``).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from infra.db.users import ApiKeyRow, AuditRow, UserRow
from infra.uow import record_audit
from services.auth.errors import InvalidCredentials, InvalidUserData
from services.auth.passwords import hash_password, needs_rehash, verify_password
from services.auth.roles import Role
from services.auth.tokens import hash_api_key, new_api_key

__all__ = ["FEED_ROLE", "SqlUserStore"]

FEED_ROLE = "feed"  # API keys act as machine feeds, never as a person's role


@cache
def _dummy_hash() -> str:
    """Verified against for unknown usernames, so timing does not tell which names exist."""
    return hash_password(secrets.token_urlsafe(16))


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidUserData(
            f"unknown role {value!r}; one of {', '.join(r.value for r in Role)}"
        ) from None


class SqlUserStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, username: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.username == username))

    def all_users(self) -> list[UserRow]:
        return list(self.session.scalars(select(UserRow).order_by(UserRow.username)))

    def count_admins(self) -> int:
        return len(
            list(
                self.session.scalars(
                    select(UserRow.id).where(
                        UserRow.role == Role.ADMIN.value, UserRow.active.is_(True)
                    )
                )
            )
        )

    def create(
        self, username: str, password: str, role: str, actor: str, full_name: str | None = None
    ) -> UserRow:
        username = username.strip()
        if (
            not username
            or len(username) > 64
            or not username.replace(".", "").replace("_", "").replace("-", "").isalnum()
        ):
            raise InvalidUserData("username: 1-64 letters, digits, '.', '_' or '-'")
        if self.get(username) is not None:
            raise InvalidUserData(f"user {username!r} already exists")
        row = UserRow(
            username=username,
            full_name=full_name,
            role=_role(role).value,
            password_hash=hash_password(password),
            active=True,
            created_at=datetime.now(UTC),
        )
        self.session.add(row)
        self.session.flush()
        record_audit(
            self.session,
            actor,
            "user.create",
            "user",
            username,
            {"role": row.role, "full_name": full_name},
        )
        return row

    def update(
        self,
        username: str,
        actor: str,
        *,
        role: str | None = None,
        active: bool | None = None,
        password: str | None = None,
        full_name: str | None = None,
    ) -> UserRow:
        row = self.get(username)
        if row is None:
            raise InvalidUserData(f"user {username!r} does not exist")
        changes: dict[str, object] = {}
        was_admin = row.role == Role.ADMIN.value and row.active
        if role is not None and role != row.role:
            changes["role"] = [row.role, _role(role).value]
            row.role = role
        if active is not None and active != row.active:
            changes["active"] = [row.active, active]
            row.active = active
        if full_name is not None and full_name != row.full_name:
            changes["full_name"] = [row.full_name, full_name]
            row.full_name = full_name
        if password is not None:
            row.password_hash = hash_password(password)
            changes["password"] = "(changed)"
        if changes:
            self.session.flush()
            if was_admin and self.count_admins() == 0:
                raise InvalidUserData("the last active admin cannot be demoted or disabled")
            record_audit(self.session, actor, "user.update", "user", username, changes)
        return row

    def authenticate(self, username: str, password: str) -> UserRow:
        """The active user with this password; one vague error for every failure."""
        row = self.get(username)
        if row is None:
            verify_password(_dummy_hash(), password)
            raise InvalidCredentials("incorrect username or password")
        if not row.active or not verify_password(row.password_hash, password):
            raise InvalidCredentials("incorrect username or password")
        if needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        return row

    def create_api_key(self, name: str, actor: str) -> tuple[ApiKeyRow, str]:
        """A new key for a machine feed; the plain key is returned once and never stored."""
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidUserData("API key name: 1-100 characters")
        if self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name)) is not None:
            raise InvalidUserData(f"an API key named {name!r} already exists")
        key, prefix = new_api_key()
        row = ApiKeyRow(
            name=name,
            prefix=prefix,
            key_hash=hash_api_key(key),
            role=FEED_ROLE,
            created_at=datetime.now(UTC),
            created_by=actor,
        )
        self.session.add(row)
        self.session.flush()
        record_audit(self.session, actor, "api_key.create", "api_key", name, {"prefix": prefix})
        return row, key

    def api_key(self, key: str) -> ApiKeyRow:
        row = self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_api_key(key)))
        if row is None or row.revoked_at is not None:
            raise InvalidCredentials("unknown or revoked API key")
        return row

    def api_keys(self) -> list[ApiKeyRow]:
        return list(self.session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.name)))

    def revoke_api_key(self, name: str, actor: str) -> ApiKeyRow:
        row = self.session.scalar(select(ApiKeyRow).where(ApiKeyRow.name == name))
        if row is None:
            raise InvalidUserData(f"no API key named {name!r}")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
            self.session.flush()
            record_audit(self.session, actor, "api_key.revoke", "api_key", name, {})
        return row

    def audit_log(
        self,
        *,
        actor: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
        limit: int = 200,
    ) -> list[AuditRow]:
        query = select(AuditRow)
        if actor:
            query = query.where(AuditRow.actor == actor)
        if entity:
            query = query.where(AuditRow.entity == entity)
        if entity_id:
            query = query.where(AuditRow.entity_id == entity_id)
        return list(self.session.scalars(query.order_by(AuditRow.id.desc()).limit(limit)))
