"""Which Slack events go to this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.features.uninstall import handlers
from bot.slack.ids import Event


def register(app: App) -> None:
    app.event(Event.APP_UNINSTALLED)(handlers.app_uninstalled)
    app.event(Event.TOKENS_REVOKED)(handlers.tokens_revoked)
