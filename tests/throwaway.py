"""Throwaway databases for tests and benchmarks: created empty, dropped afterwards.

PostgreSQL is the server at ``TEST_POSTGRES_URL`` (default: 127.0.0.1:5432, database ``test``,
trust auth) when it answers. When nothing answers there — a laptop with no PostgreSQL installed —
a private PostgreSQL is started once per process from the ``pgserver`` wheel (real PostgreSQL
binaries installed by pip, data in a temporary directory, stopped at exit): the PostgreSQL tests
run either way, they never skip.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CONFIGURED_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

log = logging.getLogger("tests.throwaway")


NOBODY_THERE = ("connection refused", "no such file or directory", "timeout expired", "could not translate host")


def _answers(url: str) -> bool:
    """True if a server answers at ``url``; False only if nothing listens there. A server that
    answers but refuses us (a wrong password, a missing database) is an error to fix, not a
    reason to quietly test against another server."""
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(conninfo, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if any(sign in str(exc).lower() for sign in NOBODY_THERE):
            return False
        raise
    return True


@functools.cache
def admin_url() -> str:
    """Where throwaway databases are created: the configured server, or a private one (pgserver)."""
    if _answers(CONFIGURED_URL):
        return CONFIGURED_URL
    data = tempfile.mkdtemp(prefix="mlscope-pg-")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: no XDG_RUNTIME_DIR on a headless machine
        import pgserver  # dev dependency: PostgreSQL binaries from PyPI

        server = pgserver.get_server(data, cleanup_mode="stop")
        socket_dir = make_url(server.get_uri()).query["host"]
    atexit.register(shutil.rmtree, data, ignore_errors=True)
    atexit.register(server.cleanup)
    url = f"postgresql+psycopg://postgres@/postgres?host={socket_dir}"
    log.warning("nothing answers at %s: using a private PostgreSQL (pgserver) in %s", CONFIGURED_URL, data)
    return url


def server_description() -> str:
    url = admin_url()
    return "the configured server" if url == CONFIGURED_URL else f"a private pgserver ({make_url(url).query['host']})"


@contextmanager
def throwaway_postgres(prefix: str = "mlscope") -> Iterator[str]:
    """An empty database on the PostgreSQL server at ``admin_url()``; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin_at = admin_url()
    admin = create_engine(admin_at, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_at).set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


@contextmanager
def throwaway_database(backend: str, prefix: str = "mlscope") -> Iterator[str]:
    """An empty SQLite file or PostgreSQL database, by ``backend``; its URL."""
    if backend == "postgresql":
        with throwaway_postgres(prefix) as url:
            yield url
    else:
        yield f"sqlite:///{tempfile.mkdtemp()}/{prefix}.db"
