"""Tokens and signing secrets never appear in logs, errors or exports: a full run at DEBUG, searched."""

import signal
import subprocess
import sys
import time
import urllib.request

from bot.standin import payloads
from tests.bot.flows import STEPS
from tests.bot.test_serve import wait_healthy
from tests.processes import env_without_slack, free_port

TOKEN = "xoxb-1111-2222-SECRETTOKEN"
SIGNING = "s3cr3t-signing-value-0123456789"


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


def test_a_full_run_at_debug_level_never_logs_a_secret(tmp_path, fake):
    port = free_port()
    db = f"sqlite:///{tmp_path / 'secrets.db'}"
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": db,
        "LOG_LEVEL": "DEBUG",
    }
    log_file = (tmp_path / "serve.log").open(
        "w"
    )  # a file, not a pipe: DEBUG output would fill a pipe and block the server
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, stderr_file=tmp_path / "serve.log")
        form = "application/x-www-form-urlencoded"
        assert post(url, payloads.form(payloads.slash_command("new Secret test", trigger_id=fake.trigger_id())), form)[0] == 200
        assert wait_for(lambda: fake.calls_to("views.open"))
        view = fake.last_view()
        for answers in STEPS:
            status, raw = post(url, payloads.interaction(payloads.view_submission(view, answers)), form)
            assert status == 200
            if b'"update"' in raw:
                import json

                view = json.loads(raw)["view"] | {"id": view["id"]}
        assert wait_for(lambda: fake.messages_in("C2"))
        assert post(url, payloads.form(payloads.slash_command("list")), form, secret="wrong")[0] == 401
        fake.fail_next("chat.postMessage", error="not_authed")
        post(url, payloads.form(payloads.slash_command("digest")), form)
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log_file.close()
    logs = (tmp_path / "serve.log").read_text()
    assert "DEBUG" in logs, "the run really logged at DEBUG"
    assert TOKEN not in logs and "SECRETTOKEN" not in logs
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
