"""Shared fixtures: a migrated database on SQLite and on the real PostgreSQL, and a clock.

PostgreSQL is not optional: the storage tests never skip it. ``TEST_POSTGRES_URL`` points at a
server where we may create a throwaway database; if nothing answers there, a private server is
started from the ``pgserver`` wheel (tests/throwaway.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from storage import migrate
from storage.db import Database
from storage.orm import Base
from tests.throwaway import admin_url, server_description, throwaway_postgres

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pytest_report_header() -> str:
    return f"PostgreSQL: {server_description()}"


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    database = throwaway_postgres("mlscope_test")
    try:
        url = database.__enter__()
    except Exception as exc:  # noqa: BLE001 - turn any connection failure into a clear failure
        pytest.fail(f"PostgreSQL is required for the storage tests and is not reachable at {admin_url()}: {exc}")
    try:
        migrate.upgrade(url)
        yield url
    finally:
        database.__exit__(None, None, None)


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
