"""Files attached to a case: upload (the family's request letter, a crew list) and download.

Only consular roles download: a letter or an identity copy is personal data, so the others see
that a document exists (kind, date, size) but not its name or bytes.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Response, UploadFile, status

from infra.settings import get_settings
from infra.uow import SessionUnitOfWork
from services.api.deps import SessionDep
from services.api.params import DB_INT_MAX, RowId
from services.api.routes.cases import case_errors
from services.api.security import CaseReader, CaseWriter
from services.cases.commands import AddDocument
from services.cases.documents import add_document
from services.cases.model import DocumentKind
from services.cases.views import document_view

__all__ = ["router"]

router = APIRouter(prefix="/api/cases", tags=["cases"])


@router.post("/{case_id}/documents", status_code=status.HTTP_201_CREATED)
async def upload_document(
    case_id: RowId,
    user: CaseWriter,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="PDF, ảnh, Word hoặc văn bản")],
    kind: Annotated[DocumentKind, Form()] = DocumentKind.OTHER,
    member_id: Annotated[int | None, Form(ge=1, le=DB_INT_MAX)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> dict[str, Any]:
    """Attach a file to the case (the same file twice is kept once)."""
    limit = int(get_settings().case_document_max_mb * 1024 * 1024)
    content = await file.read(limit + 1)
    with case_errors():
        document = add_document(
            SessionUnitOfWork(session),
            AddDocument(
                actor=user.actor,
                case_id=case_id,
                filename=file.filename or "",
                kind=kind,
                content_type=file.content_type or "",
                content=content,
                member_id=member_id,
                note=note or None,
            ),
            max_bytes=limit,
        )
    return document_view(document, user.disclosure)


@router.get("/{case_id}/documents/{document_id}")
def download_document(
    case_id: RowId, document_id: RowId, user: CaseReader, session: SessionDep
) -> Response:
    """The file as uploaded (consular roles only)."""
    if not user.sees_personal_data:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "Chỉ cán bộ lãnh sự được tải tài liệu của hồ sơ."
        )
    found = SessionUnitOfWork(session).cases.document(case_id, document_id)
    if found is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"Hồ sơ #{case_id} không có tài liệu số {document_id}."
        )
    document, content = found
    disposition = f"attachment; filename*=UTF-8''{quote(document.filename)}"
    return Response(
        content,
        media_type=document.content_type,
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
