"""What MLScope carries in Slack payloads for itself: button values and modals' ``private_metadata``.

Read here, once, so that no handler digs into ``body["actions"][0]`` or ``view["private_metadata"]``.
"""

from __future__ import annotations

from typing import Any


def button_value(body: dict[str, Any]) -> str:
    """The value of the button that was clicked ("" when it has none)."""
    return str((body.get("actions") or [{}])[0].get("value", ""))


def view_metadata(view: dict[str, Any]) -> str:
    """A modal's ``private_metadata`` ("" when it has none)."""
    return str(view.get("private_metadata") or "")
