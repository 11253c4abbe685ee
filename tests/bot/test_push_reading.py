"""``mlscope push-reading`` against a live MLScope (the bot's own HTTP server): what a shell script
sees for each answer, its exit code, and Retry-After respected a bounded number of times."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli.main import main
from domain import project_queries
from tests.bot.flows import walk
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.readings import create_token
from tests.processes import env_without_slack

REF = "churn-predictor"


@pytest.fixture
def token(bot, fake, ada) -> str:
    fake.add_user("U3", "hopper", admin=True)
    walk(ada)
    return create_token(SlackUser(bot, "U3"))


def push_reading(url: str, token: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command as a CI step runs it: a process of its own, the token in its environment."""
    env = env_without_slack() | ({"MLSCOPE_TOKEN": token} if token is not None else {})
    env.pop("MLSCOPE_TOKEN", None) if token is None else None
    command = [sys.executable, "-m", "bot.cli", "push-reading", "--url", url, *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def test_a_pushed_reading_is_recorded_once_per_run_id(bot, token, database):
    args = ("--project", REF, "--value", "0.81", "--note", "nightly", "--source-url", "https://ci.example/1", "--run-id", "1")
    first = push_reading(bot.url, token, *args)
    again = push_reading(bot.url, token, *args)
    bot.background.wait_idle()
    assert (first.returncode, first.stdout.strip()) == (0, f"{REF}: 0.81 recorded")
    assert (again.returncode, again.stdout.strip()) == (0, f"{REF}: 0.81 already recorded under this run id")
    [reading] = project_queries.get_project(database.uow(), "T1", REF).readings
    assert (reading.value, reading.note, reading.source_url, reading.run_id) == (0.81, "nightly", "https://ci.example/1", "1")


@pytest.mark.parametrize(
    ("token_of", "args", "code", "says"),
    [
        (lambda t: None, ("--project", REF, "--value", "1"), 2, "Set MLSCOPE_TOKEN"),
        (lambda t: "mls_" + "z" * 43, ("--project", REF, "--value", "1"), 3, "401: A valid API token is required"),
        (lambda t: t, ("--project", "nope", "--value", "1"), 4, "404: No project `nope`"),
        (lambda t: t, ("--project", REF, "--value", "nan"), 5, "refused: value must be a finite number"),
        (lambda t: t, ("--project", REF, "--value", "1", "--source-url", "ftp://x"), 5, "refused: source_url must be an http"),
    ],
    ids=["no-token", "bad-token", "no-project", "nan", "ftp"],
)
def test_each_refusal_has_its_exit_code_and_message(bot, token, database, token_of, args, code, says):
    done = push_reading(bot.url, token_of(token), *args)
    assert done.returncode == code and says in done.stderr, done.stderr
    assert token not in done.stdout + done.stderr
    assert project_queries.get_project(database.uow(), "T1", REF).readings == []


def test_an_unreachable_mlscope_exits_1(token):
    done = push_reading("http://127.0.0.1:9", token, "--project", REF, "--value", "1")
    assert done.returncode == 1 and "Could not reach MLScope" in done.stderr


def test_the_token_is_never_a_flag(bot):
    done = subprocess.run([sys.executable, "-m", "bot.cli", "push-reading", "--help"], capture_output=True, text=True)
    assert "MLSCOPE_TOKEN" in done.stdout and "--token" not in done.stdout


@pytest.fixture
def slow_bot(database, fake, clock):
    running = RunningBot(database, fake, clock, api_readings_burst=1, api_readings_per_minute=0.6)
    yield running
    running.stop()


def test_a_429_is_waited_out_as_retry_after_says_a_bounded_number_of_times(slow_bot, fake, monkeypatch, capsys):
    fake.add_user("U3", "hopper", admin=True)
    walk(SlackUser(slow_bot, "U1"))
    monkeypatch.setenv("MLSCOPE_TOKEN", create_token(SlackUser(slow_bot, "U3")))
    waits: list[float] = []
    monkeypatch.setattr("time.sleep", waits.append)  # nothing is really waited for
    argv = ["push-reading", "--url", slow_bot.url, "--project", REF, "--retries", "2"]
    assert main([*argv, "--value", "0.5"]) == 0
    assert main([*argv, "--value", "0.6"]) == 6
    assert waits == [60.0, 60.0], "Retry-After (100 s) respected twice, each wait capped at 60 s, then given up"
    assert "429: Too many readings for this token; retry in 100 s." in capsys.readouterr().err
