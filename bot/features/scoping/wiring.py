"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""


from __future__ import annotations

from slack_bolt import App

from bot.features.scoping import handlers
from bot.slack.ids import Action, Callback


def register(app: App) -> None:
    app.view(Callback.SCOPE_STEP)(handlers.scope_step)
    app.action(Action.DRAFT_RESUME)(handlers.resume)
    app.action(Action.DRAFT_RESTART)(handlers.restart)
    app.action(Action.HOME_NEW)(handlers.new_from_home)
