"""``mlscope serve`` as a person runs it: a real process, migrations at start, SIGTERM to stop."""

import signal
import subprocess
import sys
import time
import urllib.request

from bot.standin import payloads
from tests.bot.harness import SECRET
from tests.processes import env_without_slack, free_port, wait_healthy


def test_serve_migrates_a_new_database_and_answers_signed_commands(tmp_path, fake):
    port = free_port()
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-serve-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        trigger = fake.trigger_id()
        body = payloads.form(payloads.slash_command("new Serve test", trigger_id=trigger))
        signed = payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
        request = urllib.request.Request(url + "/slack/events", data=signed.body, headers=signed.headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert resp.status == 200
        deadline = time.monotonic() + 10
        while not fake.calls_to("views.open") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake.calls_to("views.open")[0].args["trigger_id"] == trigger
        assert fake.calls_to("auth.test"), "the token is verified at start"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "listening on" in out
    assert "xoxb-serve-test" not in out + err and SECRET not in out + err


def test_serve_with_only_some_credentials_says_what_is_missing(tmp_path):
    env = env_without_slack() | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "SLACK_BOT_TOKEN": "xoxb-only-the-token",
    }
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 2
    assert "SLACK_SIGNING_SECRET" in out.stderr and "Signing Secret" in out.stderr and "Traceback" not in out.stderr


def test_sigterm_lets_in_flight_work_finish_then_exits(tmp_path, fake):
    port = free_port()
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-term",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
    }
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, stderr_file=tmp_path / "serve.log")
    fake.delay("views.open", 2.0)
    trigger = fake.trigger_id()
    body = payloads.form(payloads.slash_command("new Slow Slack", trigger_id=trigger))
    signed = payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
    with urllib.request.urlopen(
        urllib.request.Request(url + "/slack/events", data=signed.body, headers=signed.headers, method="POST"),
        timeout=10,
    ) as resp:
        assert resp.status == 200  # acked at once; opening the modal is in flight
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    log.close()
    assert time.monotonic() - signalled >= 1.5, "the process waited for the slow Slack call"
    assert [c.args["trigger_id"] for c in fake.calls_to("views.open")] == [trigger]
    output = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in output and "Failed to send" not in output


def serve_failing(tmp_path, **settings: str) -> subprocess.CompletedProcess:
    env = env_without_slack() | {"SLACK_SIGNING_SECRET": SECRET, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(free_port())],
        env=env | settings,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_with_a_refused_bot_token_names_the_setting_without_a_traceback(tmp_path, fake):
    fake.fail_next("auth.test", error="invalid_auth")
    out = serve_failing(tmp_path, SLACK_BOT_TOKEN="xoxb-revoked", SLACK_API_URL=fake.api_url)
    assert out.returncode == 1
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in out.stderr
    assert "Traceback" not in out.stderr and "xoxb-revoked" not in out.stdout + out.stderr


def test_serve_that_cannot_reach_slack_names_the_url(tmp_path):
    api_url = f"http://127.0.0.1:{free_port()}/api/"
    out = serve_failing(tmp_path, SLACK_BOT_TOKEN="xoxb-t", SLACK_API_URL=api_url)
    assert out.returncode == 1
    assert f"MLScope cannot reach Slack at {api_url}" in out.stderr and "Traceback" not in out.stderr


def test_serve_that_cannot_reach_its_database_says_which_without_the_password(tmp_path, fake):
    url = f"postgresql+psycopg://mlscope:hunter2@127.0.0.1:{free_port()}/mlscope"
    out = serve_failing(tmp_path, SLACK_BOT_TOKEN="xoxb-t", SLACK_API_URL=fake.api_url, DATABASE_URL=url)
    assert out.returncode == 1
    assert "MLScope cannot use its database at postgresql+psycopg://mlscope:***@127.0.0.1" in out.stderr
    assert "Traceback" not in out.stderr and "hunter2" not in out.stdout + out.stderr
