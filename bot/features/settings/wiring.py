"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""


from __future__ import annotations

from slack_bolt import App

from bot.features.settings import scoring
from bot.slack.ids import Action, Callback


def register(app: App) -> None:
    app.action(Action.SETTINGS_SCORING)(scoring.scoring_clicked)
    app.action(Action.SCORING_BACK)(scoring.scoring_back)
    app.view(Callback.SCORING_FORM)(scoring.scoring_submitted)
    app.view(Callback.SCORING_PREVIEW)(scoring.scoring_saved)
