"""Fan-out: N projects over M channels, all due at once, against Slack's per-channel rate limit.

The fake Slack allows ``--rate`` messages per second per channel with a burst of ``--burst`` and
answers 429 + Retry-After beyond. The lower bound to post k messages in one channel is
(k - burst) / rate seconds; the run's bound is the busiest channel's. We time real
``mlscope tick`` processes (process start included) and count lost and duplicate posts.

    .venv/bin/python -m bench.fanout                      # 60x6 and 300x10, 1 and 3 processes
    .venv/bin/python -m bench.fanout --workloads 60x6 --processes 1 --backend sqlite
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter

from bot.standin.fake_slack import FakeSlack
from storage import migrate
from storage.db import Database
from tests.seeding import DUE, scheduled_projects
from tests.throwaway import throwaway_database


def lower_bound(projects: int, channels: int, rate: float, burst: int) -> float:
    busiest = -(-projects // channels)
    return max(0.0, (busiest - burst) / rate)


def run(projects: int, channels: int, rate: float, burst: int, processes: int, backend: str) -> dict[str, object]:
    with throwaway_database(backend, "mlscope_fanout") as url:
        return _run(url, projects, channels, rate, burst, processes, backend)


def _run(
    url: str, projects: int, channels: int, rate: float, burst: int, processes: int, backend: str
) -> dict[str, object]:
    migrate.upgrade(url)
    database = Database(url)
    fake = FakeSlack().start()
    try:
        for c in range(channels):
            fake.add_channel(f"C{c}", f"channel-{c}")
        scheduled_projects(database, projects, channels=channels)
        fake.rate_limit(per_second=rate, burst=burst)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": "bench",
            "SLACK_API_URL": fake.api_url,
            "DATABASE_URL": url,
        }
        started, launched = time.monotonic(), fake.clock()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "tick", "--now", DUE.isoformat(), "--budget", "300"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=600)
            if proc.returncode != 0:
                raise SystemExit(f"tick failed: {err}")
        elapsed = time.monotonic() - started
        posts = fake.calls_to("chat.postMessage")
        first_post = posts[0].at - launched if posts else float("nan")
        posted = Counter(m.metadata["event_payload"]["occurrence_id"] for m in fake.state.messages if m.metadata)
        rate_limited = len(posts) - len(fake.state.messages)
    finally:
        fake.stop()
        database.dispose()
    bound = lower_bound(projects, channels, rate, burst)
    return {
        "backend": backend,
        "projects": projects,
        "channels": channels,
        "processes": processes,
        "bound_s": round(bound, 2),
        "first_post_s": round(first_post, 2),
        "elapsed_s": round(elapsed, 2),
        "ratio": round(elapsed / bound, 2) if bound else None,
        "lost": projects - len(posted),
        "duplicates": sum(n - 1 for n in posted.values()),
        "answered_429": rate_limited,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--workloads",
        nargs="+",
        default=["60x6", "300x10"],
        help="projects x channels, all due at once (default: 60x6 300x10)",
    )
    parser.add_argument("--rate", type=float, default=1.0, help="messages per second per channel")
    parser.add_argument("--burst", type=int, default=3)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("Targets: elapsed ≤ 1.2× the lower bound (process start included), 0 lost, 0 duplicates.")
    print(
        "| backend | projects | channels | tick processes | lower bound (s) | first post (s) | elapsed (s) | ratio"
        " | lost | duplicates | 429s answered | target met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for workload in args.workloads:
        projects, channels = (int(n) for n in workload.split("x"))
        for backend in args.backend:
            for processes in args.processes:
                _row(run(projects, channels, args.rate, args.burst, processes, backend))


def _row(r: dict[str, object]) -> None:
    met = "yes" if float(r["ratio"] or 0) <= 1.2 and r["lost"] == 0 and r["duplicates"] == 0 else "no"
    keys = ["backend", "projects", "channels", "processes", "bound_s", "first_post_s", "elapsed_s", "ratio"]
    cells = [r[k] for k in keys + ["lost", "duplicates", "answered_429"]] + [met]
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
