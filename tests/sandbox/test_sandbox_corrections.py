"""Corrections in the sandbox, as its page drives them: a reading's Undo replaces the confirmation
the person saw, and the archive command's question gives way to its outcome."""

from tests.bot.flows import button_in
from tests.sandbox.test_sandbox import post, scope, seen_by


def latest_with(sandbox, action_id):
    return next(m for m in reversed(seen_by(sandbox)["messages"]) if action_id in str(m.get("blocks")))


def click(sandbox, message, action_id):
    button = button_in(message["blocks"], action_id)
    action = {"action_id": action_id, "value": button["value"], "block_id": "actions"}
    container = {"type": "message", "channel": message["channel"], "ts": message["ts"]}
    assert post(sandbox, "action", {"user": "U1", "action": action, "container": container}) == (200, {"ok": True})
    return next(m for m in seen_by(sandbox)["messages"] if m["ts"] == message["ts"] and m["channel"] == message["channel"])


def test_undo_in_the_sandbox_replaces_the_confirmation_with_what_was_undone(sandbox):
    scope(sandbox)
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject metric churn-predictor 0.67"})
    after = click(sandbox, latest_with(sandbox, "reading_undo"), "reading_undo")
    assert after["text"].startswith("↩️ Undone: the reading 0.67") and "reading_undo" not in str(after["blocks"])


def test_the_archive_question_in_the_sandbox_gives_way_to_its_outcome(sandbox):
    scope(sandbox)
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject archive churn-predictor"})
    after = click(sandbox, latest_with(sandbox, "archive_confirm"), "archive_confirm")
    assert after["text"].startswith("✅ Archived *Churn Predictor*")
