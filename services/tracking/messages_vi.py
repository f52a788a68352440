"""Vietnamese alert texts, concrete enough for a duty officer to act on without opening a map.

Example: "Tàu QNg-90123-TS cách ranh giới vùng biển Indonesia 3,2 hải lý, hướng 195°,
8 hải lý/giờ — dự kiến vượt ranh giới sau 24 phút."
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.vocabulary import VN_TZ, ZONE_KIND_VI

__all__ = [
    "LATE_NOTE",
    "ais_gap",
    "approaching",
    "approaching_area",
    "archipelago",
    "back_safe",
    "back_safe_area",
    "dark",
    "disputed",
    "encounter",
    "fmt_number_vi",
    "fmt_position_vi",
    "foreign_intrusion",
    "imminent",
    "imminent_area",
    "inside_foreign",
    "loitering",
    "loitering_where",
    "low_cadence",
    "overlap",
    "port_arrival",
    "port_departure",
    "signal_restored",
    "source_restored",
    "source_stalled",
    "swap_far",
    "swap_together",
]


_ZONE_KIND_VI = ZONE_KIND_VI  # one term per zone kind, shared with the report and the page


def fmt_number_vi(value: float, decimals: int = 1) -> str:
    """Vietnamese number: ``.`` groups thousands, ``,`` marks decimals (9.514; 3,2)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _motion(speed_kn: float | None, course_deg: float | None) -> str:
    parts = []
    if course_deg is not None:
        parts.append(f"hướng {round(course_deg) % 360:d}°")
    if speed_kn is not None:
        parts.append(f"{_trim(fmt_number_vi(speed_kn))} hải lý/giờ")
    return ", ".join(parts)


def _trim(text: str) -> str:
    return text[:-2] if text.endswith(",0") else text


def _country(name_vi: str | None) -> str:
    return f"vùng biển {name_vi}" if name_vi else "vùng biển nước ngoài"


def _local(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).astimezone(VN_TZ).strftime("%H:%M ngày %d/%m/%Y")


def fmt_position_vi(lat: float, lon: float) -> str:
    """A position in degrees and whole minutes, as border guards and VMS write it.

    >>> fmt_position_vi(7.2, 103.5), fmt_position_vi(16.9999, 112.25)
    ("07°12'N – 103°30'E", "17°00'N – 112°15'E")
    """

    def dm(value: float, width: int, pos: str, neg: str) -> str:
        minutes = int(abs(value) * 60 + 0.5)
        return f"{minutes // 60:0{width}d}°{minutes % 60:02d}'{pos if value >= 0 else neg}"

    return f"{dm(lat, 2, 'N', 'S')} – {dm(lon, 3, 'E', 'W')}"


_position = fmt_position_vi
_RISK_TEXT = "nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi"
_INDICATIVE = "ranh giới tham khảo"


def _area(kind: str | None, name: str | None) -> str:
    """How an alert names a risk zone: 'khu vực quần đảo Hoàng Sa', 'vùng chồng lấn ...'."""
    if kind == "overlap" and name:
        return name
    if name:
        return f"khu vực {name}"
    return "khu vực có nguy cơ"


def _risk_tail(kind: str | None, country_vi: str | None) -> str:
    """What the risk is, in the zone kind's own words."""
    if kind == "overlap":
        patrol = f"lực lượng {country_vi}" if country_vi else "lực lượng nước ngoài"
        return f"{patrol} tuần tra, nguy cơ bị bắt giữ"
    return _RISK_TEXT


def approaching_area(
    vessel: str,
    kind: str | None,
    name: str | None,
    country_vi: str | None,
    distance_nm: float,
    speed_kn: float | None,
    course_deg: float | None,
) -> str:
    """Approaching an archipelago, an overlap area or a disputed area (not a neighbour's line).

    >>> approaching_area("QNg-90617-TS", "archipelago", "quần đảo Hoàng Sa", "Việt Nam", 8.04,
    ...                  8.0, 80.0)
    'Tàu QNg-90617-TS cách khu vực quần đảo Hoàng Sa 8,0 hải lý, hướng 80°, 8 hải lý/giờ; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi (ranh giới tham khảo).'
    """
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return (
        f"Tàu {vessel} cách {_area(kind, name)} {fmt_number_vi(distance_nm)} hải lý{tail}; "
        f"{_risk_tail(kind, country_vi)} ({_INDICATIVE})."
    )


def imminent_area(
    vessel: str,
    kind: str | None,
    name: str | None,
    country_vi: str | None,
    distance_nm: float,
    speed_kn: float | None,
    course_deg: float | None,
    minutes: float,
) -> str:
    """A predicted entry into an archipelago, overlap or disputed area."""
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return (
        f"Tàu {vessel} cách {_area(kind, name)} {fmt_number_vi(distance_nm)} hải lý{tail}"
        f" — dự kiến vào khu vực sau {max(1, round(minutes))} phút; "
        f"{_risk_tail(kind, country_vi)} ({_INDICATIVE})."
    )


def archipelago(
    vessel: str,
    name: str | None,
    lat: float,
    lon: float,
    speed_kn: float | None,
    course_deg: float | None,
) -> str:
    """Inside quần đảo Hoàng Sa / Trường Sa: Vietnamese waters where foreign forces seize boats.

    >>> archipelago("QNg-96507-TS", "quần đảo Hoàng Sa", 16.2333, 112.25, None, None)
    "Tàu QNg-96507-TS đang ở khu vực quần đảo Hoàng Sa của Việt Nam, vị trí 16°14'N – 112°15'E; nguy cơ bị lực lượng nước ngoài bắt giữ, xua đuổi. Đề nghị liên lạc với tàu, nắm tình hình, sẵn sàng hỗ trợ."
    """
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    where = f"khu vực {name} của Việt Nam" if name else "khu vực quần đảo của Việt Nam"
    return (
        f"Tàu {vessel} đang ở {where}, vị trí {_position(lat, lon)}{tail}; {_RISK_TEXT}. "
        "Đề nghị liên lạc với tàu, nắm tình hình, sẵn sàng hỗ trợ."
    )


def overlap(
    vessel: str,
    name: str | None,
    country_vi: str | None,
    lat: float,
    lon: float,
    speed_kn: float | None,
    course_deg: float | None,
) -> str:
    """Inside an overlap area where a neighbour patrols and arrests Vietnamese boats.

    >>> overlap("BV-4419-TS", "vùng chồng lấn Việt Nam – Indonesia", "Indonesia", 6.775, 109.575,
    ...         None, None)
    "Tàu BV-4419-TS đã vào vùng chồng lấn Việt Nam – Indonesia (ranh giới tham khảo), vị trí 06°47'N – 109°35'E; lực lượng Indonesia tuần tra, nguy cơ bị bắt giữ. Yêu cầu liên lạc, hướng dẫn tàu rời khu vực."
    """
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return (
        f"Tàu {vessel} đã vào {_area('overlap', name)} ({_INDICATIVE}), vị trí "
        f"{_position(lat, lon)}{tail}; {_risk_tail('overlap', country_vi)}. "
        "Yêu cầu liên lạc, hướng dẫn tàu rời khu vực."
    )


def approaching(
    vessel: str,
    country_vi: str | None,
    distance_nm: float,
    speed_kn: float | None,
    course_deg: float | None,
) -> str:
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return f"Tàu {vessel} cách ranh giới {_country(country_vi)} {fmt_number_vi(distance_nm)} hải lý{tail}."


def imminent(
    vessel: str,
    country_vi: str | None,
    distance_nm: float,
    speed_kn: float | None,
    course_deg: float | None,
    minutes: float,
) -> str:
    base = approaching(vessel, country_vi, distance_nm, speed_kn, course_deg)[:-1]
    return f"{base} — dự kiến vượt ranh giới sau {max(1, round(minutes))} phút."


def inside_foreign(
    vessel: str,
    country_vi: str | None,
    zone_kind: str | None,
    lat: float,
    lon: float,
    speed_kn: float | None,
    course_deg: float | None,
    area: str | None = None,
) -> str:
    """Inside a neighbour's waters; ``area`` names a part two neighbours claim (the JDA...).

    >>> inside_foreign("KG-94136-TS", "Malaysia", "eez", 7.2, 102.9, None, None,
    ...                "vùng phát triển chung Malaysia – Thái Lan")
    "Tàu KG-94136-TS đã vào vùng phát triển chung Malaysia – Thái Lan (ranh giới tham khảo), vùng biển nước ngoài, vị trí 07°12'N – 102°54'E; lực lượng Malaysia tuần tra, nguy cơ bị bắt giữ. Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."
    """
    if area:
        motion = _motion(speed_kn, course_deg)
        tail = f", {motion}" if motion else ""
        return (
            f"Tàu {vessel} đã vào {area} ({_INDICATIVE}), vùng biển nước ngoài, vị trí "
            f"{_position(lat, lon)}{tail}; {_risk_tail('overlap', country_vi)}. "
            "Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."
        )
    kind = _ZONE_KIND_VI.get(zone_kind or "", "")
    where = f"{_country(country_vi)} ({kind})" if kind else _country(country_vi)
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return f"Tàu {vessel} đã vào {where}, vị trí {_position(lat, lon)}{tail}. Yêu cầu liên lạc, đưa tàu ra khỏi vùng biển nước ngoài ngay."


def disputed(
    vessel: str,
    lat: float,
    lon: float,
    speed_kn: float | None,
    course_deg: float | None,
    area: str | None = None,
) -> str:
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    where = f"khu vực {area}" if area else "khu vực vùng biển chồng lấn"
    return f"Tàu {vessel} đang ở {where}, vị trí {_position(lat, lon)}{tail}; {_RISK_TEXT}."


def back_safe_area(
    vessel: str, kind: str | None, name: str | None, distance_nm: float | None
) -> str:
    """Back out of an archipelago, overlap or disputed area's warning distance.

    >>> back_safe_area("QNg-90617-TS", "archipelago", "quần đảo Hoàng Sa", 13.04)
    'Tàu QNg-90617-TS đã ra xa khu vực quần đảo Hoàng Sa, cách 13,0 hải lý.'
    """
    if distance_nm is None:
        return f"Tàu {vessel} đã ra xa {_area(kind, name)}."
    return f"Tàu {vessel} đã ra xa {_area(kind, name)}, cách {fmt_number_vi(distance_nm)} hải lý."


def back_safe(vessel: str, country_vi: str | None, distance_nm: float | None) -> str:
    if distance_nm is None:
        return f"Tàu {vessel} đã trở lại vùng biển an toàn."
    return f"Tàu {vessel} đã trở lại vùng biển an toàn, cách ranh giới {_country(country_vi)} {fmt_number_vi(distance_nm)} hải lý."


LATE_NOTE = "(Phát hiện muộn: chỉ biết khi tàu có tín hiệu trở lại.)"


def ais_gap(vessel: str, hours: float, last_ts: float, lat: float, lon: float) -> str:
    """AIS-only or < 15 m boat: no VMS obligation, so a gap, not a lost connection."""
    return (f"Tàu {vessel} không phát AIS {_span(hours)}; lần cuối lúc {_local(last_ts)}, "
            f"vị trí {_position(lat, lon)}.")  # fmt: skip


def _span(hours: float) -> str:
    if hours >= 48 and hours % 24 == 0:
        return f"hơn {round(hours / 24)} ngày"
    return f"hơn {_trim(fmt_number_vi(hours))} giờ"


def low_cadence(vessel: str, day_start_s: float, fixes: int, at_sea_h: float) -> str:
    day = datetime.fromtimestamp(day_start_s, UTC).astimezone(VN_TZ).strftime("%d/%m/%Y")
    return (f"Tàu {vessel} chỉ truyền {fixes} vị trí trong ngày {day} "
            f"({_trim(fmt_number_vi(at_sea_h))} giờ trên biển), ít hơn quy định tối thiểu "
            "12 vị trí/ngày, 02 giờ/lần (Phụ lục VII Nghị định 37/2024/NĐ-CP). "
            "Đề nghị kiểm tra thiết bị giám sát hành trình.")  # fmt: skip


def source_stalled(source: str, silent_s: float, last_s: float) -> str:
    minutes = max(1, round(silent_s / 60))
    return (f"Nguồn dữ liệu gián đoạn: nguồn {source} không gửi vị trí nào trong {minutes} "
            f"phút (lần cuối lúc {_local(last_s)}). Tạm ngừng đánh giá mất kết nối của các tàu "
            "thuộc nguồn này cho đến khi nguồn hoạt động trở lại.")  # fmt: skip


def source_restored(source: str, outage_s: float) -> str:
    minutes = max(1, round(outage_s / 60))
    return (f"Nguồn dữ liệu {source} đã hoạt động trở lại sau {minutes} phút gián đoạn; "
            "thời gian gián đoạn không tính vào thời gian mất kết nối của tàu.")  # fmt: skip


def foreign_intrusion(
    vessel: str, flag_vi: str | None, zone_kind: str | None, lat: float, lon: float,
    speed_kn: float | None, course_deg: float | None, area: str | None = None,
) -> str:  # fmt: skip
    flag = f"mang cờ {flag_vi}" if flag_vi else "nước ngoài (chưa rõ quốc tịch)"
    if area:
        where = f"khu vực {area} của Việt Nam"
    else:
        where = f"{_ZONE_KIND_VI.get(zone_kind or '', 'vùng biển')} Việt Nam"
    motion = _motion(speed_kn, course_deg)
    tail = f", {motion}" if motion else ""
    return (f"Tàu cá {flag} {vessel} đã vào {where}, vị trí {_position(lat, lon)}{tail}. "
            "Đề nghị lực lượng Biên phòng theo dõi, xử lý theo quy định.")  # fmt: skip


def dark(vessel: str, hours: float, last_ts: float, lat: float, lon: float) -> str:
    if hours >= 240:
        span = "hơn 10 ngày"
        tail = " Quá thời hạn 10 ngày đưa tàu về cảng sửa chữa thiết bị giám sát hành trình (Nghị định 26/2019/NĐ-CP, sửa đổi bởi Nghị định 37/2024/NĐ-CP)."
    elif hours >= 24:
        span = f"hơn {round(hours)} giờ"
        tail = " Đề nghị liên hệ chủ tàu, xác minh vị trí."
    else:
        span = f"hơn {_trim(fmt_number_vi(hours))} giờ"
        tail = " Chủ tàu phải báo vị trí bằng phương tiện khác 6 giờ một lần (Nghị định 37/2024/NĐ-CP)."
    return f"Tàu {vessel} mất kết nối {span}; lần cuối lúc {_local(last_ts)}, vị trí {_position(lat, lon)}.{tail}"


def signal_restored(vessel: str, hours: float) -> str:
    return f"Tàu {vessel} đã có tín hiệu trở lại sau {fmt_number_vi(hours)} giờ mất tín hiệu."


# ---- behaviour events (services/events) ------------------------------------------------------
def port_departure(vessel: str, port: str | None, ts: float) -> str:
    return f"Tàu {vessel} rời cảng {port or 'không rõ tên'} lúc {_local(ts)} (bắt đầu chuyến biển)."


def port_arrival(vessel: str, port: str | None, ts: float) -> str:
    return (
        f"Tàu {vessel} cập cảng {port or 'không rõ tên'} lúc {_local(ts)} (kết thúc chuyến biển)."
    )


def encounter(
    vessel: str, other: str, foreign: bool, hours: float, distance_m: float, lat: float, lon: float,
    country_vi: str | None = None,
) -> str:  # fmt: skip
    who = (
        f"tàu nước ngoài {other}" + (f" ({country_vi})" if country_vi else "")
        if foreign
        else f"tàu {other}"
    )
    base = (f"Tàu {vessel} và {who} ở sát nhau (khoảng {round(distance_m)} m) suốt "
            f"{fmt_number_vi(hours)} giờ với tốc độ dưới 2 hải lý/giờ, vị trí {_position(lat, lon)}")  # fmt: skip
    if foreign:
        return f"{base}. Đề nghị Bộ đội Biên phòng kiểm tra."
    return f"{base}: có thể chuyển tải hải sản trên biển."


def loitering(vessel: str, hours: float, lat: float, lon: float, where: str) -> str:
    return (f"Tàu {vessel} di chuyển dưới 2 hải lý/giờ suốt {fmt_number_vi(hours)} giờ, cách bờ "
            f"trên 20 hải lý, {where}, vị trí {_position(lat, lon)}.")  # fmt: skip


def loitering_where(
    risk: str | None, country_vi: str | None, zone_name: str | None, distance_nm: float | None,
    nearest_vi: str | None,
) -> str:  # fmt: skip
    if risk == "INSIDE_FOREIGN":
        return f"trong {_country(country_vi)}"
    if risk == "DISPUTED":
        return f"tại khu vực {zone_name}" if zone_name else "tại khu vực có tranh chấp chủ quyền"
    if risk == "ARCHIPELAGO":  # Hoàng Sa, Trường Sa: Viet Nam's, foreign forces seize boats
        return f"tại khu vực {zone_name or 'quần đảo'} của Việt Nam"
    if risk == "OVERLAP":
        return f"trong {zone_name}" if zone_name else "trong vùng chồng lấn"
    if distance_nm is not None:
        return f"cách ranh giới {_country(nearest_vi)} {fmt_number_vi(distance_nm)} hải lý"
    return "gần ranh giới vùng biển nước ngoài"


def swap_together(vessel: str, other: str, hours: float, travel_nm: float) -> str:
    return (f"Nghi hoán đổi thiết bị giám sát hành trình: {vessel} và {other} di chuyển cùng nhau "
            f"suốt {fmt_number_vi(hours)} giờ (khoảng {fmt_number_vi(travel_nm)} hải lý) như "
            "trên một tàu. Đề nghị kiểm tra tàu đang mang thiết bị.")  # fmt: skip


def swap_far(vessel: str, apart_nm: float, source: str, in_port: str | None) -> str:
    if in_port:
        return (f"Tàu {vessel} đang ở cảng {in_port} (theo {source}) nhưng thiết bị giám sát "
                f"hành trình của tàu báo vị trí trên biển cách {fmt_number_vi(apart_nm)} hải lý: "
                "nghi thiết bị được mang trên tàu khác.")  # fmt: skip
    return (f"Thiết bị giám sát hành trình của tàu {vessel} báo vị trí cách nơi tàu được ghi nhận "
            f"(theo {source}) {fmt_number_vi(apart_nm)} hải lý cùng lúc: nghi thiết bị được mang "
            "trên tàu khác.")  # fmt: skip
