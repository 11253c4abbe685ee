"""``mlscope serve``: the bot in Socket Mode or HTTP mode, with the scheduler, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot import logs
from bot.cli.start_failures import safe_url
from bot.settings import Settings, SettingsError
from storage.db import Database


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    from bot.app import build_app
    from bot.slack.clients import reactivate_own
    from bot.slack.server import http_server, socket_mode_handler
    from bot.ticker.every_minute import start_scheduler

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
    reactivate_own(settings, database)  # one token, reinstalled: its workspace's posts resume
    app = build_app(settings, database=database, clock=_clock(settings))
    scheduler = None if args.no_scheduler else start_scheduler(app.deps, interval_seconds=settings.mlscope_tick_seconds)
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        if settings.socket_mode:
            assert settings.slack_app_token
            probes = _probes(app, database, args, settings)  # first: a port taken fails before Slack is connected
            handler = socket_mode_handler(app, settings.slack_app_token)
            try:
                handler.connect()
                print("MLScope is running in Socket Mode (no public URL needed). Ctrl-C to stop.", flush=True)
                threading.Event().wait()  # until SIGTERM or Ctrl-C
            except (SystemExit, KeyboardInterrupt):
                pass
            finally:
                handler.close()  # no new envelopes; those being handled finish below
                if probes is not None:
                    probes.close()
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
        metrics = ", /metrics" if settings.metrics_token else ""
        print(
            f"MLScope is listening on http://{args.host or settings.host}:{server.effective_port}/slack/events (probes: /healthz, /readyz{metrics}; readings API: /api/v1/readings). Ctrl-C to stop."
        )
        try:
            server.run()  # on SIGTERM or Ctrl-C it lets the requests in progress finish, then returns
        finally:
            server.close()
        return 0
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        app.deps.background.shutdown(wait=True)
        database.dispose()


def _probes(app: Any, database: Database, args: argparse.Namespace, settings: Settings) -> Any:
    """Socket Mode needs no port; given one (``--port`` or ``PORT``), it serves /healthz, /readyz and
    /metrics there, for a container's probes and Prometheus. None otherwise."""
    import threading

    from bot.slack.server import http_server

    if not (args.port or "port" in settings.model_fields_set):
        return None
    host = args.host or settings.host
    server = http_server(app, database, host=host, port=args.port or settings.port, threads=2, only_probes=True)
    threading.Thread(target=_run_until_closed, args=(server,), name="probes", daemon=True).start()
    metrics = " and /metrics" if settings.metrics_token else ""
    print(f"Probes on http://{host}:{server.effective_port}/healthz, /readyz{metrics}.", flush=True)
    return server


def _run_until_closed(server: Any) -> None:
    import contextlib

    with contextlib.suppress(OSError):  # its socket closed under its poll at shutdown: that ends the loop
        server.run()
def _clock(settings: Settings) -> Callable[[], datetime]:
    """The system clock, or (MLSCOPE_CLOCK_PATH: drills and tests of several replicas) the time in a file."""
    from bot.clock import FileClock
    from bot.deps import utc_now

    if not settings.mlscope_clock_path:
        return utc_now
    import logging

    logging.getLogger("mlscope").warning(
        "MLSCOPE_CLOCK_PATH is set: the time is read from %s, not the system clock (for drills and tests only)",
        settings.mlscope_clock_path,
    )
    return FileClock(settings.mlscope_clock_path)


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
            safe_url(settings.database_url),
        )


def _stop_serving(*_: object) -> None:
    """SIGTERM: stop as Ctrl-C does. Waitress's loop returns once its worker threads are done (closing
    the server from here instead pulled its sockets from under requests still running); in Socket
    Mode the wait ends and the socket closes."""
    raise SystemExit(0)
