"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.features.corrections import handlers
from bot.slack.ids import Action


def register(app: App) -> None:
    app.action(Action.READING_UNDO)(handlers.undo)
    app.action(Action.READING_DELETE)(handlers.delete)
    app.action(Action.ARCHIVE_CONFIRM)(handlers.archive_confirmed)
    app.action(Action.ARCHIVE_CANCEL)(handlers.archive_cancelled)
    app.action(Action.HOME_UNARCHIVE)(handlers.unarchive)
