"""AIS NMEA 0183 (``!AIVDM``/``!AIVDO``) to position reports and static updates, with pyais.

pyais parses sentences and decodes payloads; the loop around it is ours because a feed needs
to know what it *did not* use and why. pyais's own stream silently skips bad sentences, so
here every line ends up as a position, a static update, an ignored line (GPS sentences, AIS
types that carry no vessel position) or a :class:`~services.feeds.common.Reject` with a reason.

Time of a fix, best first: the tag block's receiver timestamp (``\\c:1671533231*..\\``), the
last GPS time seen in the same stream (``$--RMC``/``$--ZDA``: loggers interleave them), else
the ``clock`` (receive time: right for a live feed; for a file without times it is the decode
time, which keeps fixes in order but is not the original time). A live feed sets
``gps_time_max_age_s`` so that a GPS time which stopped coming is not reused for hours.

Multi-part messages are assembled like pyais does (same slot key, fragments strictly in
order), so decoded counts match pyais on the same input, but an incomplete or out-of-order
fragment is rejected instead of vanishing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from pyais.messages import AISSentence, NMEAMessage, NMEASentenceFactory, TagBlock
from pydantic import ValidationError

from services.feeds.common import FeedItem, Ignored, Reject
from services.vessels.directory import VesselDirectory
from services.vessels.model import StaticUpdate
from streams.records import PositionReport

__all__ = ["POSITION_TYPES", "STATIC_TYPES", "NmeaDecoder", "decode_nmea"]

POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})
STATIC_TYPES = frozenset({5, 24})

Clock = Callable[[], datetime]
_Slot = tuple[int, str, str, str, int]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class NmeaDecoder:
    """Stateful line decoder: keeps pending fragments and the stream's GPS clock.

    One instance per stream (file or TCP connection); :meth:`finish` rejects fragments left
    incomplete when the stream ends.
    """

    def __init__(
        self,
        directory: VesselDirectory | None = None,
        clock: Clock = _utcnow,
        max_pending: int = 1000,
        gps_time_max_age_s: float | None = None,
    ) -> None:
        self.directory = directory if directory is not None else VesselDirectory()
        self.clock = clock
        self.max_pending = max_pending
        self.gps_time_max_age_s = gps_time_max_age_s
        self._gps_seen_at = 0.0
        self._pending: dict[_Slot, list[tuple[int, str, AISSentence]]] = {}
        self._gps_time: datetime | None = None

    # -- public --------------------------------------------------------------------------

    def decode_line(self, line_no: int, raw: str | bytes) -> list[FeedItem]:
        """Everything one input line yields (usually zero or one item)."""
        text = raw.decode("ascii", "backslashreplace") if isinstance(raw, bytes) else raw
        line = text.strip()
        if not line or line.startswith("#"):
            return []
        tag_ts: datetime | None = None
        body = line
        if line.startswith("\\"):
            end = line.find("\\", 1)
            if end < 0:
                return [Reject(line_no, line, "malformed tag block: no closing backslash")]
            tag_ts = _tag_block_time(line[1:end])
            body = line[end + 1 :].strip()
        if body.startswith("$"):
            return [self._gps_sentence(line_no, body)]
        if not body.startswith("!"):
            return [Reject(line_no, line, "not an NMEA sentence")]
        kind = body[3:6].upper()
        if kind not in ("VDM", "VDO"):
            return [Ignored(line_no, f"NMEA {body[1:6]}")]
        return self._ais_sentence(line_no, line, body, tag_ts)

    def finish(self) -> list[FeedItem]:
        """Reject fragments still waiting for their other parts at the end of the stream."""
        out: list[FeedItem] = []
        for parts in self._pending.values():
            first_line, first_raw, _ = parts[0]
            out.append(Reject(first_line, first_raw, "incomplete multi-part message"))
        self._pending.clear()
        return out

    def _gps_clock(self) -> datetime | None:
        """The stream's GPS time, unless a live feed stopped sending it (then: receive time)."""
        if self._gps_time is None or self.gps_time_max_age_s is None:
            return self._gps_time
        if time.monotonic() - self._gps_seen_at > self.gps_time_max_age_s:
            return None
        return self._gps_time

    # -- sentences -----------------------------------------------------------------------

    def _gps_sentence(self, line_no: int, body: str) -> FeedItem:
        fields = body.split("*", 1)[0].split(",")
        kind = fields[0][3:6].upper()
        when = None
        if kind == "RMC":
            when = _rmc_time(fields)
        elif kind == "ZDA":
            when = _zda_time(fields)
        if when is not None:
            self._gps_time = when
            self._gps_seen_at = time.monotonic()
        return Ignored(line_no, f"NMEA {fields[0][1:6]}")

    def _ais_sentence(
        self, line_no: int, line: str, body: str, tag_ts: datetime | None
    ) -> list[FeedItem]:
        try:
            sentence = NMEASentenceFactory.produce(body.encode("ascii"))
        except Exception as exc:  # pyais raises several types for malformed input
            return [Reject(line_no, line, f"malformed sentence: {exc}"[:300])]
        if not isinstance(sentence, AISSentence):
            return [Ignored(line_no, f"NMEA {body[1:6]}")]
        if not sentence.is_valid:
            return [Reject(line_no, line, "bad checksum")]
        ts = tag_ts or self._gps_clock()
        if sentence.frag_cnt == 1:
            return [self._message(line_no, line, sentence, ts)]
        return self._fragment(line_no, line, sentence, ts)

    def _fragment(
        self, line_no: int, line: str, sentence: AISSentence, ts: datetime | None
    ) -> list[FeedItem]:
        seq = sentence.seq_id if sentence.seq_id is not None else -1
        slot: _Slot = (seq, sentence.channel, sentence.talker_id, sentence.type, sentence.frag_cnt)
        out: list[FeedItem] = []
        if sentence.frag_num == 1:
            stale = self._pending.pop(slot, None)
            if stale:
                out.append(Reject(stale[0][0], stale[0][1], "incomplete multi-part message"))
            if len(self._pending) >= self.max_pending:
                dropped = self._pending.pop(next(iter(self._pending)))
                out.append(Reject(dropped[0][0], dropped[0][1], "incomplete multi-part message"))
            self._pending[slot] = [(line_no, line, sentence)]
            return out
        parts = self._pending.get(slot)
        if parts is None:
            return [Reject(line_no, line, "fragment without its first part")]
        if sentence.frag_num != len(parts) + 1:
            return [Reject(line_no, line, "out-of-order fragment")]
        parts.append((line_no, line, sentence))
        if len(parts) < sentence.frag_cnt:
            return out
        del self._pending[slot]
        first_ts = _first_tag_time(parts) or ts
        whole = NMEAMessage.assemble_from_iterable([p[2] for p in parts])
        raw = "\n".join(p[1] for p in parts)
        out.append(self._message(parts[0][0], raw, whole, first_ts))
        return out

    def _message(
        self, line_no: int, raw: str, sentence: AISSentence, ts: datetime | None
    ) -> FeedItem:
        try:
            msg = sentence.decode()
        except Exception as exc:
            reason = type(exc).__name__
            if reason == "MissingPayloadException":
                return Reject(line_no, raw, "empty payload")
            if reason == "UnknownMessageException":
                return Reject(line_no, raw, f"unknown message type: {sentence.ais_id}")
            return Reject(line_no, raw, f"undecodable payload: {reason}")
        msg_type = int(msg.msg_type)
        when = ts or self.clock()
        if msg_type in POSITION_TYPES:
            return self._position(line_no, raw, msg, msg_type, when)
        if msg_type in STATIC_TYPES:
            return self._static(line_no, raw, msg, msg_type)
        return Ignored(line_no, f"AIS type {msg_type}")

    # -- payloads ------------------------------------------------------------------------

    def _position(self, line_no: int, raw: str, msg: Any, msg_type: int, ts: datetime) -> FeedItem:
        mmsi = int(msg.mmsi)
        if not 0 < mmsi <= 999_999_999:
            return Reject(line_no, raw, f"invalid MMSI: {mmsi}")
        lat, lon = float(msg.lat), float(msg.lon)
        if abs(lat - 91.0) < 1e-6 or abs(lon - 181.0) < 1e-6:
            return Reject(line_no, raw, "position not available: lat 91 / lon 181")
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            return Reject(line_no, raw, f"impossible coordinates: lat {lat}, lon {lon}")
        speed, course = _speed_kn(msg, msg_type), _course_deg(msg, msg_type)
        try:
            return PositionReport(
                vessel_id=self.directory.for_mmsi(mmsi),
                ts=ts,
                lat=lat,
                lon=lon,
                speed_kn=speed,
                course_deg=course,
                source="ais",
                mmsi=mmsi,
            )
        except ValidationError as exc:
            return Reject(line_no, raw, f"invalid position: {exc.errors()[0]['msg']}")

    def _static(self, line_no: int, raw: str, msg: Any, msg_type: int) -> FeedItem:
        mmsi = int(msg.mmsi)
        if not 0 < mmsi <= 999_999_999:
            return Reject(line_no, raw, f"invalid MMSI: {mmsi}")
        name = _clean_text(getattr(msg, "shipname", None))
        call_sign = _clean_text(getattr(msg, "callsign", None))
        ship_type_raw = getattr(msg, "ship_type", None)
        ship_type = int(ship_type_raw) if ship_type_raw else None
        if name is None and call_sign is None:
            return Ignored(line_no, f"AIS type {msg_type} without name or call sign")
        extra: dict[str, object] = {}
        imo = getattr(msg, "imo", None)
        if imo:
            extra["imo"] = int(imo)
        return StaticUpdate(
            mmsi=mmsi,
            vessel_id=self.directory.for_mmsi(mmsi),
            msg_type=msg_type,
            name=name,
            call_sign=call_sign,
            ship_type=ship_type,
            extra=extra,
        )


def decode_nmea(
    lines: Iterable[str | bytes],
    directory: VesselDirectory | None = None,
    clock: Clock = _utcnow,
) -> Iterator[FeedItem]:
    """Decode an NMEA stream line by line (line numbers start at 1)."""
    decoder = NmeaDecoder(directory, clock)
    for line_no, raw in enumerate(lines, start=1):
        yield from decoder.decode_line(line_no, raw)
    yield from decoder.finish()


# -- helpers ---------------------------------------------------------------------------------


def _speed_kn(msg: Any, msg_type: int) -> float | None:
    value = getattr(msg, "speed", None)
    if value is None:
        return None
    speed = float(value)
    if msg_type == 27:
        return None if speed >= 63 else speed
    return None if speed >= 102.25 or speed < 0 else speed


def _course_deg(msg: Any, msg_type: int) -> float | None:
    value = getattr(msg, "course", None)
    if value is None:
        return None
    course = float(value)
    return None if course >= 360.0 or course < 0 else course


def _clean_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.replace("@", " ").strip()
    return " ".join(text.split()) or None


def _tag_block_time(raw: str) -> datetime | None:
    """Receiver time (``c:``, Unix seconds or milliseconds) of a tag block with a good checksum."""
    block = TagBlock(raw.encode("ascii", "replace"))
    block.init()
    if not block.is_valid or not block.receiver_timestamp:
        return None
    try:
        value = float(block.receiver_timestamp)
    except ValueError:
        return None
    if value > 1e11:  # milliseconds
        value /= 1000.0
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _first_tag_time(parts: list[tuple[int, str, AISSentence]]) -> datetime | None:
    for _, raw, _sentence in parts:
        if raw.startswith("\\"):
            end = raw.find("\\", 1)
            found = _tag_block_time(raw[1:end]) if end > 0 else None
            if found is not None:
                return found
    return None


def _hms(text: str) -> tuple[int, int, int, int] | None:
    if len(text) < 6 or not text[:6].isdigit():
        return None
    micro = 0
    if "." in text:
        frac = text.split(".", 1)[1]
        micro = int((frac + "000000")[:6]) if frac.isdigit() else 0
    return int(text[0:2]), int(text[2:4]), int(text[4:6]), micro


def _rmc_time(fields: list[str]) -> datetime | None:
    # $GPRMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,...
    if len(fields) < 10 or fields[2] != "A" or len(fields[9]) != 6 or not fields[9].isdigit():
        return None
    hms = _hms(fields[1])
    if hms is None:
        return None
    day, month, year = int(fields[9][:2]), int(fields[9][2:4]), 2000 + int(fields[9][4:6])
    try:
        return datetime(year, month, day, *hms, tzinfo=UTC)
    except ValueError:
        return None


def _zda_time(fields: list[str]) -> datetime | None:
    # $GPZDA,hhmmss.ss,dd,mm,yyyy,zh,zm
    if len(fields) < 5 or not (fields[2].isdigit() and fields[3].isdigit() and fields[4].isdigit()):
        return None
    hms = _hms(fields[1])
    if hms is None:
        return None
    try:
        return datetime(int(fields[4]), int(fields[3]), int(fields[2]), *hms, tzinfo=UTC)
    except ValueError:
        return None
