"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""


from __future__ import annotations

from slack_bolt import App

from bot.features.card import actions, far_command, submissions
from bot.slack.ids import Action, Callback


def register(app: App) -> None:
    for form in actions.FORM_OF:
        app.action(form)(actions.open_card_form)
    app.action(Action.CARD_EDIT)(actions.edit)
    app.action(Action.CARD_ARCHIVE)(actions.archive)
    app.action(Action.FAR_READING_RECORD)(far_command.record_far)
    app.action(Action.FAR_READING_MEANT)(far_command.record_far)
    app.action(Action.FAR_READING_CANCEL)(far_command.cancel_far)
    app.view(Callback.STAGE)(submissions.stage_submitted)
    app.view(Callback.METRIC)(submissions.metric_submitted)
    app.view(Callback.CHECKLIST)(submissions.checklist_submitted)
    app.view(Callback.BASELINE)(submissions.baseline_submitted)
