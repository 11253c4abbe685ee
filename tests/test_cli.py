"""The ``mlscope`` command line, run as a user would (a subprocess with its own environment)."""

import csv
import io
import json
import os
import subprocess
import sys

from domain import project_use_cases
from domain.model import GateAnswer, GateQuestion
from domain.project_use_cases import NewProject
from tests.builders import EASY, HARD, rated
from tests.conftest import T0
from tests.processes import env_without_slack
from tests.throwaway import throwaway_postgres


def mlscope(*args, database_url, cwd=None, **settings):
    env = env_without_slack(**settings) | {"DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def test_help_lists_the_commands(tmp_path):
    out = mlscope("--help", database_url=f"sqlite:///{tmp_path}/x.db")
    assert out.returncode == 0
    for command in ("db", "export"):
        assert command in out.stdout


def test_db_upgrade_creates_the_schema_on_a_new_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    out = mlscope("db", "upgrade", database_url=url)
    assert out.returncode == 0, out.stderr
    assert "up to date" in out.stdout
    assert mlscope("db", "check", database_url=url).returncode == 0


def test_db_upgrade_creates_the_schema_on_an_empty_postgres_database():
    with throwaway_postgres("mlscope_cli") as url:
        out = mlscope("db", "upgrade", database_url=url)
        assert out.returncode == 0, out.stderr
        assert mlscope("db", "check", database_url=url).returncode == 0


def test_a_malformed_database_url_stops_with_a_message_naming_it(tmp_path):
    out = mlscope("db", "upgrade", database_url="mysql://nope")
    assert out.returncode == 2
    assert "DATABASE_URL" in out.stderr and "Traceback" not in out.stderr


def test_export_from_a_database_never_migrated_says_to_upgrade_it(tmp_path):
    out = mlscope("export", database_url=f"sqlite:///{tmp_path / 'never-migrated.db'}")
    assert out.returncode == 1
    assert "mlscope db upgrade" in out.stderr and "Traceback" not in out.stderr


def test_a_tick_against_a_database_never_migrated_says_to_upgrade_it(tmp_path):
    slack = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    out = mlscope("tick", database_url=f"sqlite:///{tmp_path / 'never-migrated.db'}", **slack)
    assert out.returncode == 1
    assert "mlscope db upgrade" in out.stderr and "Traceback" not in out.stderr


def _seed(database):
    rules_would_do = {GateQuestion.ML_NEEDED: GateAnswer.NO}
    for ref, the_scope in (
        ("weak", rated(2, HARD).model_copy(update={"gate": rules_would_do})),
        ("strong", rated(5, EASY)),
    ):
        project_use_cases.create_project(
            database.uow(),
            NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", scope=the_scope),
            now=T0,
        )


def test_export_writes_the_ranked_portfolio_as_csv_json_and_markdown(database):
    _seed(database)
    url = database.url
    as_csv = list(csv.DictReader(io.StringIO(mlscope("export", "--format", "csv", database_url=url).stdout)))
    assert [(r["rank"], r["ref"], r["quadrant"], r["gate_failed"]) for r in as_csv] == [
        ("1", "strong", "do_now", ""),
        ("2", "weak", "deprioritize", "ml_needed"),
    ]
    as_json = json.loads(mlscope("export", "--format", "json", "--team", "T1", database_url=url).stdout)
    assert [r["ref"] for r in as_json] == ["strong", "weak"] and as_json[0]["impact"] == 100
    markdown = mlscope("export", "--format", "markdown", database_url=url).stdout.splitlines()
    assert markdown[0].startswith("| rank | team_id | ref |")
    assert markdown[2].startswith("| 1 | T1 | strong | Strong |")


def test_export_of_another_workspace_is_empty(database):
    _seed(database)
    out = mlscope("export", "--format", "json", "--team", "T-other", database_url=database.url)
    assert json.loads(out.stdout) == []


def test_the_database_url_in_messages_hides_the_password():
    from bot.cli.start_failures import safe_url

    assert "s3cret" not in safe_url("postgresql+psycopg://me:s3cret@db/x")


def test_nothing_happens_at_import_time(tmp_path):
    """Importing every module builds no app, opens no database and starts no thread."""
    db_file = tmp_path / "untouched.db"
    code = (
        "import gc, threading, slack_bolt\n"
        "import bot.app, bot.cli, bot.ticker, bot.ticker.every_minute, bot.slack.server, bot.features.command.router, storage.uow, domain.project_use_cases\n"
        "assert threading.active_count() == 1, threading.enumerate()\n"
        "assert not [o for o in gc.get_objects() if isinstance(o, slack_bolt.App)], 'an App was built at import'\n"
    )
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{db_file}",
        "SLACK_BOT_TOKEN": "xoxb-import",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert not db_file.exists()
