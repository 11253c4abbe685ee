"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""


from __future__ import annotations

from slack_bolt import App

from bot.features.command.router import mlproject
from bot.slack.ids import COMMAND


def register(app: App) -> None:
    app.command(COMMAND)(mlproject)
