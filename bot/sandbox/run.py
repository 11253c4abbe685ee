"""``mlscope sandbox``: the real bot, a SQLite file and a Slack stand-in with a page, on one machine.

Three parts, wired as in production: the bot behind waitress on a private port, its WebClient
pointed at the stand-in (``SLACK_API_URL``), and the stand-in serving the Web API and the page on
the public port. The page acts only through the stand-in, which signs what it sends to the bot.
A clock offset lets the page move time forward; scheduled work runs at each hour on the way.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import build_app
from bot.sandbox.guard import Guard
from bot.sandbox.relay import Relay
from bot.sandbox.workspace import SandboxSlack
from bot.settings import Settings
from bot.slack.server import http_server
from bot.ticker import Ticker, TickReport
from storage import migrate
from storage.db import Database

log = logging.getLogger("mlscope.sandbox")
DEFAULT_DIR = Path("mlscope-sandbox")
STEP = timedelta(hours=1)  # scheduled work runs at every hour while time moves forward
MAX_ADVANCE = timedelta(days=31)


class SandboxClock:
    """Real time plus an offset that only grows; the offset is kept in ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = timedelta()
        if path.exists():
            self.offset = timedelta(seconds=json.loads(path.read_text())["offset_seconds"])

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def move_to(self, when: datetime) -> None:
        self.offset = max(self.offset, when - datetime.now(UTC))
        self.save()

    def reset(self) -> None:
        self.offset = timedelta()
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"offset_seconds": self.offset.total_seconds()}))


class Sandbox:
    def __init__(
        self, data_dir: Path = DEFAULT_DIR, *, host: str = "127.0.0.1", port: int = 3000, tick_seconds: int = 30
    ):
        self.data_dir = data_dir
        self.host, self.port, self.tick_seconds = host, port, tick_seconds
        self.clock = SandboxClock(data_dir / "clock.json")
        self.slack = SandboxSlack(data_dir / "slack.json", clock=self.clock.timestamp)
        self.database_url = f"sqlite:///{(data_dir / 'mlscope.db').as_posix()}"
        self.secret = secrets.token_hex(16)  # a new signing secret each run, known only to this process
        self.bot_token = "xoxb-sandbox-" + secrets.token_hex(16)  # the only token the stand-in's Web API takes
        self.page_token = secrets.token_urlsafe(32)  # served in the page; every read and action must carry it
        self.tick_lock = threading.Lock()
        self._scheduler: Any = None

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> str:
        from bot.sandbox.routes import router

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.slack.router = router(self)
        self.slack.guard = Guard(page_token=self.page_token, bot_token=self.bot_token, bound_host=self.host)
        self.slack.start(self.port, self.host)
        migrate.upgrade(self.database_url)
        self.database = Database(self.database_url)
        settings = Settings(
            slack_bot_token=self.bot_token,
            slack_signing_secret=self.secret,
            slack_api_url=self.slack.api_url,
            database_url=self.database_url,
            _env_file=None,  # type: ignore[call-arg]
        )
        self.app = build_app(settings, database=self.database, clock=self.clock.now)
        self.server = http_server(self.app, self.database, host="127.0.0.1", port=0, threads=4)
        self._spawn(self.server.run, "sandbox-bot")
        self.bot_url = f"http://127.0.0.1:{self.server.effective_port}"  # the bot's own server: events and API
        self.relay = Relay(self.slack, events_url=f"{self.bot_url}/slack/events", secret=self.secret)
        self.ticker = Ticker(self.app.deps, self.app.deps.client_for, budget_seconds=20)
        if self.tick_seconds > 0:
            self._start_scheduler()
        return self.url

    def _start_scheduler(self) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        self._scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}
        )
        self._scheduler.add_job(self.tick, "interval", seconds=self.tick_seconds, id="sandbox-tick")
        self._scheduler.start()

    def _spawn(self, target: Any, name: str) -> None:
        def run() -> None:
            with contextlib.suppress(OSError):  # the socket closed under select(): how waitress stops
                target()

        threading.Thread(target=run, name=name, daemon=True).start()

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
        with self.tick_lock:
            self.app.deps.background.wait_idle()
            self.server.close()
            self.slack.stop()
            self.app.deps.background.shutdown(wait=True)
            with self.slack.lock:
                self.slack.save()
            self.database.dispose()

    @property
    def url(self) -> str:
        return self.slack.base_url + "/"

    # --- time ---------------------------------------------------------------------------------
    def tick(self) -> TickReport:
        with self.tick_lock:
            return self.ticker.run(now=self.clock.now())

    def advance(self, delta: timedelta) -> TickReport:
        """Move the clock forward by ``delta``, running scheduled work at each hour on the way."""
        if delta <= timedelta() or delta > MAX_ADVANCE:
            raise ValueError(f"time can move forward by up to {MAX_ADVANCE.days} days")
        total = TickReport()
        with self.tick_lock:
            target = self.clock.now() + delta
            moment = self.clock.now()
            while moment < target:
                moment = min(moment + STEP, target)
                self.clock.move_to(moment)
                total.add(self.ticker.run(now=moment))
            self.app.deps.background.wait_idle()
        self.slack.touch()
        return total

    def reset(self) -> None:
        """Start over: an empty database, the seeded workspace, the real time."""
        with self.tick_lock:
            self.app.deps.background.wait_idle()
            self.database.erase_all()
            self.clock.reset()
            self.slack.reset()


def serve_sandbox(data_dir: Path, *, host: str, port: int, reset: bool = False) -> int:
    """Run the sandbox until Ctrl-C or SIGTERM."""
    import signal

    sandbox = Sandbox(data_dir, host=host, port=port)
    url = sandbox.start()
    if reset:
        sandbox.reset()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    print(f"MLScope sandbox: open {url} in your browser (no Slack workspace needed).")
    print(f"Data is kept in {data_dir}/ between runs; the page's Reset button starts over. Ctrl-C to stop.", flush=True)
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    return 0
