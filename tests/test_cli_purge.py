"""``mlscope purge --team T``, run as an operator would (a subprocess), on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

from domain import digest_use_cases
from storage.purge import count_team
from tests.bot.test_checkins import WEEKLY, make_project
from tests.conftest import T0
from tests.processes import env_without_slack


def purge(database_url: str, *args: str, typed: str | None = None) -> subprocess.CompletedProcess[str]:
    env = env_without_slack() | {"DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "purge", *args],
        input=typed if typed is not None else "",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def two_workspaces(database) -> dict[str, int]:
    make_project(database, "churn", team="T1")
    make_project(database, "fraud", team="T1")
    digest_use_cases.subscribe_digest(database.uow(), "T1", "C2", WEEKLY, scope="", actor="U1", now=T0)
    make_project(database, "churn", team="T2")
    return count_team(database.engine, "T2")


def test_purge_says_what_it_will_delete_and_deletes_nothing_unless_the_id_is_typed_again(database):
    two_workspaces(database)
    before = count_team(database.engine, "T1")
    out = purge(database.url, "--team", "T1", typed="T2\n")
    assert out.returncode == 1
    assert "Type the workspace's id (T1)" in out.stdout and "projects" in out.stdout
    assert "Not deleted: T2 was typed, not T1." in out.stderr
    assert count_team(database.engine, "T1") == before


def test_purge_deletes_the_workspaces_data_everywhere_and_counts_it_per_table(database):
    other = two_workspaces(database)
    before = count_team(database.engine, "T1")
    out = purge(database.url, "--team", "T1", typed="T1\n")
    assert out.returncode == 0, out.stderr
    deleted = out.stdout.split("Deleted ", 1)[1]
    assert deleted.startswith(f"{sum(before.values())} rows of workspace T1:")
    for table, n in before.items():
        assert f"  {table} " in deleted and deleted.split(f"  {table} ", 1)[1].split("\n")[0].strip() == str(n)
    assert {"projects", "history", "digest_subscriptions", "workspaces"} <= set(before)
    assert count_team(database.engine, "T1") == {}
    assert count_team(database.engine, "T2") == other, "another workspace keeps everything"


def test_purge_with_yes_asks_nothing_and_a_workspace_with_no_data_is_said_to_have_none(database):
    two_workspaces(database)
    out = purge(database.url, "--team", "T1", "--yes")
    assert out.returncode == 0 and "Type" not in out.stdout and count_team(database.engine, "T1") == {}
    again = purge(database.url, "--team", "T1", "--yes")
    assert again.returncode == 0 and "Nothing is stored for workspace T1" in again.stdout


def test_purge_of_a_database_never_migrated_says_so_instead_of_finding_nothing(tmp_path):
    out = purge(f"sqlite:///{tmp_path / 'never-migrated.db'}", "--team", "T1", "--yes")
    assert out.returncode == 1 and "mlscope db upgrade" in out.stderr
