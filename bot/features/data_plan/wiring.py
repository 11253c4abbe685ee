"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.features.data_plan import handlers
from bot.slack.ids import Action, Callback


def register(app: App) -> None:
    app.action(Action.DATA_PLAN)(handlers.data_plan_clicked)
    app.view(Callback.DATA_PLAN)(handlers.data_plan_submitted)
