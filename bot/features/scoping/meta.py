"""Where a scoping modal is: its ``private_metadata`` (mode, step, the project edited, the channel
it was started from) and the key of the draft that remembers the answers."""

from __future__ import annotations

from typing import ClassVar, Literal

from bot.slack.metadata import Payload

STEPS = 5
NO_CHECKINS = "none"


class FlowMeta(Payload):
    """What a scoping modal carries in ``private_metadata``."""

    STALE: ClassVar[str] = "This form is out of date; start again with /mlproject new."

    mode: Literal["new", "edit"] = "new"
    step: int = 1
    ref: str | None = None
    origin_channel: str = ""


def draft_key(user_id: str, mode: str) -> str:
    """Drafts are per user; an edit in progress does not overwrite an unfinished new project."""
    return user_id if mode == "new" else f"{user_id}:edit"
