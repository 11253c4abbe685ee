"""The conversation's button ids and the one payload its buttons carry (``bot.slack.metadata``'s
encoding). Kept here, not in ``bot.slack.ids``: nothing outside this feature answers them."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import ClassVar

from bot.slack.metadata import Payload


class ChatAction(StrEnum):
    OPTION = "chat_option"  # + "_<n>": an actions block's action ids are unique within it
    TOGGLE = "chat_toggle"  # + "_<n>"
    DONE = "chat_done"
    SKIP = "chat_skip"
    BACK = "chat_back"
    REST_OF_STEP = "chat_rest_of_step"
    CREATE = "chat_create"
    RESUME = "chat_resume"
    RESTART = "chat_restart"
    START = "chat_start"
    ATTENTION = "chat_attention"
    PORTFOLIO = "chat_portfolio"


OPTION_IDS = re.compile(rf"^{ChatAction.OPTION}_\d+$")
TOGGLE_IDS = re.compile(rf"^{ChatAction.TOGGLE}_\d+$")


class ChatAnswer(Payload):
    """A question's button: the question (its field) and the option clicked."""

    STALE: ClassVar[str] = "This question is out of date; type *where am I* to see where you are."

    f: str = ""
    v: str = ""
