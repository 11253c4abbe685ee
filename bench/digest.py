"""Digest scaling: build a digest (ranking, changes, attention list, chart PNG) for N projects.

Each size is seeded in one process and measured in a fresh one, so that peak memory is the digest's. Reported: seconds to build
(database reads + Block Kit + chart), the share of that spent on the chart, and peak memory
(the process's max RSS, and the Python heap peak of a second, traced build: tracemalloc).

    .venv/bin/python -m bench.digest --sizes 100 1000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from domain.metrics import Baseline, BaselineKind, Metric, MetricRole
from domain.model import FeasibilityDriver, ImpactDriver, Problem, Rated, Scope, Stage
from domain.ports import Change
from domain.project import Project
from storage import migrate
from storage.db import Database

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def seed(database: Database, size: int) -> None:
    with database.uow() as uow:
        for i in range(size):
            scope = Scope(
                archetype=["software_2_0", "human_in_the_loop", "autonomous"][i % 3],
                impact={d: Rated(rating=1 + (i + k) % 5) for k, d in enumerate(ImpactDriver)},
                feasibility={d: Rated(rating=1 + (i * 7 + k) % 5) for k, d in enumerate(FeasibilityDriver)},
                metrics=[Metric(role=MetricRole.OPTIMIZING, name="f1", target=0.9)] if i % 4 else [],
                baselines=[Baseline(kind=BaselineKind.RULE_BASED, description="rules", value=0.5)] if i % 5 else [],
            )
            project = Project(
                team_id="T1",
                problem=Problem(
                    name=f"Project {i}", ref=f"p{i}", owner_id=f"U{i % 40}", creator_id="U1", channel_id="C1"
                ),
                scope=scope,
                stage=list(Stage)[i % 4],
                stage_entered_at=NOW - timedelta(days=i % 120),
                created_at=NOW - timedelta(days=200),
                updated_at=NOW,
            )
            stored = uow.projects.add(project)
            if i % 10 == 0:
                uow.history.add(
                    Change(
                        "T1",
                        "U1",
                        "stage_moved",
                        NOW - timedelta(days=1),
                        stored.id,
                        {"from_stage": "data", "to_stage": "planning", "loop_back": True, "reason": "labels"},
                    )
                )
        uow.commit()


def measure(size: int, url: str) -> dict[str, float]:
    from bot.features.digests.blocks import digest_message
    from bot.features.digests.chart import portfolio_chart
    from bot.features.digests.post import channel_digest

    database = Database(url)
    portfolio_chart(channel_digest(database.uow(), "T1", "C1", scope="", now=NOW))  # warm imports and caches
    started = time.perf_counter()
    digest = channel_digest(database.uow(), "T1", "C1", scope="", now=NOW)
    message = digest_message(digest)
    chart_started = time.perf_counter()
    png = portfolio_chart(digest)
    done = time.perf_counter()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # before tracemalloc's own bookkeeping
    tracemalloc.start()  # a second, traced build: tracing slows Python, so it is not timed
    portfolio_chart(channel_digest(database.uow(), "T1", "C1", scope="", now=NOW))
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(message["blocks"]) <= 50 and png.startswith(b"\x89PNG")
    return {
        "size": size,
        "seconds": round(done - started, 3),
        "chart_seconds": round(done - chart_started, 3),
        "heap_peak_mb": round(heap_peak / 2**20, 1),
        "max_rss_mb": round(max_rss / 1024, 1),
        "blocks": len(message["blocks"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        migrate.upgrade(args.url)
        seed(Database(args.url), args.seed)
        return
    if args.one:
        print(json.dumps(measure(args.one, args.url)))
        return
    print("Targets: 1,000 projects under 1 s, 10,000 under 10 s; the message within Slack's 50 blocks.")
    print(
        "| projects | build (s) | of which chart (s) | Python heap peak (MB) | process max RSS (MB) | blocks | target met |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        url = f"sqlite:///{tempfile.mkdtemp()}/digest.db"
        for step in ("--seed", "--one"):  # seeding in a process of its own: its memory is not the digest's
            out = subprocess.run(
                [sys.executable, "-m", "bench.digest", step, str(size), "--url", url],
                capture_output=True,
                text=True,
                check=True,
            )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        limit = r["size"] / 1000 if r["size"] >= 1000 else None  # 1 s per 1,000 projects
        met = "—" if limit is None else ("yes" if r["seconds"] < limit and r["blocks"] <= 50 else "no")
        cells = [r["size"], r["seconds"], r["chart_seconds"], r["heap_peak_mb"], r["max_rss_mb"], r["blocks"], met]
        print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
