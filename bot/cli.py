"""``mlscope``: run the bot, migrate the database, export the portfolio."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import logs
from bot.settings import Settings, SettingsError, load_settings
from domain.project_queries import list_projects
from domain.report import ExportFormat, render
from storage.db import Database

DESCRIPTION = """MLScope: scope, prioritize and keep honest your ML projects, from Slack.

Configuration comes from the environment or a .env file (see README): DATABASE_URL,
SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL, ..."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlscope", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="database schema commands")
    db_sub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    db_sub.add_parser("upgrade", help="apply all migrations to DATABASE_URL (creates the schema on a new database)")
    db_sub.add_parser("check", help="fail if the models and the migrated schema differ")

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
        "tick", help="run scheduled work once (check-ins, nudges) and exit: for cron or a Kubernetes CronJob"
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
    return parser


def _export(args: argparse.Namespace, database: Database) -> int:
    with database.uow() as uow:
        teams = [args.team] if args.team else uow.workspaces.team_ids()
    entries = [e for team in teams for e in list_projects(database.uow(), team, include_archived=args.include_archived)]
    text = render(entries, ExportFormat(args.format))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    logs.protect(settings)  # whatever logs before (or without) a configured handler is redacted too
    try:
        return _run(parser, args, settings)
    except Exception as exc:
        message = _cannot_start(exc, settings)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1


def _cannot_start(exc: BaseException, settings: Settings) -> str | None:
    """What an operator can act on when the database or Slack cannot be used: no traceback.

    Bolt wraps a refused token in its own error, so the whole chain of causes is searched.
    """
    from urllib.error import URLError

    from slack_sdk.errors import SlackApiError
    from sqlalchemy.exc import OperationalError

    from storage.tokens import TokenKeyError

    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    for error in chain:
        if isinstance(error, TokenKeyError):
            return f"MLScope cannot read the Slack tokens in its database: {error}"
        if isinstance(error, OperationalError):
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            return (
                f"MLScope cannot use its database at {_safe_url(settings.database_url)}: {reason}\n"
                "Is the database running and migrated (mlscope db upgrade), and is DATABASE_URL right?"
            )
        if isinstance(error, SlackApiError):
            code = error.response.get("error", "an error")
            if str(error.response.api_url).endswith("apps.connections.open"):
                return (
                    f"Slack refused SLACK_APP_TOKEN ({code}) when MLScope asked where to connect in Socket Mode.\n"
                    "Use an app-level token with connections:write (Basic Information → App-Level Tokens, xapp-…)."
                )
            return (
                f"Slack refused SLACK_BOT_TOKEN ({code}).\n"
                "Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions; reinstall the app if you changed its scopes."
            )
        if isinstance(error, URLError):
            return f"MLScope cannot reach Slack at {settings.slack_api_url}: {error.reason}\nIs SLACK_API_URL right?"
    return None


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        from storage import migrate

        if args.db_command == "upgrade":
            migrate.upgrade(settings.database_url)
            print(f"Database is up to date: {_safe_url(settings.database_url)}")
            return 0
        if args.db_command == "check":
            migrate.check(settings.database_url)
            return 0
        parser.parse_args(["db", "--help"])
        return 2
    if args.command == "serve":
        if not settings.has_slack_credentials:
            print("No Slack credentials are configured, so MLScope starts its local sandbox instead.")
            print("To connect a real workspace, see README → “Set up in a real Slack workspace”.")
            args.data_dir, args.reset, args.host = "mlscope-sandbox", False, "127.0.0.1"
            return _sandbox(args, settings)
        return _serve(args, settings)
    if args.command == "sandbox":
        return _sandbox(args, settings)
    if args.command == "tick":
        return _tick(args, settings)
    if args.command == "export":
        database = Database(settings.database_url)
        try:
            return _export(args, database)
        finally:
            database.dispose()
    parser.print_help()
    return 2


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    from bot.app import build_app
    from bot.scheduler import start_scheduler
    from bot.server import http_server, socket_mode_handler

    logs.configure(settings)
    try:
        settings.require_slack()
        settings.require_encryption()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not args.no_migrate:
        from storage import migrate

        migrate.upgrade(settings.database_url)
    if settings.oauth_enabled:
        _seal_tokens(settings)
    database = Database(settings.database_url)
    app = build_app(settings, database=database)
    scheduler = None if args.no_scheduler else start_scheduler(app.deps)  # type: ignore[attr-defined]
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        if settings.socket_mode:
            assert settings.slack_app_token
            handler = socket_mode_handler(app, settings.slack_app_token)
            handler.connect()
            print("MLScope is running in Socket Mode (no public URL needed). Ctrl-C to stop.", flush=True)
            try:
                threading.Event().wait()  # until SIGTERM or Ctrl-C
            except (SystemExit, KeyboardInterrupt):
                pass
            finally:
                handler.close()  # no new envelopes; those being handled finish below
            return 0
        port = args.port or settings.port
        server = http_server(
            app,
            database,
            host=args.host or settings.host,
            port=port,
            connection_limit=settings.http_connection_limit,
            idle_timeout=settings.http_idle_timeout,
        )
        print(
            f"MLScope is listening on http://{args.host or settings.host}:{server.effective_port}/slack/events (health: /healthz). Ctrl-C to stop."
        )
        try:
            server.run()  # on SIGTERM or Ctrl-C it lets the requests in progress finish, then returns
        finally:
            server.close()
        return 0
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        app.deps.background.shutdown(wait=True)  # type: ignore[attr-defined]
        database.dispose()


def _seal_tokens(settings: Settings) -> None:
    """OAuth: tokens stored before MLSCOPE_ENCRYPTION_KEY was set are encrypted now; without a key, say so."""
    import logging

    from storage.slack_oauth import seal_stored

    log = logging.getLogger("mlscope")
    database = Database(settings.database_url, watch_revisions=False)
    try:
        sealed = seal_stored(database.engine, settings.mlscope_encryption_key)
    finally:
        database.dispose()
    if sealed:
        log.info("encrypted %d Slack token(s) stored before MLSCOPE_ENCRYPTION_KEY was set", sealed)
    if not settings.mlscope_encryption_key:
        log.warning(
            "MLSCOPE_ENCRYPTION_KEY is not set: Slack tokens are stored unencrypted in %s (a file only this user "
            "may read); set it to encrypt them (README, Configuration)",
            _safe_url(settings.database_url),
        )


def _stop_serving(*_: object) -> None:
    """SIGTERM: stop as Ctrl-C does. Waitress's loop returns once its worker threads are done (closing
    the server from here instead pulled its sockets from under requests still running); in Socket
    Mode the wait ends and the socket closes."""
    raise SystemExit(0)


def _sandbox(args: argparse.Namespace, settings: Settings) -> int:
    import logging
    from pathlib import Path

    from bot.sandbox.run import serve_sandbox

    logs.configure(settings)
    for chatty in ("alembic", "apscheduler"):  # migrations and ticks are not news in a sandbox
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
    return serve_sandbox(Path(args.data_dir), host=args.host, port=args.port or settings.port, reset=args.reset)


def _tick(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime

    from bot.background import Background
    from bot.clients import clients_for
    from bot.deps import Deps, utc_now
    from bot.jobs import Ticker

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
        deps = Deps(
            database=database,
            background=Background(max_workers=1),
            clock=(lambda: now) if now else utc_now,
            client_for=clients_for(settings, database),
        )
        report = Ticker(deps, deps.client_for, budget_seconds=args.budget).run()  # type: ignore[arg-type]
        deps.background.shutdown()
    finally:
        database.dispose()
    print(f"tick: {report.summary()}")
    return 0


def _safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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


if __name__ == "__main__":  # pragma: no cover
    entry()
