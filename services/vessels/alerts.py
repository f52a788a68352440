"""The "unknown vessel" notice: a boat on the feed that the provincial registry does not know.

Raised once per vessel (when its unregistered row is created), so a boat broadcasting every
few seconds does not flood the duty officer; the alert id does not depend on the fix, so a
replayed stream cannot raise it twice either.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.alerts.model import Alert
from services.vocabulary import VN_TZ, AlertKind, Severity, alert_id_for

__all__ = ["format_latlon_vi", "unknown_vessel_alert"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _num_vi(value: float, digits: int) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def format_latlon_vi(lat: float, lon: float) -> str:
    """``12,3456°B 109,8765°Đ`` — Vietnamese decimal comma and hemisphere letters."""
    ns = "B" if lat >= 0 else "N"
    ew = "Đ" if lon >= 0 else "T"
    return f"{_num_vi(abs(lat), 4)}°{ns} {_num_vi(abs(lon), 4)}°{ew}"


def unknown_vessel_alert(
    vessel_id: str,
    ts: datetime,
    lat: float | None = None,
    lon: float | None = None,
    mmsi: int | None = None,
    source: str | None = None,
    name: str | None = None,
    now: datetime | None = None,
) -> Alert:
    """Alert that ``vessel_id`` appeared on a feed without being in the registry."""
    who = f"MMSI {mmsi}" if mmsi is not None and vessel_id.startswith("MMSI-") else vessel_id
    parts = [f"Tàu chưa có trong sổ đăng ký xuất hiện {_source_vi(source)}: {who}"]
    if name:
        parts[0] += f" (tên trên AIS: {name})"
    local = ts.astimezone(VN_TZ)
    where = f" tại {format_latlon_vi(lat, lon)}" if lat is not None and lon is not None else ""
    parts.append(f"Lần đầu ghi nhận{where} lúc {local:%H:%M} ngày {local:%d/%m/%Y} (giờ Việt Nam).")
    parts.append("Cần xác minh chủ tàu và bổ sung vào sổ đăng ký.")
    details: dict[str, object] = {"registered": False}
    if mmsi is not None:
        details["mmsi"] = mmsi
    if source:
        details["source"] = source
    if name:
        details["ais_name"] = name
    return Alert(
        alert_id=alert_id_for(AlertKind.UNKNOWN_VESSEL.value, vessel_id, _EPOCH),
        kind=AlertKind.UNKNOWN_VESSEL,
        severity=Severity.INFO,
        vessel_id=vessel_id,
        ts=ts,
        created_at=now or datetime.now(UTC),
        lat=lat,
        lon=lon,
        message=". ".join(p.rstrip(".") for p in parts) + ".",
        details=details,
    )


def _source_vi(source: str | None) -> str:
    where = {"ais": "trên AIS", "vms": "trên VMS", "incident": "trong báo cáo vụ việc"}
    return where.get(source or "", "trên luồng dữ liệu vị trí")
