"""The token-signing secret: random per data directory in development, strong in production.

A fixed development secret let anyone who could reach the API mint an admin token (issue 15).
Now ``seawatch run`` keeps a random secret in ``<data_dir>/secret-key`` (mode 600, like the
admin password) and every process of that installation reads it; a process with neither a
configured secret nor that file signs with a random secret of its own (tokens then last as
long as the process). Production never invents one: ``SEAWATCH_SECRET_KEY`` must be set, and
is refused when it is short, a known placeholder, or has too little entropy (e.g. sixteen
identical letters).
"""

from __future__ import annotations

import math
import os
import secrets
from collections import Counter
from pathlib import Path

__all__ = ["MIN_ENTROPY_BITS", "SECRET_FILE", "ensure_secret_file", "read_secret_file", "weakness"]

SECRET_FILE = "secret-key"
MIN_ENTROPY_BITS = 64.0
MIN_LENGTH = 16
_PLACEHOLDERS = {"", "change-me", "changeme", "secret", "dev-secret-not-for-production"}
HOW_TO = "generate one with `openssl rand -hex 32`"


def entropy_bits(secret: str) -> float:
    """Estimated entropy: the length times the Shannon entropy of its character frequencies.

    An estimate from the string alone, so it cannot tell a memorable phrase from a random one,
    but it does catch what a careless operator types: repeats, short runs, a tiny alphabet.
    """
    if not secret:
        return 0.0
    n = len(secret)
    per_char = -sum(c / n * math.log2(c / n) for c in Counter(secret).values())
    return per_char * n


def weakness(secret: str) -> str | None:
    """Why ``secret`` is too weak to sign production tokens, or None when it will do."""
    if secret.strip().lower() in _PLACEHOLDERS:
        return "is a placeholder"
    if len(secret) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    bits = entropy_bits(secret)
    if bits < MIN_ENTROPY_BITS:
        return f"has too little entropy (about {bits:.0f} bits, at least {MIN_ENTROPY_BITS:.0f})"
    return None


def read_secret_file(data_dir: Path) -> str | None:
    """The installation's secret kept by ``seawatch run``, or None if there is none yet."""
    path = data_dir / SECRET_FILE
    try:
        value = path.read_text().strip()
    except FileNotFoundError:
        return None
    return value or None


def ensure_secret_file(data_dir: Path) -> str:
    """Return the data directory's secret, creating a random one (mode 600) if it is missing."""
    existing = read_secret_file(data_dir)
    if existing is not None:
        return existing
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    path = data_dir / SECRET_FILE
    # created with 600 from the start: no moment where another user could read it
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value + "\n")
    return value


def random_process_secret() -> str:
    """A secret for a process that has no configured one and no installation file."""
    return secrets.token_urlsafe(32)
