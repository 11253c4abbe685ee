"""``mlscope db current`` and ``mlscope db downgrade``: what an operator upgrading or rolling back
reads and runs (docs/deploy.md), on SQLite and on PostgreSQL."""

import pytest
from sqlalchemy import create_engine, text

from storage import migrate
from tests.test_cli import mlscope
from tests.throwaway import throwaway_postgres

HEAD = migrate.current("sqlite://")[1]  # this version's latest revision
BEFORE = f"{int(HEAD) - 1:04d}"  # the one before it


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ops.db'}"
        return
    with throwaway_postgres("mlscope_cli_db") as url:
        yield url


def test_current_says_never_migrated_then_the_head(url):
    assert mlscope("db", "current", database_url=url).stdout == (
        f"none: never migrated (this version's head is {HEAD}: mlscope db upgrade)\n"
    )
    assert mlscope("db", "upgrade", database_url=url).returncode == 0
    assert mlscope("db", "current", database_url=url).stdout == f"{HEAD} (this version's head)\n"


def test_downgrade_returns_to_a_revision_and_upgrade_comes_back(url):
    assert mlscope("db", "upgrade", database_url=url).returncode == 0
    out = mlscope("db", "downgrade", BEFORE, database_url=url)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Database is at revision {BEFORE}: ")
    assert mlscope("db", "current", database_url=url).stdout == (
        f"{BEFORE} (this version's head is {HEAD}: mlscope db upgrade)\n"
    )
    assert mlscope("db", "upgrade", database_url=url).returncode == 0
    assert mlscope("db", "check", database_url=url).returncode == 0


def test_a_revision_this_version_does_not_know_is_refused_with_a_sentence(url):
    assert mlscope("db", "upgrade", database_url=url).returncode == 0
    out = mlscope("db", "downgrade", "9999", database_url=url)
    assert out.returncode == 2
    assert "Can't locate revision identified by '9999'" in out.stderr and "Traceback" not in out.stderr
    assert "mlscope db current" in out.stderr
    assert mlscope("db", "current", database_url=url).stdout == f"{HEAD} (this version's head)\n", "unchanged"


def test_current_names_a_database_a_newer_version_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    assert mlscope("db", "upgrade", database_url=url).returncode == 0
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    assert mlscope("db", "current", database_url=url).stdout == (
        f"9999: migrated by a newer version (this version's head is {HEAD})\n"
    )
