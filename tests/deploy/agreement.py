"""What the deployment files must agree on with MLScope itself: its commands, settings and paths."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.api.readings import READINGS
from bot.cli.parser import build_parser
from bot.settings import Settings
from bot.slack.server import EVENTS_PATH

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

# Settings that are secrets: given only as <NAME>_FILE in the deployment files, never as a value.
SECRET_SETTINGS = {
    "slack_bot_token",
    "slack_signing_secret",
    "slack_app_token",
    "slack_client_secret",
    "slack_state_secret",
    "mlscope_encryption_key",
    "database_url",
}
# What Slack and pipelines call; nothing else is public.
PRIVATE_PATHS = ("/healthz", "/readyz", "/metrics", "/")


def public_paths() -> list[str]:
    from slack_bolt.oauth.oauth_settings import OAuthSettings

    oauth = OAuthSettings(client_id="1.2", client_secret="s")
    return [EVENTS_PATH, oauth.install_path, oauth.redirect_uri_path, READINGS]


def assert_mlscope_command(args: list[str]) -> None:
    """``args`` (after the image's ``mlscope`` entrypoint) is a command ``mlscope`` accepts."""
    try:
        build_parser().parse_args(args)
    except SystemExit:
        pytest.fail(f"mlscope {' '.join(args)} is not a command mlscope accepts (mlscope --help)")


def assert_settings(names: list[str]) -> list[str]:
    """Each name is one of MLScope's settings, or ``<SETTING>_FILE``; returns the settings named."""
    settings = []
    for name in names:
        setting = name.lower().removesuffix("_file")
        assert setting in Settings.model_fields, f"{name} is not a setting of MLScope (bot/settings.py)"
        assert name.endswith("_FILE") or setting not in SECRET_SETTINGS, f"{name}: secrets are given as files"
        settings.append(setting)
    return settings


def docs_secret_keys() -> set[str]:
    """The keys of the Kubernetes Secret that docs/deploy.md tells operators to create."""
    text = (ROOT / "docs" / "deploy.md").read_text()
    return set(re.findall(r"--from-file=([a-z-]+)=", text))
