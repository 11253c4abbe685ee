"""The in-process ticker of ``mlscope serve``: APScheduler 3 running the tick every minute.

Misfires and coalescing are explicit: a tick delayed by up to 30 s still runs, missed ticks are
merged into one, and never two at once in a process. Across processes the database claims
keep each occurrence to one poster.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from bot.deps import Deps
from bot.ticker import Ticker

log = logging.getLogger("mlscope.scheduler")


def start_scheduler(deps: Deps, *, interval_seconds: int = 60) -> BackgroundScheduler:
    assert deps.client_for is not None
    ticker = Ticker(deps, deps.client_for)

    def tick() -> None:
        report = ticker.run()
        if report.claimed or report.planned:
            log.info("tick: %s", report.summary())

    scheduler = BackgroundScheduler(
        timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}
    )
    scheduler.add_job(tick, "interval", seconds=interval_seconds, id="tick", next_run_time=datetime.now(UTC))
    scheduler.start()
    return scheduler
