"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""


from __future__ import annotations

from slack_bolt import App

from bot.features.home import handlers
from bot.slack.ids import Event


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED)(handlers.app_home_opened)
