"""What Slack accepts as the answer to a view submission, checked where Slack's side receives it.

``response_action: errors`` must name input blocks of the submitted view; any other key makes Slack
show the person "We had some trouble connecting" instead of the field errors.
https://docs.slack.dev/surfaces/modals#displaying_errors
"""

from __future__ import annotations

import json
from typing import Any

RESPONSE_ACTIONS = frozenset({"errors", "update", "push", "clear"})


def input_block_ids(view: dict[str, Any]) -> set[str]:
    return {str(b.get("block_id")) for b in view.get("blocks") or [] if b.get("type") == "input"}


def view_response_problems(view: dict[str, Any], raw: bytes) -> list[str]:
    """Why Slack would refuse the app's answer ``raw`` to a submission of ``view`` (empty if it would not)."""
    if not raw.strip():
        return []  # an empty 200 closes the modal
    try:
        answer = json.loads(raw)
    except json.JSONDecodeError:
        return [f"view_submission answer is not JSON: {raw[:80]!r}"]
    action = answer.get("response_action")
    if action is None:
        return []
    if action not in RESPONSE_ACTIONS:
        return [f"view_submission: unknown response_action {action!r}"]
    if action == "errors":
        errors = answer.get("errors")
        if not isinstance(errors, dict) or not errors:
            return ["view_submission: response_action errors without errors"]
        unknown = sorted(set(errors) - input_block_ids(view))
        if unknown:
            return [
                f"view_submission errors name blocks the view has no input for: {unknown} "
                f"(inputs: {sorted(input_block_ids(view))})"
            ]
    if action in ("update", "push") and not isinstance(answer.get("view"), dict):
        return [f"view_submission: response_action {action} without a view"]
    return []
