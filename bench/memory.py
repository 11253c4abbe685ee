"""Memory: resident memory of an idle ``mlscope serve``, then after 10,000 and 20,000 requests.

The server is a real process (SQLite, the fake Slack as its Web API); requests are signed slash
commands (list, show, help) over one keep-alive connection. RSS is read from /proc.

    .venv/bin/python -m bench.memory --requests 10000
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid

from bench.ack_latency import SECRET, seed
from bot.standin import payloads
from bot.standin.fake_slack import FakeSlack
from storage import migrate
from storage.db import Database


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def send(port: int, n: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    commands = ("list", "show p10", "help")
    for i in range(n):
        body = payloads.form(payloads.slash_command(commands[i % 3], trigger_id=f"t-{uuid.uuid4().hex}"))
        signed = payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
        conn.request("POST", "/slack/events", body=signed.body, headers=signed.headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/memory.db"
    migrate.upgrade(url)
    database = Database(url)
    seed(database, args.projects)
    database.dispose()
    fake = FakeSlack().start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | {
        "SLACK_BOT_TOKEN": "xoxb-memory",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1", "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(2)
        idle = rss_mb(proc.pid)
        send(port, args.requests)
        after_one = rss_mb(proc.pid)
        send(port, args.requests)
        after_two = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        fake.stop()
    print(f"mlscope serve, SQLite, {args.projects} projects; requests cycle list / show / help.")
    print("| state | resident memory (MB) |")
    print("|---|---|")
    print(f"| idle after start | {idle:.1f} |")
    print(f"| after {args.requests:,} requests | {after_one:.1f} |")
    print(f"| after {2 * args.requests:,} requests | {after_two:.1f} |")
    growth = after_two - after_one
    verdict = "met" if growth < 2 else "not met"
    print(
        f"growth over the second {args.requests:,}: {growth:+.1f} MB (target: no growth, read as under 2 MB): {verdict}"
    )


if __name__ == "__main__":
    main()
