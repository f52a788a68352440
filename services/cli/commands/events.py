"""``seawatch events detect FILE``: the behaviour detectors over a recorded VMS/AIS file.

For an analyst looking into the past month or a detention: the same pure implementation the
live worker runs (:mod:`services.events`), offline, writing JSON lines or GeoJSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Behaviour events: port visits, trips, gaps, encounters, device swaps.")


@app.command("detect")
def detect_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="VMS/AIS file.")],
    fmt: Annotated[str, typer.Option("--format", help="Output: jsonl or geojson.")] = "jsonl",
    kinds: Annotated[
        str, typer.Option(help="Comma-separated: port, gap, encounter, swap, loitering.")
    ] = "port,gap,encounter,swap,loitering",
    input_format: Annotated[
        str | None, typer.Option("--input-format", help="nmea, vms-json or vms-csv.")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Default: stdout.")] = None,
) -> None:
    """Detect events in FILE and write them, one per line (jsonl) or as a FeatureCollection."""
    from infra.settings import get_settings
    from services.events import KINDS, EventParams, detect
    from services.events.portset import ports_in_force
    from services.events.reading import summary, tracks_from_items
    from services.feeds import FORMATS, FeedError, FeedStats, decode_file, detect_format

    if fmt not in ("jsonl", "geojson"):
        typer.echo(f"error: --format must be jsonl or geojson, not {fmt!r}", err=True)
        raise typer.Exit(2)
    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    unknown = sorted(set(chosen) - set(KINDS))
    if unknown or not chosen:
        typer.echo(f"error: unknown kinds {', '.join(unknown) or '(none)'}; "
                   f"use {', '.join(KINDS)}", err=True)  # fmt: skip
        raise typer.Exit(2)
    if input_format is not None and input_format not in FORMATS:
        typer.echo(f"error: --input-format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    params = EventParams.from_settings(get_settings())
    t0 = time.perf_counter()
    stats = FeedStats()
    try:
        in_fmt = input_format or detect_format(file)
        with file.open("rb") as handle:
            tracks = tracks_from_items(decode_file(handle, in_fmt), stats)
    except FeedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    zones = None
    if "loitering" in chosen:
        from services.zones import active_zones

        zones = active_zones()
    events = detect(tracks, ports_in_force(params), params, chosen, zones).events()
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for e in events:
                out.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")
        else:
            json.dump({"type": "FeatureCollection", "features": [e.to_feature() for e in events]},
                      out, ensure_ascii=False)  # fmt: skip
            out.write("\n")
    finally:
        if output:
            out.close()
    typer.echo(json.dumps({
        "file": str(file), "fixes": len(tracks), "vessels": len(tracks.starts),
        "rejected": stats.rejected, "events": summary(events),
        "seconds": round(time.perf_counter() - t0, 2),
    }, ensure_ascii=False), err=True)  # fmt: skip
