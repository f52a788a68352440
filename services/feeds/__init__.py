"""Feed adapters: AIS NMEA and VMS exports decoded into :class:`~streams.records.PositionReport`.

Pure decoders (no broker, no database): the CLI (``seawatch feed``) wires them to Kafka.
"""

from services.feeds.common import FeedItem, FeedStats, Ignored, Reject, report_json
from services.feeds.errors import FeedError, FeedFormatError, FeedSpeedError
from services.feeds.nmea import POSITION_TYPES, STATIC_TYPES, NmeaDecoder, decode_nmea
from services.feeds.replay import (
    FORMATS,
    FeedFormat,
    Pacer,
    ReplaySink,
    decode_file,
    detect_format,
    parse_speed,
    replay,
)
from services.feeds.tcp import TcpFollower, parse_host_port, run_live
from services.feeds.vms import decode_vms_csv, decode_vms_json, parse_vms_time, vms_report

__all__ = [
    "FORMATS",
    "POSITION_TYPES",
    "STATIC_TYPES",
    "FeedError",
    "FeedFormat",
    "FeedFormatError",
    "FeedItem",
    "FeedSpeedError",
    "FeedStats",
    "Ignored",
    "NmeaDecoder",
    "Pacer",
    "Reject",
    "ReplaySink",
    "TcpFollower",
    "decode_file",
    "decode_nmea",
    "decode_vms_csv",
    "decode_vms_json",
    "detect_format",
    "parse_host_port",
    "parse_speed",
    "parse_vms_time",
    "replay",
    "report_json",
    "run_live",
    "vms_report",
]
