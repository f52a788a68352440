"""Request body limits, enforced before a route reads (let alone parses) the body.

A pure ASGI middleware, so it sees the body as the server delivers it: a declared
``Content-Length`` over the route's limit is answered 413 at once, without reading; a body
sent without one (chunked) is counted as it arrives and refused as soon as it passes the limit.
Every method that carries a body is limited; ``POST /api/positions`` (up to 10,000 fixes) has
its own, larger limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["BodyLimit"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyLimit:
    """Refuse request bodies larger than ``default_bytes`` (or a per-path limit) with 413."""

    def __init__(
        self, app: ASGIApp, default_bytes: int, per_path: dict[tuple[str, str], int] | None = None
    ) -> None:
        """``per_path`` maps ``(method, path pattern)`` to a limit; a pattern is a regular
        expression matched against the whole path (``/api/cases/[0-9]+/documents``)."""
        self.app = app
        self.default_bytes = default_bytes
        self.per_path = [
            (method, re.compile(pattern), limit)
            for (method, pattern), limit in (per_path or {}).items()
        ]

    def limit_for(self, method: str, path: str) -> int:
        path = path.rstrip("/") or "/"
        for want, pattern, limit in self.per_path:
            if want == method and pattern.fullmatch(path):
                return limit
        return self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit)
            return
        seen = 0
        state = {"started": False, "refused": False}

        async def limited_receive() -> Message:
            nonlocal seen
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not state["started"]:
                    # answer now and tell the app the client went away: it stops reading,
                    # and whatever it answers to that is dropped (the 413 is already sent)
                    state["refused"] = True
                    await _too_large(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body larger than {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
