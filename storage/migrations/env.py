"""Alembic environment: the URL comes from the Config (see storage.migrate), never a file."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import event

from storage.db import make_engine
from storage.orm import Base
from storage.slack_oauth import OAUTH_METADATA

config = context.config
target_metadata = [Base.metadata, OAUTH_METADATA]


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        event.listen(engine, "connect", _without_foreign_keys)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _check_foreign_keys(conn)
    engine.dispose()


def _without_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """SQLite's batch mode recreates a table to alter it (copy, drop, rename): dropping ``projects``
    with foreign keys on would cascade to its metrics, baselines, readings and transitions (0019 and
    0021 emptied them). Off while migrating, as Alembic's batch documentation advises; checked after."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _check_foreign_keys(conn: Any) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    conn.rollback()
    if broken:
        raise RuntimeError(f"the migrated SQLite database has rows whose parent is gone: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
