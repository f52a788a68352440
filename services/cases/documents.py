"""Files attached to a case: the family's request letter, a crew list, a foreign notice.

What an officer uploads is checked here, not trusted: the bytes must be what the name says (a
PDF starts with ``%PDF``, a photo with its image signature, a Word file is a zip or an OLE
file), within the size limit, and attached to a case that is still open. The same bytes
uploaded twice to one case are kept once (a double-click, a retried upload).
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath, PureWindowsPath

from services.cases.commands import AddDocument
from services.cases.errors import RuleViolation
from services.cases.handlers import _not_a_member
from services.cases.model import Document
from services.cases.ports import UnitOfWork
from services.cases.steps import ensure_open, load_case

__all__ = ["DEFAULT_MAX_BYTES", "TYPES", "add_document", "safe_filename"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# extension -> (content type, leading bytes the file must start with; empty: any text)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".txt": ("text/plain; charset=utf-8", ()),
}


def safe_filename(name: str) -> str:
    """The file's own name without any folder a browser or a client put in front of it."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    base = "".join(ch for ch in base if ch >= " " and ch not in '<>:"/\\|?*')
    return base[:200] or "tai-lieu"


def _content_type(filename: str, content: bytes) -> str:
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix not in TYPES:
        allowed = ", ".join(sorted(TYPES))
        raise RuleViolation(
            f"file type {suffix or '(none)'} is not accepted ({allowed})",
            f"Không nhận loại tệp {suffix or '(không có đuôi)'}; chỉ nhận: {allowed}.",
        )
    content_type, signatures = TYPES[suffix]
    if signatures and not content.startswith(signatures):
        raise RuleViolation(
            f"{filename} is not a {suffix} file", f"Tệp {filename} không đúng định dạng {suffix}."
        )
    if not signatures:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise RuleViolation(
                f"{filename} is not UTF-8 text", f"Tệp {filename} không phải văn bản UTF-8."
            ) from None
    return content_type


def add_document(
    uow: UnitOfWork, cmd: AddDocument, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Check and store one attached file in one transaction; the same bytes twice: the first."""
    filename = safe_filename(cmd.filename)
    if not cmd.content:
        raise RuleViolation("the file is empty", "Tệp rỗng.")
    if len(cmd.content) > max_bytes:
        raise RuleViolation(
            f"the file has {len(cmd.content)} bytes, more than {max_bytes}",
            f"Tệp quá lớn ({f'{len(cmd.content) / 1048576:.1f}'.replace('.', ',')} MB; tối đa "
            f"{max_bytes // 1048576} MB).",
        )
    content_type = _content_type(filename, cmd.content)
    digest = hashlib.sha256(cmd.content).hexdigest()
    with uow:
        case = load_case(uow, cmd.case_id)
        if cmd.member_id is not None and case.member(cmd.member_id) is None:
            raise _not_a_member(cmd.member_id, cmd.case_id)
        for known in case.documents:
            if known.sha256 == digest and known.member_id == cmd.member_id:
                return known
        ensure_open(case)
        draft = Document(
            id=0,
            case_id=case.id,
            member_id=cmd.member_id,
            kind=cmd.kind,
            filename=filename,
            content_type=content_type,
            size=len(cmd.content),
            sha256=digest,
            uploaded_at=uow.now(),
            uploaded_by=cmd.actor,
            note=cmd.note,
        )
        document = uow.cases.add_document(draft, cmd.content)
        uow.audit(
            cmd.actor,
            "case.add_document",
            "case",
            str(case.id),
            {
                "document_id": document.id,
                "kind": document.kind.value,
                "size": document.size,
                "sha256": digest,
                "member_id": cmd.member_id,
            },
        )
        uow.commit()
        return document
