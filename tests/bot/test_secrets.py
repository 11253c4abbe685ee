"""Tokens and signing secrets never appear in logs, errors or exports: full runs at DEBUG, searched.

Single-workspace mode, and OAuth mode (issue 15, finding 4): an install through /slack/install and
/slack/oauth_redirect, whose oauth.v2.access answer slack_sdk logs whole at DEBUG, then token
rotation at every request (Bolt exchanges the refresh token for new ones), on SQLite without an
encryption key and on PostgreSQL with a key and a database password.
"""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bot.standin import payloads
from tests.bot.flows import STEPS
from tests.bot.oauth import CLIENT_ID, CLIENT_SECRET, STATE_SECRET, IssuingSlack, install
from tests.bot.readings import TOKEN_SHAPE
from tests.processes import env_without_slack, free_port, wait_healthy
from tests.throwaway import throwaway_postgres

TOKEN = "xoxb-1111-2222-SECRETTOKEN"
SIGNING = "s3cr3t-signing-value-0123456789"
CODE = "4444444444.5555555555.0au7hc0de"
PASSWORD = "pg-pa55word-SECRET"
METRICS = "m3trics-SECRET-0123456789"
ANY_TOKEN = re.compile(r"\b(xox[a-z](\.xox[a-z])?|xapp)-(?!\[redacted\])")


def post(url, body, content_type, secret=SIGNING):
    signed = payloads.sign(secret, body, content_type=content_type)
    request = urllib.request.Request(url + "/slack/events", data=signed.body, headers=signed.headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_for(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


@contextmanager
def serving(tmp_path, env):
    """``mlscope serve`` at DEBUG, logging to a file (a pipe would fill and block the server): its URL."""
    port = free_port()
    log_file = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env | {"LOG_LEVEL": "DEBUG"},
        cwd=tmp_path,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, stderr_file=tmp_path / "serve.log")
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log_file.close()


def scope_a_project(url, fake, **who):
    """/mlproject new, the five steps, a forged request, and a digest whose post Slack refuses."""
    form = "application/x-www-form-urlencoded"
    command = payloads.slash_command("new Secret test", trigger_id=fake.trigger_id(), **who)
    assert post(url, payloads.form(command), form)[0] == 200
    assert wait_for(lambda: fake.calls_to("views.open"))
    view = fake.last_view()
    for answers in STEPS:
        status, raw = post(url, payloads.interaction(payloads.view_submission(view, answers, **who)), form)
        assert status == 200
        if b'"update"' in raw:
            view = json.loads(raw)["view"] | {"id": view["id"]}
    assert wait_for(lambda: fake.messages_in("C2"))
    assert post(url, payloads.form(payloads.slash_command("list", **who)), form, secret="wrong")[0] == 401
    fake.fail_next("chat.postMessage", error="not_authed")
    post(url, payloads.form(payloads.slash_command("digest", **who)), form)
    time.sleep(1)


def push_through_the_api(url, fake):
    """An admin creates a readings-API token (shown in the ack, logged by Bolt at DEBUG), a
    pipeline records a reading with it, then tries a wrong one: the token that was created."""
    fake.add_user("U3", "hopper", admin=True)
    status, raw = post(url, payloads.form(payloads.slash_command("token create ci", user="U3")), "application/x-www-form-urlencoded")
    token = TOKEN_SHAPE.search(json.loads(raw)["text"]).group(0)
    for bearer in (token, token[:-2] + "xx"):
        reading = json.dumps({"project": "churn-predictor", "value": 0.7, "run_id": "r1"}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}
        request = urllib.request.Request(url + "/api/v1/readings", data=reading, headers=headers, method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except urllib.error.HTTPError as err:
            assert err.code == 401
    return token


def scrape(url, token):
    request = urllib.request.Request(url + "/metrics", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def decoded(log: str) -> tuple[str, list[dict]]:
    """A ``LOG_FORMAT=json`` log: its lines' text, decoded (a secret escaped by JSON is still found),
    and the lines. Only what ``serve`` prints itself is not JSON."""
    lines = [json.loads(raw) for raw in log.splitlines() if not raw.startswith("MLScope is listening")]
    return "\n".join(line["message"] + "\n" + line.get("exception", "") for line in lines), lines


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_full_run_at_debug_level_never_logs_a_secret(tmp_path, fake, log_format):
    db = f"sqlite:///{tmp_path / 'secrets.db'}"
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": db,
        "LOG_FORMAT": log_format,
        "METRICS_TOKEN": METRICS,
    }
    with serving(tmp_path, env) as url:
        scope_a_project(url, fake)
        api_token = push_through_the_api(url, fake)
        assert (scrape(url, METRICS), scrape(url, METRICS[:-1])) == (200, 401)
    logs = (tmp_path / "serve.log").read_text()
    if log_format == "json":
        text, lines = decoded(logs)
        assert {line["level"] for line in lines} >= {"DEBUG", "INFO", "WARNING"}
        answered = [line for line in lines if line["logger"] == "mlscope.requests"]
        assert len(answered) >= 8 and all(len(line["request_id"]) == 32 and line["team"] == "T1" for line in answered)
        assert len({line["request_id"] for line in answered}) == len(answered), "one id a request"
        assert METRICS not in logs
        logs += text
    assert "DEBUG" in logs, "the run really logged at DEBUG"
    assert METRICS not in logs
    assert TOKEN not in logs and "SECRETTOKEN" not in logs
    assert api_token.removeprefix("mls_") not in logs and "reading recorded for churn-predictor by API token ci" in logs
    assert SIGNING not in logs
    export = subprocess.run(
        [sys.executable, "-m", "bot.cli", "export", "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "churn-predictor" in export.stdout
    assert TOKEN not in export.stdout + export.stderr and SIGNING not in export.stdout + export.stderr


@pytest.fixture
def issuing():
    fake = IssuingSlack().start()
    fake.add_channel("C2", "ml-team")
    fake.token_rotation_expires_in = 60  # Bolt rotates a token expiring within 2 h: at every request
    yield fake
    fake.stop()


@contextmanager
def database_for(backend, tmp_path):
    """SQLite, or a throwaway PostgreSQL database reached with a password (trust auth ignores it)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'oauth.db'}", None
        return
    with throwaway_postgres("mlscope_secrets") as url:
        parsed = make_url(url)
        if parsed.password is None:
            parsed = parsed.set(password=PASSWORD)
        yield parsed.render_as_string(hide_password=False), str(parsed.password)


@pytest.mark.parametrize(
    "backend, key", [("sqlite", None), ("postgresql", Fernet.generate_key().decode())], ids=["sqlite", "postgresql"]
)
def test_an_oauth_install_and_token_rotation_at_debug_level_never_log_a_secret(tmp_path, issuing, backend, key):
    with database_for(backend, tmp_path) as (db, password):
        env = env_without_slack() | {
            "SLACK_CLIENT_ID": CLIENT_ID,
            "SLACK_CLIENT_SECRET": CLIENT_SECRET,
            "SLACK_STATE_SECRET": STATE_SECRET,
            "SLACK_SIGNING_SECRET": SIGNING,
            "SLACK_API_URL": issuing.api_url,
            "DATABASE_URL": db,
        }
        if key:
            env["MLSCOPE_ENCRYPTION_KEY"] = key
        with serving(tmp_path, env) as url:
            status, page = install(url, code=CODE)
            assert status == 200 and "Thank you" in page
            scope_a_project(url, issuing, team="T1")
    logs = (tmp_path / "serve.log").read_text()
    assert "DEBUG" in logs and "oauth.v2.access" in logs, "the run logged the token exchanges at DEBUG"
    assert len(issuing.issued) > 2, "installed, then rotated"
    refreshes = [c for c in issuing.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert refreshes and all(c.args["refresh_token"] in issuing.secrets_issued() for c in refreshes)
    secrets = [*issuing.secrets_issued(), CLIENT_SECRET, STATE_SECRET, SIGNING, CODE, key, password]
    leaked = [s for s in secrets if s and s in logs]
    assert not leaked, f"{len(leaked)} secret(s) in the log"
    assert not ANY_TOKEN.search(logs), "a Slack token in the log"
    if key is None:
        assert "MLSCOPE_ENCRYPTION_KEY is not set: Slack tokens are stored unencrypted" in logs
