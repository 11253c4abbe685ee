"""Alembic owns the schema: ``upgrade`` builds it from nothing and ``check`` finds no drift."""

import uuid

from sqlalchemy import create_engine, inspect, text

from storage import migrate
from storage.orm import Base
from storage.slack_oauth import OAUTH_METADATA, STATES
from tests.conftest import ADMIN_URL

ALL_TABLES = set(Base.metadata.tables) | set(OAUTH_METADATA.tables)


def _tables(url):
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_creates_every_table_on_a_new_sqlite_file_and_check_finds_no_drift(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    migrate.upgrade(url)
    migrate.check(url)
    assert _tables(url) == ALL_TABLES


def test_upgrade_creates_every_table_on_an_empty_postgres_database_and_check_finds_no_drift():
    name = f"mlscope_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate.upgrade(url)
        migrate.check(url)
        assert _tables(url) == ALL_TABLES
        migrate.downgrade(url, "base")
        assert _tables(url) == set()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_every_table_is_scoped_by_workspace():
    tables = Base.metadata.tables | OAUTH_METADATA.tables
    unscoped = [name for name, table in tables.items() if "team_id" not in table.columns]
    assert unscoped == [STATES]  # install nonces, issued before any workspace exists


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    from storage.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
