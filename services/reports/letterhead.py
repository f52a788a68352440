"""Who files the report: the parent authority and the issuing agency, for the national header.

A Vietnamese administrative document opens with the issuing body on the left (its parent
authority above it) and the national name and motto on the right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM / Độc lập - Tự do - Hạnh phúc", then the place and date; on A4 paper with margins of
20-25 mm top and bottom, 30-35 mm left, 15-20 mm right (Nghị định 30/2020/NĐ-CP of 5 March 2020
"về công tác văn thư", Phụ lục I: thể thức và kỹ thuật trình bày văn bản hành chính).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NATIONAL_MOTTO", "NATIONAL_NAME", "Letterhead"]

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, slots=True)
class Letterhead:
    """Who files the report: the parent authority and the agency, over the national motto."""

    agency: str = "Sở Ngoại vụ"
    parent: str | None = None
    province: str | None = None

    @property
    def parent_line(self) -> str:
        if self.parent:
            return self.parent
        return f"UBND tỉnh {self.province}" if self.province else "Ủy ban nhân dân tỉnh"
