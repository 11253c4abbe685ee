"""Running `mlscope` as a real process in tests: a free port and an environment without Slack."""

from __future__ import annotations

import os
import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_without_slack(**settings: str) -> dict[str, str]:
    """This process's environment minus every SLACK_* variable, plus ``settings``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | settings
