"""The SQLite database holds Slack tokens: its files are private to their owner (issue 15, finding 5).

Each test runs under umask 022, the usual default, with which SQLite alone creates files 0644.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from storage.db import Database
from tests.processes import env_without_slack


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    with umask(0o022):
        yield


def test_mlscope_db_upgrade_creates_a_private_database_file(tmp_path):
    path = tmp_path / "fresh.db"
    env = env_without_slack(DATABASE_URL=f"sqlite:///{path}")
    out = subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert mode(path) == 0o600


def test_the_wal_and_shared_memory_files_of_a_running_database_are_private_too(tmp_path):
    path = tmp_path / "running.db"
    database = Database(f"sqlite:///{path}", watch_revisions=False)
    try:
        with database.engine.connect() as conn:  # first start: the connection that creates the file
            conn.execute(text("CREATE TABLE t (token TEXT)"))
            conn.execute(text("INSERT INTO t VALUES ('xoxb-secret')"))
            conn.commit()
            files = {p.name: mode(p) for p in tmp_path.iterdir()}
    finally:
        database.dispose()
    assert files == {"running.db": 0o600, "running.db-wal": 0o600, "running.db-shm": 0o600}


def test_an_existing_database_others_may_read_is_made_private(tmp_path, caplog):
    path = tmp_path / "old.db"
    for name in ("old.db", "old.db-wal", "old.db-shm"):
        (tmp_path / name).touch()
        os.chmod(tmp_path / name, 0o644)
    Database(f"sqlite:///{path}", watch_revisions=False).dispose()
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {"old.db": 0o600, "old.db-wal": 0o600, "old.db-shm": 0o600}
    assert "was readable by others" in caplog.text


def test_a_missing_directory_is_still_reported_by_sqlite(tmp_path):
    from sqlalchemy.exc import OperationalError

    database = Database(f"sqlite:///{tmp_path}/no/such/dir/x.db", watch_revisions=False)
    with pytest.raises(OperationalError), database.engine.connect():
        pass
    database.dispose()
