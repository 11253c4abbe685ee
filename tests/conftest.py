"""Shared fixtures: a migrated database on SQLite and on the real PostgreSQL, and a clock.

PostgreSQL is not optional: if it is down the storage tests fail, they do not skip.
``TEST_POSTGRES_URL`` points at a server where we may create a throwaway database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from storage import migrate
from storage.db import Database
from storage.orm import Base

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    name = f"mlscope_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - turn any connection failure into a clear failure
        pytest.fail(f"PostgreSQL is required for the storage tests and is not reachable at {ADMIN_URL}: {exc}")
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    migrate.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'mlscope.db'}"
    migrate.upgrade(url)
    return url


def _truncate(database: Database) -> None:
    with database.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated, empty database; every test using it runs once per backend."""
    url = request.getfixturevalue(f"{request.param}_url")
    db = Database(url)
    _truncate(db)
    yield db
    db.dispose()


@pytest.fixture
def now() -> datetime:
    return T0
