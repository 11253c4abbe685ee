"""Secrets from files: each setting may be given as ``<NAME>_FILE``, the path of a file holding it, as
Docker and Kubernetes hand secrets to a container; a setting given both ways, or a file that cannot
be read, stops start-up with a sentence that never shows the secret."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from bot.settings import Settings, SettingsError, load_settings
from tests.bot.harness import SECRET
from tests.processes import env_without_slack, serving

VALUES = {  # a value each secret setting accepts
    "SLACK_BOT_TOKEN": "xoxb-from-a-file-4f2a",
    "SLACK_SIGNING_SECRET": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "SLACK_APP_TOKEN": "xapp-1-from-a-file-77",
    "SLACK_CLIENT_ID": "1234.5678",
    "SLACK_CLIENT_SECRET": "client-secret-from-a-file",
    "SLACK_STATE_SECRET": "state-secret-from-a-file",
    "MLSCOPE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "DATABASE_URL": "postgresql+psycopg://mlscope:pw-from-a-file@db.internal/mlscope",
}


@pytest.fixture
def environ(monkeypatch):
    """No setting in the environment but those a test sets."""
    for name in os.environ:
        if name.lower().removesuffix("_file") in Settings.model_fields:
            monkeypatch.delenv(name)
    return monkeypatch


def settings(**overrides) -> Settings:
    return load_settings(_env_file=overrides.pop("env_file", None), **overrides)


def refusal(**overrides) -> str:
    with pytest.raises(SettingsError) as refused:
        settings(**overrides)
    return str(refused.value)


@pytest.mark.parametrize("name", sorted(VALUES))
def test_each_secret_setting_is_read_from_the_file_its_FILE_variable_names(name, environ, tmp_path):
    (tmp_path / "secret").write_text(VALUES[name] + "\n")
    environ.setenv(f"{name}_FILE", str(tmp_path / "secret"))
    assert getattr(settings(), name.lower()) == VALUES[name]


def test_only_the_trailing_newline_is_dropped(environ, tmp_path):
    (tmp_path / "state").write_bytes(b"  a state secret\r\n")
    environ.setenv("SLACK_STATE_SECRET_FILE", str(tmp_path / "state"))
    assert settings().slack_state_secret == "  a state secret"


def test_a_setting_given_both_ways_stops_start_up_naming_both_and_showing_neither(environ, tmp_path):
    (tmp_path / "token").write_text("xoxb-in-the-file")
    environ.setenv("SLACK_BOT_TOKEN", "xoxb-in-the-environment")
    environ.setenv("SLACK_BOT_TOKEN_FILE", str(tmp_path / "token"))
    message = refusal()
    assert "SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are both set: keep one" in message
    assert "xoxb-in-the" not in message


def test_a_value_left_in_dotenv_beside_a_file_is_refused_too(environ, tmp_path):
    (tmp_path / ".env").write_text("SLACK_SIGNING_SECRET=an-old-signing-secret\n")
    (tmp_path / "signing").write_text("a-new-signing-secret\n")
    environ.setenv("SLACK_SIGNING_SECRET_FILE", str(tmp_path / "signing"))
    message = refusal(env_file=tmp_path / ".env")
    assert "SLACK_SIGNING_SECRET and SLACK_SIGNING_SECRET_FILE are both set" in message
    assert "signing-secret" not in message


def test_a_FILE_variable_may_be_in_dotenv_and_an_empty_value_beside_it_is_no_conflict(environ, tmp_path):
    (tmp_path / "signing").write_text("a-signing-secret-in-a-file\n")
    (tmp_path / ".env").write_text(f"SLACK_SIGNING_SECRET_FILE={tmp_path / 'signing'}\n")
    environ.setenv("SLACK_SIGNING_SECRET", "")  # as Compose passes a variable left unset
    assert settings(env_file=tmp_path / ".env").slack_signing_secret == "a-signing-secret-in-a-file"


def _unreadable(tmp_path, case: str):
    path = tmp_path / "secret"
    if case == "missing":
        return path, f"no file at {path}"
    if case == "a directory":
        path.mkdir()
        return path, f"{path} is a directory, not a file"
    if case == "a symlink loop":
        path.symlink_to(path)
        return path, f"cannot read {path}: Too many levels of symbolic links (this process runs as user {os.getuid()})"
    contents = {"empty": (b"\n", "is empty"), "not text": (b"xoxb-\xff\xfe", "is not UTF-8 text")}
    contents["too large"] = (b"xoxb-" + b"9" * 70_000, "is larger than 64 KiB: not a secret")
    content, reason = contents[case]
    path.write_bytes(content)
    return path, f"{path} {reason}"


@pytest.mark.parametrize("case", ["missing", "a directory", "a symlink loop", "empty", "not text", "too large"])
def test_a_file_that_cannot_be_read_is_named_with_the_reason_and_never_its_content(case, environ, tmp_path):
    path, reason = _unreadable(tmp_path, case)
    environ.setenv("SLACK_BOT_TOKEN_FILE", str(path))
    message = refusal()
    assert message == f"Invalid settings:\n  SLACK_BOT_TOKEN_FILE: {reason}"
    assert "xoxb-" not in message and "999" not in message


def test_a_secret_set_in_the_FILE_variable_by_mistake_is_not_shown(environ):
    environ.setenv("SLACK_SIGNING_SECRET_FILE", VALUES["SLACK_SIGNING_SECRET"])
    environ.setenv("DATABASE_URL_FILE", VALUES["DATABASE_URL"])
    message = refusal()
    assert "SLACK_SIGNING_SECRET_FILE: no file at the path it names (that path is not shown" in message
    assert "DATABASE_URL_FILE: no file at postgresql+psycopg://mlscope:[redacted]@db.internal/mlscope" in message
    assert VALUES["SLACK_SIGNING_SECRET"] not in message and "pw-from-a-file" not in message


def test_what_a_file_holds_meets_the_settings_own_checks(environ, tmp_path):
    (tmp_path / "token").write_text("xapp-the-wrong-token\n")
    environ.setenv("SLACK_BOT_TOKEN_FILE", str(tmp_path / "token"))
    message = refusal()
    assert "SLACK_BOT_TOKEN: must start with xoxb-" in message and "xapp-the-wrong" not in message


def _secret_files(tmp_path, **values: str) -> dict[str, str]:
    env = {}
    for name, value in values.items():
        (tmp_path / name.lower()).write_text(value + "\n")
        env[f"{name}_FILE"] = str(tmp_path / name.lower())
    return env


def test_mlscope_serve_runs_on_secrets_from_files_and_writes_none_of_them(tmp_path, fake):
    """As in a container: the token, signing secret and database URL are files; Slack sees the token."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    files = _secret_files(tmp_path, SLACK_BOT_TOKEN="xoxb-mounted-5e1f", SLACK_SIGNING_SECRET=SECRET, DATABASE_URL=url)
    env = env_without_slack(SLACK_API_URL=fake.api_url, LOG_LEVEL="DEBUG", **files)
    env.pop("DATABASE_URL", None)
    with serving(tmp_path, env) as (proc, _, log):
        pass
    assert proc.returncode == 0
    assert fake.calls_to("auth.test")[0].token == "xoxb-mounted-5e1f"
    assert (tmp_path / "bot.db").exists(), "the database named in DATABASE_URL_FILE"
    output = log.read_text()
    assert "xoxb-mounted-5e1f" not in output and SECRET not in output


def test_mlscope_given_a_setting_both_ways_exits_2_with_the_sentence(tmp_path):
    env = env_without_slack(DATABASE_URL="sqlite:///a.db", **_secret_files(tmp_path, DATABASE_URL="sqlite:///b.db"))
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "DATABASE_URL and DATABASE_URL_FILE are both set" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists(), "nothing was migrated"
