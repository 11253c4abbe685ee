"""The ``mlscope`` command line: its subcommands, options and help text (nothing runs here)."""

from __future__ import annotations

import argparse

from bot.cli.purge import add_parser as add_purge
from bot.cli.push_reading import add_parser as add_push_reading
from domain.report import ExportFormat

DESCRIPTION = """MLScope: scope, prioritize and keep honest your ML projects, from Slack.

Configuration comes from the environment or a .env file (see README): DATABASE_URL,
SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, ... Each may instead
be given as <NAME>_FILE, the path of a file holding it (Docker and Kubernetes secrets)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlscope", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="database schema commands")
    db_sub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    db_sub.add_parser("upgrade", help="apply all migrations to DATABASE_URL (creates the schema on a new database)")
    db_sub.add_parser("check", help="fail if the models and the migrated schema differ")
    db_sub.add_parser("current", help="print the database's migration revision and this version's latest (its head)")
    downgrade = db_sub.add_parser(
        "downgrade", help="undo migrations down to REVISION, to roll back to an earlier version (docs/deploy.md)"
    )
    downgrade.add_argument(
        "revision", help="the revision to return to, as `mlscope db current` printed it before the upgrade"
    )

    serve = sub.add_parser(
        "serve",
        help="run the Slack bot (Socket Mode if SLACK_APP_TOKEN is set, else HTTP on /slack/events); "
        "with no Slack setting at all, the sandbox",
    )
    serve.add_argument("--port", type=int, help="HTTP port (default PORT or 3000)")
    serve.add_argument("--host", help="HTTP host to bind (default 0.0.0.0)")
    serve.add_argument("--no-migrate", action="store_true", help="do not apply database migrations at start")
    serve.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not run scheduled work here (run `mlscope tick` from cron instead)",
    )

    sandbox = sub.add_parser(
        "sandbox",
        help="try MLScope in the browser with no Slack workspace: the real bot, a SQLite file and a local stand-in for Slack",
    )
    sandbox.add_argument("--port", type=int, help="port of the sandbox page (default PORT or 3000)")
    sandbox.add_argument("--host", default="127.0.0.1", help="host to bind (default 127.0.0.1: this computer only)")
    sandbox.add_argument(
        "--data-dir",
        default="mlscope-sandbox",
        help="where the sandbox keeps its database and workspace (default ./mlscope-sandbox)",
    )
    sandbox.add_argument("--reset", action="store_true", help="start over with an empty sandbox")

    tick = sub.add_parser(
        "tick",
        help="run scheduled work once (check-ins, nudges, digests and their charts) and exit: for cron or a Kubernetes CronJob",
    )
    tick.add_argument("--now", help="pretend the time is this ISO-8601 instant (e.g. 2026-11-30T09:00:00Z)")
    tick.add_argument(
        "--budget",
        type=float,
        default=50.0,
        help="seconds to keep retrying rate-limited posts before leaving them to the next tick",
    )

    export = sub.add_parser("export", help="print the ranked portfolio for a spreadsheet or a doc")
    export.add_argument(
        "--format", choices=[f.value for f in ExportFormat], default="csv", help="output format (default csv)"
    )
    export.add_argument("--team", help="Slack workspace id (team_id); default: every workspace in the database")
    export.add_argument("--include-archived", action="store_true", help="include archived projects")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    add_push_reading(sub)
    add_purge(sub)
    return parser
