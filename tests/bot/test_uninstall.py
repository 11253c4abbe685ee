"""Uninstall and revoked tokens (issue 21): a workspace's scheduled posts stop at once, its tokens
are deleted, its data is kept or purged (MLSCOPE_ON_UNINSTALL).

Slack's events come from the stand-in as Slack sends them (``FakeSlack.uninstall``: the tokens
revoked, then ``tokens_revoked`` and ``app_uninstalled`` envelopes shaped as their reference pages
show them), signed; scheduled posts go through the real tick and the stand-in over HTTP.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.slack.clients import reactivate_own
from bot.standin import payloads
from domain import digest_use_cases
from storage.orm import OccurrenceRow
from storage.purge import count_team
from storage.workspace_status import inactive
from tests.bot.harness import RunningBot
from tests.bot.test_checkins import TUESDAY_DUE, WEEKLY, checkin_posts, make_project
from tests.bot.test_oauth_edges import installed, make_slack, ticker
from tests.bot.test_token_storage import oauth_bot, raw_rows
from tests.conftest import T0

DAY, WEEK = timedelta(days=1), timedelta(weeks=1)


@pytest.fixture
def slack():
    fake = make_slack()
    yield fake
    fake.stop()


def subscribe_digest(database, team="T1", channel="C2") -> None:
    digest_use_cases.subscribe_digest(database.uow(), team, channel, WEEKLY, scope="", actor="U1", now=T0)


def statuses(database, team="T1") -> dict[str, list[str]]:
    with database.engine.connect() as conn:
        rows = conn.execute(select(OccurrenceRow.kind, OccurrenceRow.status).where(OccurrenceRow.team_id == team))
        found: dict[str, list[str]] = {}
        for kind, status in rows:
            found.setdefault(kind, []).append(status)
        return found


def a_workspace_with_posts_under_way(bot, database) -> None:
    """Installed, a project with weekly check-ins and a weekly digest, the first of each posted:
    the check-in's nudge is pending."""
    installed(bot)
    make_project(database)
    subscribe_digest(database)
    assert ticker(bot).run(now=TUESDAY_DUE).posted >= 2
    assert "pending" in statuses(database)["nudge"]


@pytest.mark.parametrize("events_reversed", [False, True], ids=["tokens_revoked first", "app_uninstalled first"])
def test_uninstalling_stops_every_scheduled_post_at_once_deletes_the_tokens_and_keeps_the_data(
    installations, slack, clock, events_reversed, caplog
):
    bot = oauth_bot(installations, slack, clock)
    try:
        a_workspace_with_posts_under_way(bot, installations)
        first_week = len(checkin_posts(slack))  # the check-in and the digest
        events = slack.uninstall()
        with caplog.at_level(logging.WARNING):
            for envelope in reversed(events) if events_reversed else events:
                assert bot.deliver(envelope).status == 200
        assert "xox" not in caplog.text, "no token is logged"
        calls = len(slack.calls)
        for later in (DAY, WEEK, 2 * WEEK):
            report = ticker(bot).run(now=TUESDAY_DUE + later)
            assert (report.planned, report.claimed, report.posted) == (0, 0, 0)
        assert len(slack.calls) == calls, "nothing was asked of Slack with the revoked token"
        assert set(statuses(installations)["nudge"]) == {"skipped"}, "the pending nudge is skipped, not left to fire"
        assert raw_rows(installations) == [], "no token and no installation is kept"
        assert inactive(installations.engine) == {"T1": "tokens_revoked" if not events_reversed else "app_uninstalled"}
        kept = count_team(installations.engine, "T1")
        assert kept["projects"] == 1 and kept["digest_subscriptions"] == 1, "MLSCOPE_ON_UNINSTALL=keep by default"
        assert "kept workspace T1's data" in caplog.text
        # A reinstall finds its projects again, and the next week's check-in is posted with the new token.
        token = installed(bot)
        report = ticker(bot).run(now=TUESDAY_DUE + 3 * WEEK)
    finally:
        bot.stop()
    assert report.posted >= 2 and len(checkin_posts(slack)) == 2 * first_week
    assert slack.calls_to("chat.postMessage")[-1].token == token


def test_with_on_uninstall_purge_the_workspaces_data_is_deleted_everywhere(installations, slack, clock, caplog):
    bot = oauth_bot(installations, slack, clock, mlscope_on_uninstall="purge")
    try:
        a_workspace_with_posts_under_way(bot, installations)
        before = count_team(installations.engine, "T1")
        assert {"projects", "occurrences", "history", "digest_subscriptions", "slack_bots"} <= set(before)
        with caplog.at_level(logging.WARNING):
            for envelope in slack.uninstall():
                assert bot.deliver(envelope).status == 200
        report = ticker(bot).run(now=TUESDAY_DUE + WEEK)
    finally:
        bot.stop()
    assert count_team(installations.engine, "T1") == {}, "nothing of the workspace is left"
    assert report.posted == 0 and raw_rows(installations) == []
    assert "purged workspace T1's data (MLSCOPE_ON_UNINSTALL=purge): " in caplog.text
    assert f"projects {before['projects']}" in caplog.text, "the log says what was deleted"


def test_a_revoked_user_token_alone_leaves_the_bot_posting(installations, slack, clock):
    bot = oauth_bot(installations, slack, clock)
    try:
        installed(bot)
        make_project(installations)
        assert bot.deliver(payloads.tokens_revoked(team="T1", oauth=["U1"])).status == 200
        report = ticker(bot).run(now=TUESDAY_DUE)
    finally:
        bot.stop()
    assert report.posted == 1 and inactive(installations.engine) == {}
    assert [row["team_id"] for row in raw_rows(installations)] == ["T1"], "the bot's token is kept; U1 installed nothing else"


def test_with_one_bot_token_only_the_uninstalled_workspace_stops_and_the_log_says_to_remove_the_token(
    database, fake, clock, caplog
):
    bot = RunningBot(database, fake, clock)
    try:
        make_project(database, "churn", team="T1")
        make_project(database, "fraud", team="T2")
        with caplog.at_level(logging.WARNING):
            assert bot.deliver(payloads.app_uninstalled(team="T2")).status == 200
        report = ticker(bot).run(now=TUESDAY_DUE)
    finally:
        bot.stop()
    assert report.posted == 1 and len(checkin_posts(fake)) == 1, "T1's check-in, not T2's"
    assert inactive(database.engine) == {"T2": "app_uninstalled"}
    assert "SLACK_BOT_TOKEN is set in the environment: remove it" in caplog.text
    assert count_team(database.engine, "T2")["projects"] == 1


def test_with_one_bot_token_a_restart_with_a_token_slack_accepts_resumes_the_workspaces_posts(
    database, fake, clock, caplog
):
    bot = RunningBot(database, fake, clock)
    try:
        make_project(database, "churn", team="T1")
        assert bot.deliver(payloads.app_uninstalled(team="T1")).status == 200
        assert inactive(database.engine) == {"T1": "app_uninstalled"}
        assert ticker(bot).run(now=TUESDAY_DUE).posted == 0
        with caplog.at_level(logging.WARNING):
            assert reactivate_own(bot.settings, database) == "T1"  # at the restart with the reinstall's token
        report = ticker(bot).run(now=TUESDAY_DUE + timedelta(weeks=1))
    finally:
        bot.stop()
    assert inactive(database.engine) == {} and report.posted == 1
    assert "SLACK_BOT_TOKEN works for workspace T1, marked inactive before" in caplog.text


def test_with_one_bot_token_an_uninstall_event_sent_before_this_process_started_changes_nothing(database, fake, clock):
    bot = RunningBot(database, fake, clock)
    try:
        make_project(database, "churn", team="T1")
        late = payloads.app_uninstalled(team="T1")
        late["event_time"] -= 3600  # retried by Slack after the reinstall and restart
        assert bot.deliver(late).status == 200
        report = ticker(bot).run(now=TUESDAY_DUE)
    finally:
        bot.stop()
    assert inactive(database.engine) == {} and report.posted == 1


def test_an_uninstall_event_sent_before_a_reinstall_changes_nothing_when_it_arrives_after_it(
    installations, slack, clock, caplog
):
    bot = oauth_bot(installations, slack, clock)
    try:
        installed(bot)
        make_project(installations)
        late = slack.uninstall()
        for envelope in late:
            envelope["event_time"] -= 60  # sent a minute ago, delivered (or retried) only now
        token = installed(bot)
        with caplog.at_level(logging.WARNING):
            for envelope in late:
                assert bot.deliver(envelope).status == 200
        report = ticker(bot).run(now=TUESDAY_DUE)
    finally:
        bot.stop()
    assert "ignored tokens_revoked for workspace T1: MLScope was installed there again since" in caplog.text
    assert inactive(installations.engine) == {} and report.posted == 1
    assert slack.calls_to("chat.postMessage")[-1].token == token, "the new installation's token is kept"
