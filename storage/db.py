"""Engines for SQLite (the zero-set-up default) and PostgreSQL (production)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from storage.cache import ReadCache
from storage.revisions import RevisionWatch

DEFAULT_URL = "sqlite:///mlscope.db"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str = DEFAULT_URL, **kwargs: Any) -> Engine:
    """An engine with the settings each backend needs: WAL and foreign keys on SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
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
