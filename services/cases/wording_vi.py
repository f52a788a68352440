"""What officers read about cases, in Vietnamese: kinds, statuses and the rules' refusals.

The domain raises its errors with an English ``reason`` (logs, dead letters, tests) and a
Vietnamese ``reason_vi`` built here (what the API answers and the page shows). Keeping every
sentence in one module lets a reviewer read the desk's whole vocabulary at once.
"""

from __future__ import annotations

from datetime import date

from services.vocabulary import CaseKind, Status

__all__ = ["KIND_VI", "STATUS_VI", "day_vi", "status_vi"]

KIND_VI = {
    CaseKind.DETENTION: "bắt giữ tàu và thuyền viên",
    CaseKind.BOAT_SEIZED: "bắt giữ tàu cá",
    CaseKind.ROBBERY: "cướp tài sản của ngư dân",
    CaseKind.OBSTRUCTION: "cản trở ngư dân hoạt động trên biển",
    CaseKind.DISTRESS: "tàu gặp nạn, cần cứu hộ",
    CaseKind.COLLISION: "va chạm trên biển",
    CaseKind.DEATH_MISSING: "ngư dân tử vong hoặc mất tích",
}

STATUS_VI = {
    Status.DETAINED: "bị bắt giữ",
    Status.CONSULAR_ACCESS: "được tiếp xúc lãnh sự",
    Status.IDENTITY_VERIFIED: "đã xác minh nhân thân",
    Status.SENTENCED: "bị tuyên án",
    Status.FINED: "bị phạt tiền",
    Status.RELEASED: "được trả tự do",
    Status.REPATRIATED: "đã về nước",
    Status.RETURNED: "đã về nhà an toàn",
    Status.DECEASED: "tử vong",
    Status.MISSING: "mất tích",
}


def status_vi(status: Status | None) -> str:
    """A status as officers say it, in quotes (“bị bắt giữ”); “chưa có” before any event."""
    return f"“{STATUS_VI[status]}”" if status is not None else "“chưa có”"


def day_vi(day: date) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates."""
    return f"{day:%d/%m/%Y}"
