"""``mlscope tick``: run the scheduled work once (check-ins, nudges, digests), for cron or a CronJob."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings, SettingsError
from storage.db import Database


def run_tick(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime

    from bot.app import scheduled_posts
    from bot.background import Background
    from bot.deps import Deps, utc_now
    from bot.slack.clients import clients_for, reactivate_own
    from bot.ticker import Ticker

    if settings.log_format == "json":  # else only warnings, as plain lines (Python's last resort)
        from bot import logs

        logs.configure(settings)
    try:
        settings.require_slack()
        settings.require_encryption()
        now = datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError:
        print(f"--now: “{args.now}” is not an ISO-8601 time such as 2026-11-30T09:00:00Z", file=sys.stderr)
        return 2
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    database = Database(settings.database_url)
    try:
        reactivate_own(settings, database)  # one token, reinstalled: its workspace's posts resume
        deps = Deps(
            database=database,
            background=Background(max_workers=1),
            clock=(lambda: now) if now else utc_now,
            client_for=clients_for(settings, database),
            posters=scheduled_posts(),
        )
        report = Ticker(deps, deps.client_for, budget_seconds=args.budget).run()  # type: ignore[arg-type]
        deps.background.shutdown()
    finally:
        database.dispose()
    print(f"tick: {report.summary()}")
    return 0
