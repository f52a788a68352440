"""``seawatch feed``: replay a recorded AIS/VMS file or follow a live NMEA TCP feed into Kafka.

Thin adapter: decoding and pacing live in :mod:`services.feeds`, registry effects in
:mod:`services.vessels`; here they are wired to the Kafka publisher, the database and the
terminal. ``--dry-run`` publishes nothing and prints one JSON object per line on stdout.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from infra.settings import Settings, get_settings
from services.alerts.model import Alert
from services.feeds import (
    FORMATS,
    FeedError,
    FeedStats,
    NmeaDecoder,
    Pacer,
    Reject,
    TcpFollower,
    decode_file,
    detect_format,
    parse_host_port,
    parse_speed,
    replay,
    report_json,
    run_live,
)
from services.vessels import StaticUpdate, VesselDirectory
from streams.records import PositionReport

__all__ = ["app"]

app = typer.Typer(help="Position feeds: replay AIS/VMS files, follow a live NMEA TCP feed.")

NO_BROKER = (
    "Chưa có broker Kafka: đặt SEAWATCH_KAFKA_BOOTSTRAP=host:port, hoặc chạy `seawatch run` "
    "(hoặc dùng --dry-run để chỉ in kết quả giải mã)."
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _registry_url(settings: Settings) -> str | None:
    """The database to resolve and register vessels in, if one is configured or exists."""
    if settings.database_url:
        return settings.sqlalchemy_url
    default = settings.data_dir / "seawatch.sqlite"
    return settings.sqlalchemy_url if default.exists() else None


def _load_directory(url: str | None) -> VesselDirectory:
    if url is None:
        return VesselDirectory()
    try:
        from infra.db.base import session_scope
        from infra.repositories.vessel_queries import load_directory

        with session_scope(url) as session:
            return load_directory(session)
    except Exception as exc:  # an unmigrated or unreachable database must not stop a feed
        _err(f"Cảnh báo: không đọc được sổ đăng ký tàu ({type(exc).__name__}); dùng MMSI.")
        return VesselDirectory()


class DryRunSink:
    """Prints positions and static updates as JSON lines; rejects go to stderr on request."""

    def __init__(self, out: TextIO, show_rejects: bool) -> None:
        self.out = out
        self.show_rejects = show_rejects

    def positions(self, reports: list[PositionReport]) -> None:
        for report in reports:
            self.out.write(json.dumps(report_json(report), ensure_ascii=False) + "\n")

    def static(self, update: StaticUpdate) -> None:
        self.out.write(json.dumps(update.as_json(), ensure_ascii=False) + "\n")

    def reject(self, reject: Reject) -> None:
        if self.show_rejects:
            _err(f"dòng {reject.line_no}: {reject.reason}: {reject.raw[:120]}")


class KafkaSink:
    """Publishes fixes, dead letters and "unknown vessel" alerts; keeps the registry in step."""

    def __init__(
        self,
        settings: Settings,
        source: str,
        registry_url: str | None,
        directory: VesselDirectory,
        show_rejects: bool,
        replay_clock: bool = False,
    ) -> None:
        from infra.kafka import KafkaPublisher, ensure_topics

        ensure_topics(settings)
        self.publisher = KafkaPublisher(settings)
        self.source = source
        self.show_rejects = show_rejects
        self.records = 0
        self.alerts = 0
        self.replay_clock = replay_clock
        self._newest: dict[str, float] = {}  # newest fix sent, per source
        self._ticked: dict[str, float] = {}  # last clock tick sent, per source
        self._ticked_at: dict[str, float] = {}  # and when (monotonic wall seconds)
        self.sync = None
        if registry_url is not None:
            from infra.repositories.vessels import registry_scope
            from services.vessels.sync import RegistrySync

            def scope() -> AbstractContextManager[Any]:
                return registry_scope(registry_url)

            self.sync = RegistrySync(scope, directory)

    def _alerts(self, alerts: list[Alert]) -> None:
        for alert in alerts:
            self.publisher.publish("alerts", alert, key=alert.vessel_id)
        self.alerts += len(alerts)

    def _registry(self, call: Any, *args: Any) -> None:
        if self.sync is None:
            return
        try:
            self._alerts(call(*args))
        except Exception as exc:  # the registry is a side effect: the fixes still go out
            _err(f"Cảnh báo: không cập nhật được sổ đăng ký ({type(exc).__name__}: {exc})")
            self.sync = None

    def positions(self, reports: list[PositionReport]) -> None:
        if self.replay_clock and reports:
            # the replay's own clock: every fix before this batch's first is already sent
            for source in sorted({r.source for r in reports}):
                first = min(r.ts.timestamp() for r in reports if r.source == source)
                self._tick(source, first, end=False)
        self.records += self.publisher.publish_positions(reports)
        for r in reports:
            newest = self._newest.get(r.source)
            if newest is None or r.ts.timestamp() > newest:
                self._newest[r.source] = r.ts.timestamp()
        if self.sync is not None:
            self._registry(self.sync.positions, reports)

    def _tick(self, source: str, ts: float, end: bool) -> None:
        from services.tracking.clock import ClockTick, tick_record

        ts = max(ts, self._ticked.get(source, ts))  # a replay's clock never runs backwards
        wall = time.monotonic()
        if not end and wall - self._ticked_at.get(source, -1e9) < 0.5:
            return  # one tick per source each half second is enough: the clock only lags a little
        self._ticked[source], self._ticked_at[source] = ts, wall
        self.records += self.publisher.publish_clock(tick_record(ClockTick(source, ts, end)))

    def feed_time(self, feed_s: float) -> None:
        """A paced replay's time while it waits: every source it carries has reached it."""
        if self.replay_clock:
            for source in self._newest:
                self._tick(source, feed_s, end=False)

    def end_of_replay(self) -> None:
        """The replay is over: its clock moves to its newest fix, settling every deadline passed."""
        for source, newest in self._newest.items():
            self._tick(source, newest, end=True)

    def static(self, update: StaticUpdate) -> None:
        if self.sync is not None:
            self._registry(self.sync.statics, [update])

    def reject(self, reject: Reject) -> None:
        self.publisher.publish("deadletter", reject.dead_letter(self.source))
        if self.show_rejects:
            _err(f"dòng {reject.line_no}: {reject.reason}: {reject.raw[:120]}")

    def close(self) -> None:
        self.publisher.close()


def _summary(stats: FeedStats, elapsed_s: float, sink: object) -> None:
    rate = stats.positions / elapsed_s if elapsed_s > 0 else 0.0
    _err(
        f"Vị trí: {stats.positions} · tĩnh (tên/hô hiệu): {stats.statics} · "
        f"bị loại: {stats.rejected} · bỏ qua: {sum(stats.ignored.values())} · "
        f"{elapsed_s:.1f} s ({rate:,.0f} vị trí/s)"
    )
    for reason, count in stats.rejects.most_common():
        _err(f"  loại  {count:>6}  {reason}")
    if isinstance(sink, KafkaSink):
        _err(f"Đã gửi {sink.records} bản ghi Kafka; {sink.alerts} cảnh báo tàu lạ.")


@app.command("replay")
def replay_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Input format: {', '.join(FORMATS)} (else guessed)."),
    ] = None,
    speed: Annotated[
        str, typer.Option(help="Pace by the original times: 60x, 1x, or max (no pacing).")
    ] = "max",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Publish nothing; print one JSON object per line.")
    ] = False,
    use_registry: Annotated[
        bool,
        typer.Option("--registry/--no-registry", help="Resolve ids with and update the registry."),
    ] = True,
    show_rejects: Annotated[bool, typer.Option(help="Print each rejected line on stderr.")] = False,
) -> None:
    """Replay an AIS NMEA or VMS (JSON lines, CSV) file into Kafka."""
    settings = get_settings()
    try:
        feed_format = fmt if fmt is not None else detect_format(file)
        if feed_format not in FORMATS:
            raise FeedError(f"định dạng không hỗ trợ: {feed_format!r} ({', '.join(FORMATS)})")
        pacer = Pacer(parse_speed(speed))
    except FeedError as exc:
        _err(f"Lỗi: {exc}")
        raise typer.Exit(2) from None
    directory, sink = _open_sink(settings, f"feed:{feed_format}:{file.name}", dry_run,
                                 use_registry, show_rejects, replay_clock=True)  # fmt: skip
    started = time.monotonic()
    try:
        with file.open("rb") as handle, _progress(file, enabled=not dry_run) as advance:
            items = decode_file(handle, feed_format, directory, advance)
            stats = replay(items, sink, pacer if pacer.speed else None, 1 if dry_run else 500)
        if isinstance(sink, KafkaSink):
            sink.end_of_replay()
    finally:
        if isinstance(sink, KafkaSink):
            sink.close()
    _summary(stats, time.monotonic() - started, sink)


def _open_sink(
    settings: Any,
    source: str,
    dry_run: bool,
    use_registry: bool,
    show_rejects: bool,
    replay_clock: bool = False,
) -> tuple[Any, DryRunSink | KafkaSink]:
    """The vessel directory and where decoded fixes go: stdout (dry run) or Kafka."""
    if not dry_run and not settings.kafka_bootstrap:
        _err(NO_BROKER)
        raise typer.Exit(1)
    registry_url = _registry_url(settings) if use_registry else None
    directory = _load_directory(registry_url)
    if dry_run:
        return directory, DryRunSink(sys.stdout, show_rejects)
    return directory, KafkaSink(
        settings, source, registry_url, directory, show_rejects, replay_clock
    )


def _progress(file: Path, enabled: bool) -> AbstractContextManager[Any]:
    if not enabled:
        return nullcontext(None)
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    @contextmanager
    def bar() -> Any:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        ) as progress:
            task = progress.add_task(file.name, total=file.stat().st_size)
            yield lambda n: progress.advance(task, n)

    return bar()


@app.command("tcp")
def tcp_cmd(
    address: Annotated[str, typer.Argument(metavar="HOST:PORT", help="NMEA TCP server.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Publish nothing; print JSON lines.")
    ] = False,
    use_registry: Annotated[bool, typer.Option("--registry/--no-registry")] = True,
    idle_timeout_s: Annotated[
        float, typer.Option("--idle-timeout", help="Seconds of silence before reconnecting.")
    ] = 120.0,
    show_rejects: Annotated[bool, typer.Option(help="Print each rejected line on stderr.")] = False,
) -> None:
    """Follow a live AIS NMEA feed over TCP, reconnecting when it drops."""
    settings = get_settings()
    try:
        host, port = parse_host_port(address)
    except ValueError as exc:
        _err(f"Lỗi: {exc}")
        raise typer.Exit(2) from None
    directory, sink = _open_sink(settings, f"feed:tcp:{host}:{port}", dry_run,
                                 use_registry, show_rejects)  # fmt: skip
    follower = TcpFollower(host, port, idle_timeout_s=idle_timeout_s, on_status=_err)
    signal.signal(signal.SIGTERM, lambda *_: follower.stop())
    stats = FeedStats()
    started = time.monotonic()
    try:
        decoder = NmeaDecoder(directory, gps_time_max_age_s=5.0)
        run_live(follower.lines(), decoder, sink, stats=stats)
    except KeyboardInterrupt:
        follower.stop()
    finally:
        if isinstance(sink, KafkaSink):
            sink.close()
        _summary(stats, time.monotonic() - started, sink)
