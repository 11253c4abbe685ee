"""Readings API: latency at a steady 200 readings/s, the most one replica takes, and the same
request one at a time beside the slash-command floor; SQLite and PostgreSQL.

MLScope runs behind its own server stack (waitress, 8 threads, as ``mlscope serve``) with
``--projects`` projects in its database and the fake Slack in a process of its own. The load comes
from another process (a pipeline is not on the bot's machine; in-process it would compete for the
GIL). Every reading is a new one (a fresh run id, a project picked in turn), recorded through the
domain's use case, and the card refresh it starts runs after the answer, as in production.

- **steady**: an open loop at ``--rate`` readings/s over ``--connections`` keep-alive connections
  for ``--seconds``; each request's latency runs from when it was *due*, so a server falling
  behind shows as latency rather than as fewer requests (no coordinated omission).
- **most**: as fast as ``--connections`` clients can go, each waiting for its answer.
- **one at a time**: one keep-alive client, beside ``/mlproject metric`` (the same use case from
  Slack) and a bare Bolt app acking inline (the floor of HTTP + signature + dispatch).

    .venv/bin/python -m bench.readings_api --backend sqlite postgresql --rate 200 50
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import threading
import time
import uuid
from datetime import UTC, datetime

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bench.ack_latency import bare_app, fake_slack_elsewhere, measure, pct, seed, serve, stop
from bot.app import build_app
from bot.background import Background
from bot.settings import Settings
from bot.slack.server import http_server
from domain import api_token_use_cases, reading_use_cases
from storage import migrate
from storage.db import Database
from tests.throwaway import throwaway_database

SECRET = "bench-secret"
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
TARGET_P99_MS = 25.0
TARGET_RATE = 200.0


def _send(conn: http.client.HTTPConnection, token: str, project: str) -> int:
    body = json.dumps({"project": project, "value": 0.5, "run_id": uuid.uuid4().hex}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    conn.request("POST", "/api/v1/readings", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _worker(
    port: int, token: str, projects: int, due: list[float], out: list[tuple[float, int]], w: int, of: int
) -> None:
    """Worker ``w`` of ``of``: its own connection, its own projects in turn (no two workers on one at once)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i, at in enumerate(due):
        if at:
            time.sleep(max(0.0, at - time.perf_counter()))
        started = at or time.perf_counter()
        status = _send(conn, token, f"p{(i * of + w) % projects}")
        out.append(((time.perf_counter() - started) * 1000, status))
    conn.close()


def load(port: int, token: str, projects: int, rate: float, seconds: float, connections: int, queue) -> None:  # type: ignore[no-untyped-def]
    """In its own process: an open loop at ``rate`` (0: as fast as possible); puts (samples, statuses, elapsed)."""
    count = int(rate * seconds) if rate else 10**9
    start = time.perf_counter() + 0.2
    results: list[list[tuple[float, int]]] = [[] for _ in range(connections)]
    threads = []
    for w in range(connections):
        # "most": more than one connection can send, stopped at the deadline below
        due = [start + i / rate for i in range(w, count, connections)] if rate else [0.0] * int(seconds * 2000)
        threads.append(threading.Thread(target=_worker, args=(port, token, projects, due, results[w], w, connections), daemon=True))
    for t in threads:
        t.start()
    if rate:
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    else:
        time.sleep(seconds + 0.2)
        elapsed = time.perf_counter() - start
    flat = [s for r in results for s in list(r)]
    queue.put(([ms for ms, _ in flat], sorted({status for _, status in flat}), elapsed))


def in_another_process(*args) -> tuple[list[float], list[int], float]:  # type: ignore[no-untyped-def]
    """``load`` in a process of its own; returns once the server has drained what it left queued
    (waitress answers in order: /healthz answered means every request before it was), so that no
    run starts behind the previous one's backlog."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    proc = multiprocessing.Process(target=load, args=(*args, queue), daemon=True)
    proc.start()
    got = queue.get(timeout=600)
    proc.terminate()
    conn = http.client.HTTPConnection("127.0.0.1", args[0], timeout=300)
    conn.request("GET", "/healthz")
    conn.getresponse().read()
    conn.close()
    return got  # type: ignore[no-any-return]


def one_at_a_time(port: int, token: str, projects: int, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    samples = []
    for i in range(n + 20):
        started = time.perf_counter()
        assert _send(conn, token, f"p{i % projects}") == 201
        if i >= 20:
            samples.append((time.perf_counter() - started) * 1000)
    conn.close()
    return samples


Row = tuple[str, str, float, float, float, float, str]  # backend, what, rate, p50, p99, max, statuses


def measure_backend(backend: str, args: argparse.Namespace, api_url: str) -> list[Row]:
    rows: list[Row] = []
    with throwaway_database(backend, "mlscope_api") as url:
        migrate.upgrade(url)
        database = Database(url)
        seed(database, args.projects)
        _, token = api_token_use_cases.create_token(database.uow(), "T1", "bench", actor="U1", now=NOW, is_admin=lambda: True)
        settings = Settings(
            slack_bot_token="xoxb-bench", slack_signing_secret=SECRET, slack_api_url=api_url, database_url=url,
            api_readings_per_minute=10**9, api_readings_burst=10**6, _env_file=None,
            rate_limit_per_minute=10**9, rate_limit_burst=10**6,  # else /mlproject metric is throttled past 15
        )  # type: ignore[call-arg]  # fmt: skip
        background = Background()
        app = build_app(settings, database=database, background=background)
        server = http_server(app, database, host="127.0.0.1", port=0)
        threading.Thread(target=server.run, daemon=True).start()
        port = server.effective_port
        serial = one_at_a_time(port, token, args.projects, args.requests)
        rows.append((backend, "API, one at a time", 0.0, pct(serial, 50), pct(serial, 99), max(serial), "201"))
        metric = measure(port, "metric p7 0.5", args.requests)
        rows.append((backend, "/mlproject metric, one at a time", 0.0, pct(metric, 50), pct(metric, 99), max(metric), "200"))
        background.wait_idle(60)
        for rate in sorted(args.rate):  # the lightest first
            samples, statuses, elapsed = in_another_process(port, token, args.projects, rate, args.seconds, args.connections)
            rows.append((backend, f"API, steady {rate:g}/s", len(samples) / elapsed, pct(samples, 50), pct(samples, 99),
                         max(samples), ",".join(map(str, statuses))))  # fmt: skip
            background.wait_idle(60)
        samples, statuses, elapsed = in_another_process(port, token, args.projects, 0, args.seconds, args.connections)
        rows.append((backend, f"API, most ({args.connections} clients)", len(samples) / elapsed, pct(samples, 50),
                     pct(samples, 99), max(samples), ",".join(map(str, statuses))))  # fmt: skip
        background.wait_idle(60)
        stop(server)
        background.shutdown()
        database.dispose()
    return rows


def cpu_per_reading(backend: str, readings: int, n: int) -> list[Row]:
    """The processor time one reading costs this process, by the whole path (``record_reading``:
    load and save the whole project) and by the append path the API takes (``append_reading``),
    with every project already holding ``readings`` readings. Processor time, not wall time: it
    bounds what one replica's interpreter can take, and a busy machine disturbs it much less."""
    rows: list[Row] = []
    with throwaway_database(backend, "mlscope_cpu") as url:
        migrate.upgrade(url)
        database = Database(url)
        seed(database, 100, readings=readings)
        for what, use_case in (("whole project", reading_use_cases.record_reading),
                               ("append path", reading_use_cases.append_reading)) * 2:  # fmt: skip
            samples = []
            for i in range(n):
                started = time.process_time()
                use_case(database.uow(), "T1", f"p{i % 100}", 0.5, note=None, actor="U1", now=NOW,
                         run_id=uuid.uuid4().hex, via="api:bench")  # fmt: skip
                samples.append((time.process_time() - started) * 1000)
            rows.append((backend, f"CPU, {what}, {readings} readings each", 0.0, pct(samples, 50), pct(samples, 99),
                         max(samples), "—"))  # fmt: skip
        database.dispose()
    return rows[2:]  # the first round warms caches up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="one-at-a-time requests (after 20 warm-up)")
    parser.add_argument("--rate", type=float, nargs="+", default=[200.0], help="steady readings a second (one run each)")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the steady and the most runs")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--cpu-only", action="store_true", help="only the processor time per reading, by path")
    args = parser.parse_args()
    if args.cpu_only:
        cpu = [row for b in args.backend for k in (0, 300) for row in cpu_per_reading(b, k, args.requests)]
        print("| backend | what | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|---|")
        for backend, what, _, p50, p99, worst, _ in cpu:
            print(f"| {backend} | {what} | {p50:.2f} | {p99:.2f} | {worst:.2f} |")
        return
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    slack = multiprocessing.Process(target=fake_slack_elsewhere, args=(ready,), daemon=True)
    slack.start()
    api_url = ready.get(timeout=30)
    server, port = serve(SlackRequestHandler(bare_app(api_url, inline=True)))
    floor = measure(port, "list", args.requests)
    stop(server)
    rows: list[Row] = [("-", "bare Bolt, process_before_response (floor)", 0.0, pct(floor, 50), pct(floor, 99), max(floor), "200")]
    for backend in args.backend:
        rows += measure_backend(backend, args, api_url)
    slack.terminate()
    print(f"{args.projects} projects; steady and most: {args.seconds:g} s over {args.connections} keep-alive connections from another process.")
    print(f"Target: p99 < {TARGET_P99_MS:g} ms at {TARGET_RATE:g} readings/s on one replica.")
    print("| backend | what | readings/s | p50 (ms) | p99 (ms) | max (ms) | statuses | target met |")
    print("|---|---|---|---|---|---|---|---|")
    for backend, what, rate, p50, p99, worst, statuses in rows:
        steady = what.startswith(f"API, steady {TARGET_RATE:g}/s")
        verdict = ("yes" if p99 < TARGET_P99_MS and rate >= 0.95 * TARGET_RATE else "no") if steady else "—"
        shown = f"{rate:.0f}" if rate else "—"
        print(f"| {backend} | {what} | {shown} | {p50:.2f} | {p99:.2f} | {worst:.2f} | {statuses} | {verdict} |")


if __name__ == "__main__":
    main()
