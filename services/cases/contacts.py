"""Families and whom to call: for each man, at the step he is at, the people to ring.

The desk's work at each step is mostly calls: the family first (they hear rumours from the
harbour before any note arrives), then the offices that act next. This is the checklist an
officer reads off the case view; the family's name and phone come from the man's record, the
offices are named by role (their numbers are kept by the department, not guessed here).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.cases.model import Case, Member, Person
from services.cases.timeline import current_status
from services.vocabulary import Status, country_name_vi

__all__ = ["Call", "call_list"]


@dataclass(frozen=True)
class Call:
    """One call to make: whom, what for, and the number when Seawatch knows it."""

    who: str
    why: str
    phone: str | None = None


def _family(person: Person, why: str) -> Call:
    who = person.family_contact or "Gia đình ngư dân"
    return Call(who, why, person.family_phone)


def _commune(person: Person) -> str:
    return f"UBND xã {person.home_commune}" if person.home_commune else "UBND xã nơi cư trú"


def call_list(case: Case, member: Member) -> list[Call]:
    """The calls due for ``member`` at his current status in ``case`` (empty when nothing is).

    >>> from datetime import UTC, date, datetime
    >>> from services.cases.model import CaseKind, StatusEvent
    >>> p = Person(1, "Trần Văn Bảy", family_contact="Nguyễn Thị Tám (vợ)",
    ...            family_phone="0905123456", home_commune="An Vĩnh")
    >>> e = StatusEvent(1, 1, Status.RELEASED, date(2021, 6, 9), datetime.now(UTC), "lan")
    >>> c = Case(1, CaseKind.DETENTION, "ID", date(2021, 6, 1), "officer", datetime.now(UTC), "lan")
    >>> [call.who for call in call_list(c, Member(1, 1, p, (e,)))]
    ['Nguyễn Thị Tám (vợ)', 'Đại sứ quán Việt Nam tại Indonesia', 'Bộ đội Biên phòng tỉnh']
    """
    person = member.person
    status = current_status(member.events)
    country = country_name_vi(case.country) or case.country
    embassy = f"Đại sứ quán Việt Nam tại {country}"
    consular = "Cục Lãnh sự – Bộ Ngoại giao"
    if status is None:
        return [_family(person, "Xác minh ngư dân có trên tàu, lấy thông tin nhân thân")]
    if status is Status.DETAINED:
        return [
            _family(person, "Báo tin ngư dân bị bắt giữ; hướng dẫn gửi đơn đề nghị hỗ trợ"),
            Call(consular, "Đề nghị xác minh, thăm lãnh sự và bảo hộ công dân"),
            Call(embassy, "Xác minh nơi giam giữ, tình trạng sức khỏe"),
            Call(_commune(person), "Phối hợp thăm hỏi gia đình"),
        ]
    if status in {Status.CONSULAR_ACCESS, Status.IDENTITY_VERIFIED}:
        return [
            _family(person, "Báo kết quả thăm lãnh sự / xác minh nhân thân, sức khỏe"),
            Call(embassy, "Theo dõi thủ tục tố tụng, đề nghị thả sớm"),
        ]
    if status in {Status.SENTENCED, Status.FINED}:
        return [
            _family(person, "Báo bản án / mức phạt; hướng dẫn thủ tục nộp phạt nếu có"),
            Call(embassy, "Đề nghị giảm án, ân xá hoặc trao trả sớm"),
        ]
    if status is Status.RELEASED:
        return [
            _family(person, "Báo tin được trả tự do, dự kiến ngày về"),
            Call(embassy, "Làm giấy tờ về nước, vé hoặc tàu đón"),
            Call("Bộ đội Biên phòng tỉnh", "Đón nhận tại cửa khẩu, bàn giao về địa phương"),
        ]
    if status is Status.MISSING:
        return [
            _family(person, "Thông tin tìm kiếm, hỗ trợ gia đình"),
            Call("Trung tâm Phối hợp tìm kiếm cứu nạn hàng hải", "Tìm kiếm người mất tích"),
            Call(embassy, "Đề nghị nước sở tại phối hợp tìm kiếm"),
        ]
    if status is Status.DECEASED:
        return [
            _family(person, "Chia buồn; thủ tục đưa thi hài hoặc tro cốt về nước"),
            Call(embassy, "Thủ tục đưa thi hài, giấy chứng tử"),
            Call(_commune(person), "Hỗ trợ gia đình"),
        ]
    if status is Status.REPATRIATED:
        return [
            _family(person, "Xác nhận đã về đến nhà"),
            Call(_commune(person), "Tiếp nhận, giáo dục, hỗ trợ ổn định cuộc sống"),
        ]
    return []
