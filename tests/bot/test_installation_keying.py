"""Data is keyed on the workspace that installed MLScope, as Slack names it, not on the person's own.

A Slack Connect user's ``team.id`` / ``user.team_id`` is their home workspace; Slack names the
installation in ``authorizations`` (events) and ``view.app_installed_team_id`` (modals).
"""

import json

from bot.standin import payloads
from domain import project_queries
from tests.bot.flows import walk
from tests.bot.harness import SECRET, SlackUser
from tests.bot.test_checkins import make_project


class ConnectUser(SlackUser):
    """Someone from another organisation, in a channel shared with ours."""

    def submit(self, view, answers=None, **kw):
        return super().submit(view, answers, user_team="TPARTNER", **kw)


def test_a_scope_finished_by_a_slack_connect_user_is_saved_in_the_installing_workspace(bot, database, fake):
    walk(ConnectUser(bot, "U2"))
    assert [r.project.ref for r in project_queries.list_projects(database.uow(), "T1")] == ["churn-predictor"]
    assert project_queries.list_projects(database.uow(), "TPARTNER") == []


def test_an_event_is_answered_for_the_installation_named_in_authorizations(bot, database, fake):
    make_project(database)
    envelope = payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, team="T1")
    envelope["team_id"] = "TPARTNER"  # the event's own team: the other side of a shared channel
    body = json.dumps(envelope)
    assert bot.post("/slack/events", payloads.sign(SECRET, body, content_type="application/json")).status == 200
    [published] = fake.calls_to("views.publish")
    assert "Churn" in json.dumps(published.args["view"])
