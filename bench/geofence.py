"""Geofence throughput: batch fixes/s on 1,000,000 random fixes, and single-fix latency.

Run from the repository root: ``python bench/geofence.py [--n 1000000] [--single 2000]``.
Prints figures only (no asserts): the targets on a 2-core machine are >= 2,000,000 fixes/s in
batch and a single-fix p99 under 1 ms on the full-resolution zone set (issue 13).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import Risk, classify, classify_point, load_zones


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"load average before: {os.getloadavg()}")
    t0 = time.perf_counter()
    zones = load_zones()
    t1 = time.perf_counter()
    _ = zones.index
    t2 = time.perf_counter()
    vertices = int(shapely.get_num_coordinates(zones.geometries).sum())
    kinds = dict(zip(*np.unique(zones.kind.astype(str), return_counts=True), strict=True))
    print(
        f"zones: {len(zones.zones)} zones ({', '.join(f'{k} {v}' for k, v in kinds.items())}), "
        f"{vertices:,} vertices, {len(zones.index.seg_merc):,} frontier segments; "
        f"load {t1 - t0:.2f} s, index build {t2 - t1:.2f} s"
    )

    rng = np.random.default_rng(42)
    lon = rng.uniform(99.0, 125.0, args.n)
    lat = rng.uniform(0.0, 25.0, args.n)
    speed = rng.uniform(0.0, 15.0, args.n)
    course = rng.uniform(0.0, 360.0, args.n)
    classify(lon[:1000], lat[:1000], zones=zones)  # warm-up

    # Real fixes are at sea: the same figure over water only (land fixes are the cheap path).
    at_sea = classify(lon, lat, zones=zones).risk != Risk.INVALID
    sea = np.resize(np.flatnonzero(at_sea), args.n)
    runs: tuple[tuple[str, np.ndarray, np.ndarray, dict[str, np.ndarray]], ...] = (
        ("position only", lon, lat, {}),
        ("with speed+course", lon, lat, {"speed_kn": speed, "course_deg": course}),
        (
            "at sea only, speed+course",
            lon[sea],
            lat[sea],
            {"speed_kn": speed[sea], "course_deg": course[sea]},
        ),
    )
    for label, x, y, kwargs in runs:
        best = np.inf
        for _ in range(args.repeat):
            start = time.perf_counter()
            res = classify(x, y, zones=zones, **kwargs)  # type: ignore[arg-type]
            best = min(best, time.perf_counter() - start)
        counts = {
            Risk(k).name: int(v)
            for k, v in zip(*np.unique(res.risk, return_counts=True), strict=True)
        }
        print(
            f"batch {label}: {args.n / best:,.0f} fixes/s (best of {args.repeat}, "
            f"{best * 1000:.0f} ms for {args.n:,}); {counts}"
        )

    latencies = []
    for i in range(args.single):
        start = time.perf_counter()
        classify_point(float(lat[i]), float(lon[i]), float(speed[i]), float(course[i]), zones=zones)
        latencies.append(time.perf_counter() - start)
    ms = np.array(latencies) * 1000
    print(
        f"single fix ({args.single} calls): p50 {np.percentile(ms, 50):.3f} ms, "
        f"p99 {np.percentile(ms, 99):.3f} ms"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
