"""What the stand-in's own tests share: the error name Slack (here, the stand-in) answers a call
with. The bare stand-in (``slack``) and the WebClient pointed at it (``client``) are fixtures in
``tests/bot/conftest.py``; a module that needs another one defines its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError


def error_of(call: Callable[[], Any]) -> str:
    """The ``error`` of the refusal ``call`` must meet."""
    with pytest.raises(SlackApiError) as failed:
        call()
    return str(failed.value.response["error"])
