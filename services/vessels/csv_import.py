"""Parse a provincial vessel registry CSV into :class:`VesselRecord`s, with per-row errors.

Provinces keep their registries in spreadsheets; headers may be English (``registration_number``)
or Vietnamese without or with diacritics (``Số đăng ký``, ``so_dang_ky``). One bad row must not
block the import of the others, so parsing returns the good records *and* the errors, each
error with its line number and a Vietnamese reason for the officer who fixes the sheet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.vessels.errors import RegistryRowError
from services.vessels.model import VesselRecord, ascii_fold, normalise_registration

__all__ = ["REGISTRY_COLUMNS", "RegistryParse", "RowError", "parse_registry_csv", "parse_risk"]

REGISTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "vessel_id": ("registration_number", "registration", "vessel_id", "so_dang_ky", "so_dk"),
    "name": ("name", "vessel_name", "ten_tau"),
    "mmsi": ("mmsi",),
    "vms_device_id": ("vms_device_id", "device_id", "ma_thiet_bi", "ma_thiet_bi_vms"),
    "owner": ("owner", "chu_tau", "ho_ten_chu_tau"),
    "owner_phone": ("owner_phone", "phone", "dien_thoai", "so_dien_thoai"),
    "home_port": ("home_port", "port", "cang", "cang_ca", "cang_dang_ky"),
    "province": ("province", "tinh"),
    "length_m": ("length_m", "length", "chieu_dai", "chieu_dai_m"),
    "crew_count": ("crew_count", "crew", "so_thuyen_vien", "thuyen_vien"),
    "high_risk": ("risk_group", "high_risk", "nhom_nguy_co", "nguy_co"),
    "call_sign": ("call_sign", "callsign", "ho_hieu"),
    "captain": ("captain", "thuyen_truong", "ho_ten_thuyen_truong"),
    "captain_phone": ("captain_phone", "dien_thoai_thuyen_truong", "sdt_thuyen_truong"),
    "radio": ("radio", "may_thong_tin", "may_icom", "icom"),
}
_LOOKUP = {alias: key for key, aliases in REGISTRY_COLUMNS.items() for alias in aliases}
_HIGH = {"high", "high-risk", "high_risk", "cao", "nguy co cao", "yes", "y", "true", "1", "x", "co"}
_NORMAL = {"", "normal", "low", "thuong", "binh thuong", "thap", "no", "n", "false", "0", "khong"}
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


@dataclass(frozen=True, slots=True)
class RowError:
    """A registry row that was not imported: its line in the file and why (in Vietnamese)."""

    line_no: int
    vessel_id: str | None
    reason: str


@dataclass(slots=True)
class RegistryParse:
    records: list[VesselRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    line_of: dict[str, int] = field(default_factory=dict)  # vessel_id -> CSV line


def _key(name: str) -> str:
    return "_".join(ascii_fold(name).strip().lower().replace("(m)", "m").split())


def parse_risk(value: str) -> bool:
    """Risk group cell → ``high_risk``; ``RegistryRowError`` for values nobody agreed on."""
    folded = " ".join(ascii_fold(value).strip().lower().split())
    if folded in _HIGH:
        return True
    if folded in _NORMAL:
        return False
    raise RegistryRowError(f"nhóm nguy cơ không rõ: {value!r} (dùng 'cao' hoặc 'thường')")


def _text(value: str | None, limit: int, what: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise RegistryRowError(f"{what} dài quá {limit} ký tự")
    return text or None


def _row_record(cells: dict[str, str]) -> VesselRecord:
    raw_id = cells.get("vessel_id", "").strip()
    if not raw_id:
        raise RegistryRowError("thiếu số đăng ký")
    try:
        vessel_id = normalise_registration(raw_id)
    except ValueError:
        raise RegistryRowError(f"số đăng ký không hợp lệ: {raw_id!r}") from None
    mmsi = None
    mmsi_text = cells.get("mmsi", "").strip()
    if mmsi_text:
        if not (mmsi_text.isdigit() and len(mmsi_text) == 9):
            raise RegistryRowError(f"MMSI phải gồm 9 chữ số: {mmsi_text!r}")
        mmsi = int(mmsi_text)
    length_m = None
    length_text = cells.get("length_m", "").strip().replace(",", ".")
    if length_text:
        try:
            length_m = float(length_text)
        except ValueError:
            raise RegistryRowError(f"chiều dài không phải là số: {length_text!r}") from None
        if not 0 < length_m < 200:
            raise RegistryRowError(f"chiều dài không hợp lý: {length_m} m")
    crew = None
    crew_text = cells.get("crew_count", "").strip()
    if crew_text:
        if not crew_text.isdigit() or int(crew_text) > 500:
            raise RegistryRowError(f"số thuyền viên không hợp lệ: {crew_text!r}")
        crew = int(crew_text)
    phone = _phone(cells, "owner_phone")
    device = _text(cells.get("vms_device_id"), 64, "mã thiết bị VMS")
    return VesselRecord(
        vessel_id=vessel_id,
        name=_text(cells.get("name"), 200, "tên tàu"),
        mmsi=mmsi,
        vms_device_id=device,
        owner=_text(cells.get("owner"), 200, "tên chủ tàu"),
        owner_phone=phone,
        home_port=_text(cells.get("home_port"), 100, "cảng"),
        province=_text(cells.get("province"), 100, "tỉnh"),
        length_m=length_m,
        crew_count=crew,
        high_risk=parse_risk(cells.get("high_risk", "")),
        call_sign=_text(cells.get("call_sign"), 32, "hô hiệu"),
        registered=True,
        captain=_text(cells.get("captain"), 200, "tên thuyền trưởng"),
        captain_phone=_phone(cells, "captain_phone"),
        radio=_text(cells.get("radio"), 100, "máy thông tin"),
    )


def _phone(cells: dict[str, str], column: str) -> str | None:
    text = re.sub(r"[\s.()-]", "", cells.get(column, ""))
    if not text:
        return None
    if not _PHONE.match(text):
        raise RegistryRowError(f"số điện thoại không hợp lệ: {cells.get(column)!r}")
    return text


def parse_registry_csv(lines: Iterable[str]) -> RegistryParse:
    """Records and row errors of a registry CSV (comma or semicolon, header on line 1).

    Duplicates inside the file (registration number, MMSI, device id) are errors on the later
    row: which of two rows is right is for the officer to decide, not the importer.
    """
    result = RegistryParse()
    rows = list(lines)
    if not rows:
        result.errors.append(RowError(1, None, "tệp trống"))
        return result
    header_line = rows[0].lstrip("\ufeff")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader([header_line, *rows[1:]], delimiter=delimiter)
    header = [_LOOKUP.get(_key(h)) for h in next(reader)]
    if "vessel_id" not in header:
        result.errors.append(RowError(1, None, "thiếu cột số đăng ký (registration_number)"))
        return result
    seen: dict[tuple[str, str], int] = {}
    for values in reader:
        line_no = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            msg = f"cần {len(header)} cột, có {len(values)}"
            result.errors.append(RowError(line_no, None, msg))
            continue
        cells = {key: value for key, value in zip(header, values, strict=True) if key is not None}
        try:
            record = _row_record(cells)
            for kind, value in (
                ("số đăng ký", record.vessel_id.casefold()),
                ("MMSI", str(record.mmsi) if record.mmsi else ""),
                ("mã thiết bị VMS", (record.vms_device_id or "").casefold()),
            ):
                if value and (kind, value) in seen:
                    raise RegistryRowError(f"trùng {kind} với dòng {seen[(kind, value)]}")
        except RegistryRowError as exc:
            vessel_id = cells.get("vessel_id", "").strip() or None
            result.errors.append(RowError(line_no, vessel_id, exc.reason))
            continue
        seen[("số đăng ký", record.vessel_id.casefold())] = line_no
        if record.mmsi:
            seen[("MMSI", str(record.mmsi))] = line_no
        if record.vms_device_id:
            seen[("mã thiết bị VMS", record.vms_device_id.casefold())] = line_no
        result.records.append(record)
        result.line_of[record.vessel_id] = line_no
    return result
