"""Which Slack ids go to which of this feature's handlers: wiring only, nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.features.checkins import details, loop_back, schedule, thread
from bot.slack.ids import Action, Callback


def register(app: App) -> None:
    for action in thread.ANSWER_OF:
        app.action(action)(thread.answer)
    app.action(Action.CHECKIN_LOOP_BACK)(loop_back.loop_back)
    app.view(Callback.CHECKIN_LOOP_BACK)(loop_back.loop_back_submitted)
    app.action(Action.CHECKIN_REVISE_METRIC)(loop_back.revise_metric)
    app.action(Action.CHECKIN_SNOOZE)(loop_back.snooze)
    app.action(Action.CHECKIN_BLOCKER_RESOLVED)(thread.blocker_resolved)
    app.action(Action.CHECKIN_DETAILS)(details.details)
    app.view(Callback.CHECKIN_DETAILS)(details.details_submitted)
    app.view(Callback.CHECKIN_SCHEDULE)(schedule.schedule_submitted)
