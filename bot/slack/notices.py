"""Modals that only say something: what happened to a form, or that a check is under way.

They have no inputs and no submit button, so Slack never sends a submission for them; the person
closes them. ``response_action: update`` shows one in place of a submitted form when no field of
that form can carry the message (the project was archived or taken out of the person's hands
under the open modal), and ``views.update`` replaces one once a check made after opening is done.
"""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.ids import Callback


def notice_modal(title: str, text: str, *, outcome: str = "Nothing was saved.") -> dict[str, Any]:
    """``text`` (plain words, escaped here) and what became of the person's answers."""
    blocks = [kit.section(f"⚠️ {kit.esc_quoted(text)}")]
    if outcome:
        blocks.append(kit.context(outcome))
    return kit.modal(title, blocks, callback_id=Callback.NOTICE, submit=None, close="Close")


def done_modal(title: str, text: str) -> dict[str, Any]:
    """A change made after the form was submitted (``text`` is mrkdwn the caller escaped)."""
    return kit.modal(title, [kit.section(f"✅ {text}")], callback_id=Callback.NOTICE, submit=None, close="Close")


def checking_modal(title: str, doing: str) -> dict[str, Any]:
    """Shown at once while the app asks Slack something it needs before it can go on."""
    return kit.modal(title, [kit.section(f"⏳ {doing}")], callback_id=Callback.NOTICE, submit=None, close="Close")


def title_of(view: dict[str, Any], default: str = "MLScope") -> str:
    title = view.get("title")
    text = title.get("text") if isinstance(title, dict) else None
    return str(text or default)
