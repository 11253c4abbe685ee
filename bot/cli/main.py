"""``mlscope``: parse the command line, load the settings, run the subcommand, turn start-up
failures into a sentence; ``entry`` is the installed command (``bot.cli:entry``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import logs
from bot.cli.db import run_db
from bot.cli.export import run_export
from bot.cli.parser import build_parser
from bot.cli.purge import run_purge
from bot.cli.push_reading import run_push_reading
from bot.cli.sandbox import run_sandbox
from bot.cli.serve import run_serve
from bot.cli.start_failures import cannot_start
from bot.cli.tick import run_tick
from bot.settings import Settings, SettingsError, load_settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "push-reading":  # a client of a running MLScope: no settings, no database
        return run_push_reading(args)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    logs.protect(settings)  # whatever logs before (or without) a configured handler is redacted too
    try:
        return _run(parser, args, settings)
    except Exception as exc:
        message = cannot_start(exc, settings)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        return run_db(parser, args, settings)
    if args.command == "serve":
        if not settings.has_slack_credentials:
            print("No Slack credentials are configured, so MLScope starts its local sandbox instead.")
            print("To connect a real workspace, see README → “Set up in a real Slack workspace”.")
            args.data_dir, args.reset, args.host = "mlscope-sandbox", False, "127.0.0.1"
            return run_sandbox(args, settings)
        return run_serve(args, settings)
    if args.command == "sandbox":
        return run_sandbox(args, settings)
    if args.command == "tick":
        return run_tick(args, settings)
    if args.command == "export":
        return run_export(args, settings)
    if args.command == "purge":
        return run_purge(args, settings)
    parser.print_help()
    return 2


def entry() -> None:
    """The ``mlscope`` command: ``main`` and its exit code.

    ``tick`` runs every minute from cron or a scheduler, and tearing down an interpreter that has
    loaded SQLAlchemy, pydantic and slack_sdk takes a quarter of a second on a small machine: longer
    than the tick's own database work. Once it has disposed of the database and printed its report,
    it flushes what it wrote and leaves at once. Every other command exits normally.
    """
    argv = sys.argv[1:]
    code = main(argv)
    if argv[:1] == ["tick"]:
        import logging
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        logging.shutdown()
        os._exit(code)
    sys.exit(code)
