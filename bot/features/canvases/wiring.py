"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.features.canvases import actions
from bot.slack.ids import Action


def register(app: App) -> None:
    app.action(Action.CARD_BRIEF)(actions.brief)
