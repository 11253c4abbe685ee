"""Engines for SQLite (the zero-set-up default) and PostgreSQL (production)."""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from storage.cache import ReadCache
from storage.revisions import RevisionWatch

DEFAULT_URL = "sqlite:///mlscope.db"
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

log = logging.getLogger("mlscope.db")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def private_sqlite_file(database: str | None) -> None:
    """The database file readable and writable by its owner only (0600): it holds Slack tokens.

    A new file is created empty with mode 0600 before SQLite opens it (SQLite takes an empty file
    for an empty database), and SQLite gives the -wal, -shm and -journal files it creates the mode of
    the database file. An existing file, or companion, that others may read is tightened to 0600.
    In-memory and URI databases are left alone, and so is a path SQLite will refuse anyway (no such
    directory), so that its error is the one reported.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError:
            return
    for file in [path] + [Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS]:
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                file.chmod(mode & 0o700)
                log.warning("%s was readable by others (%o): now %o", file, mode, mode & 0o700)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("cannot make %s private (%s): it holds Slack tokens", file, exc.strerror)


def make_engine(url: str = DEFAULT_URL, **kwargs: Any) -> Engine:
    """An engine with the settings each backend needs: WAL and foreign keys on SQLite, its file private."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        private_sqlite_file(parsed.database)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    idle_ping = kwargs.pop("idle_ping_seconds", IDLE_PING_SECONDS)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _just_used)
    event.listen(engine, "checkout", _pinger(idle_ping))
    return engine


def _just_used(_dbapi_connection: Any, record: Any) -> None:
    """A connection opened this instant needs no ping on its first checkout."""
    record.info["used_at"] = time.monotonic()


IDLE_PING_SECONDS = 10.0


def _pinger(idle_seconds: float) -> Any:
    """Ping a pooled PostgreSQL connection before use only if it sat idle: a restarted server or
    a dropped link kills idle connections, and the ping turns that into a fresh connection (the
    pool retries the checkout) instead of an error for the user. A connection used seconds ago
    is handed out as is: SQLAlchemy's pool_pre_ping would cost a round trip on every request.
    If the server goes away within those seconds, the one request that meets the dead connection
    gets "temporarily unavailable" and the pool is replaced."""

    def ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        now = time.monotonic()
        if now - record.info.get("used_at", float("-inf")) > idle_seconds:
            try:
                with dbapi_connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                dbapi_connection.rollback()
            except Exception as exc:  # noqa: BLE001 - any failure means a dead connection
                raise DisconnectionError(str(exc)) from exc
            record.info["pings"] = record.info.get("pings", 0) + 1
        record.info["used_at"] = now

    return ping_if_idle


def _revision_watch(engine: Engine) -> RevisionWatch | None:
    """PostgreSQL only: its notifications let cached reads skip the revision round trip."""
    if engine.dialect.name != "postgresql":
        return None
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return RevisionWatch(conninfo)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


class Database:
    """One engine per process; a fresh unit of work per use case (``db.uow()``)."""

    def __init__(self, url: str = DEFAULT_URL, *, watch_revisions: bool = True, **engine_kwargs: Any):
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = session_factory(self.engine)
        self.cache = ReadCache(revisions=_revision_watch(self.engine) if watch_revisions else None)

    def uow(self) -> Any:
        from storage.uow import SqlAlchemyUnitOfWork

        return SqlAlchemyUnitOfWork(self.sessions, cache=self.cache)

    def dispose(self) -> None:
        if self.cache.revisions is not None:
            self.cache.revisions.stop()
        self.engine.dispose()

    def erase_all(self) -> None:
        """Delete every row of every table but Alembic's, keeping the schema: the sandbox's reset."""
        from sqlalchemy import MetaData

        tables = MetaData()
        tables.reflect(self.engine)
        with self.engine.begin() as conn:
            for table in reversed(tables.sorted_tables):
                if table.name != "alembic_version":
                    conn.execute(table.delete())
        self.cache.clear()


def is_unavailable(error: BaseException) -> bool:
    """True when ``error`` means the database cannot be reached (as opposed to a bug)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)
