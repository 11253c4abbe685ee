"""Members cannot pester each other through the bot: manual posts are spaced, subscriptions are their owner's."""

from datetime import timedelta

from bot.slack.metadata import CardButton
from domain import checkin_use_cases, digest_use_cases
from tests.bot.harness import SlackUser
from tests.bot.test_checkins import MONDAY, checkin_posts, make_project
from tests.bot.test_secrets import wait_for


def test_a_second_manual_check_in_within_ten_minutes_is_refused_and_pings_nobody(ada, fake, database, clock):
    make_project(database)
    clock.now = MONDAY + timedelta(hours=2)
    assert "Posting a check-in" in ada.command("checkin churn").body["text"]
    refused = ada.command("checkin churn").body["text"]
    assert "was asked for less than a minute ago" in refused and "can be asked for in 10 minutes" in refused
    assert len(checkin_posts(fake)) == 1
    clock.now += checkin_use_cases.MANUAL_CHECKIN_EVERY
    assert "Posting a check-in" in ada.command("checkin churn").body["text"]
    assert len(checkin_posts(fake)) == 2


def test_a_second_digest_in_the_same_channel_within_a_minute_is_refused(ada, fake, database, clock):
    make_project(database)
    ada.command("digest", channel="C2")
    assert "A digest was posted in this channel" in ada.command("digest", channel="C2").body["text"]
    clock.now += digest_use_cases.MANUAL_DIGEST_EVERY
    assert "Posting the portfolio digest" in ada.command("digest", channel="C2").body["text"]


def test_only_the_subscriber_a_lead_or_an_admin_can_stop_or_change_a_channels_digest(ada, grace, bot, fake, database):
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2") is not None
    refused = grace.command("digest unsubscribe", channel="C2").body["text"]
    assert "Only <@U1>, who set up this channel's digest" in refused
    grace.command("digest subscribe biweekly friday 08:00", channel="C2")
    assert any("Only <@U1>" in r.get("text", "") for r in fake.responses)
    assert any("Only <@U1>" in r.get("text", "") for r in fake.responses)
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2").created_by == "U1", "unchanged"
    fake.add_user("U3", "hopper", admin=True)
    assert "no longer" in SlackUser(bot, "U3").command("digest unsubscribe", channel="C2").body["text"]
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2") is None


def test_a_person_flooding_the_bot_is_told_to_slow_down_and_nothing_runs_while_others_are_served(
    database, fake, clock
):
    from tests.bot.harness import RunningBot

    bot = RunningBot(database, fake, clock, rate_limit_burst=3, rate_limit_per_minute=1)
    try:
        ada, grace = SlackUser(bot, "U1"), SlackUser(bot, "U2")
        make_project(database)
        answers = [ada.command("show churn").body["text"] for _ in range(3)]
        assert all("going faster" not in a for a in answers)
        refused = ada.command("checkin churn").body["text"]
        assert "going faster than I can keep up" in refused and "try again in" in refused
        assert checkin_posts(fake) == [], "the refused command did nothing"
        assert "going faster" not in grace.command("list").body["text"], "another person is not held back"
        ada.click("card_edit", value=CardButton(ref="churn").dump(), channel="C2")
        assert wait_for(lambda: any("going faster" in r.get("text", "") for r in fake.responses)), "a click is told"
        ada.click("card_edit", value=CardButton(ref="churn").dump(), channel=None, view={"id": "V1", "blocks": []}, response_url="")
        assert wait_for(lambda: any("going faster" in m.text for m in fake.messages_in("DU1"))), "in a modal: a DM"
    finally:
        bot.stop()


def test_a_command_waits_at_most_a_second_for_slack_to_say_whether_someone_is_an_admin(ada, grace, fake):
    """Slack wants a command's answer within 3 s; users.info is asked once, briefly, and fails closed."""
    import time

    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.delay("users.info", 4.0)
    started = time.monotonic()
    refused = grace.command("digest unsubscribe", channel="C2").body["text"]
    assert time.monotonic() - started < 2.5
    assert "Only <@U1>, who set up this channel's digest" in refused
