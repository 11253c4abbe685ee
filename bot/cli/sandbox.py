"""``mlscope sandbox`` (and ``serve`` with no Slack setting): the browser sandbox, quiet about routine work."""

from __future__ import annotations

import argparse

from bot import logs
from bot.settings import Settings


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    import logging
    from pathlib import Path

    from bot.sandbox.run import serve_sandbox

    logs.configure(settings)
    for chatty in ("alembic", "apscheduler"):  # migrations and ticks are not news in a sandbox
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
    return serve_sandbox(Path(args.data_dir), host=args.host, port=args.port or settings.port, reset=args.reset)
