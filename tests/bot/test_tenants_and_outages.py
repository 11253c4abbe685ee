"""Two workspaces in one database see nothing of each other; Slack hiccups are retried."""

from datetime import UTC, datetime

import pytest
from slack_sdk.oauth.installation_store import Installation

from domain import project_queries
from storage.slack_oauth import installation_store
from tests.bot.flows import walk
from tests.bot.harness import RunningBot, SlackUser


@pytest.fixture
def oauth_bot(database, fake, clock):
    """The app in multi-workspace (OAuth) mode, with installations for T1 and T2 (grace is in T2)."""
    fake.add_user("U2", "grace", team_id="T2")
    store = installation_store("client-id", database.engine)
    for team, token in (("T1", "xoxb-team-one"), ("T2", "xoxb-team-two")):
        store.save(
            Installation(
                app_id="A1",
                team_id=team,
                bot_token=token,
                bot_id=f"B{team}",
                bot_user_id=f"UB{team}",
                user_id="U1",
                installed_at=datetime(2026, 1, 1, tzinfo=UTC).timestamp(),
            )
        )
    running = RunningBot(
        database,
        fake,
        clock,
        slack_bot_token=None,
        slack_client_id="client-id",
        slack_client_secret="client-secret",
        slack_state_secret="state-secret",
    )
    yield running
    running.stop()


def test_each_workspace_is_answered_with_its_own_token_and_sees_only_its_projects(oauth_bot, fake, database):
    one, two = SlackUser(oauth_bot, "U1", team="T1"), SlackUser(oauth_bot, "U2", team="T2")
    walk(one)
    assert project_queries.list_projects(database.uow(), "T1") and project_queries.list_projects(database.uow(), "T2") == []
    assert {c.token for c in fake.calls_to("views.open")} == {"xoxb-team-one"}
    before = len(fake.calls_to("views.open"))
    two.command("new")
    assert [c.token for c in fake.calls_to("views.open")[before:]] == ["xoxb-team-two"]
    assert "No project `churn-predictor`" in two.command("show churn-predictor").body["text"]
    assert "nothing yet" in two.command("list").body["text"]


def test_the_install_page_is_served(oauth_bot):
    reply = oauth_bot.get("/slack/install")
    assert reply.status == 200 and b"slack.com/oauth/v2/authorize" in reply.raw and b"client-id" in reply.raw


HOME = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}


def test_a_slack_5xx_on_an_interactive_call_is_retried(ada, fake):
    fake.fail_next("views.publish", status=503)
    ada.event(HOME)
    assert len(fake.calls_to("views.publish")) == 2 and fake.violations == []
    assert "My projects" in str(fake.calls_to("views.publish")[-1].args["view"]["blocks"])


def test_a_429_on_an_interactive_call_waits_for_retry_after_and_succeeds(ada, fake):
    fake.fail_next("views.publish", status=429, retry_after=0)
    ada.event(HOME)
    assert len(fake.calls_to("views.publish")) == 2


def test_but_opening_a_modal_is_never_retried_for_it_would_spend_the_same_trigger_again(ada, fake):
    """views.open works once per trigger_id (https://docs.slack.dev/reference/methods/views.open)."""
    for status in (503, 429):
        fake.fail_next("views.open", status=status, retry_after=0)
        ada.command("new")
    assert len(fake.calls_to("views.open")) == 2, "one call per command"
    told = [c.args["text"] for c in fake.calls_to("chat.postEphemeral")]
    assert len(told) == 2 and all("Nothing was changed" in t for t in told)
