"""Respecting people's time: "Snooze a week" on a check-in, people away, workspace holidays."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.ticker import Ticker
from domain import holidays
from tests.bot.test_checkins import MONDAY, TUESDAY_DUE, answer, checkin_posts, make_project, post_checkin


@pytest.fixture
def ticker(bot):
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder="test-ticker", sleep=lambda s: None)


def snooze(user, message, clock=None):
    if clock is not None:
        clock.now = TUESDAY_DUE + timedelta(hours=1)
    value = next(e["value"] for b in message["blocks"] if b.get("block_id") == "details" for e in b["elements"]
                 if e["action_id"] == "checkin_snooze")  # fmt: skip
    return user.click("checkin_snooze", value=value, block_id="details", channel="C2", message=message)


def test_snooze_a_week_skips_the_nudge_and_next_weeks_check_in(ticker, fake, database, ada, clock):
    make_project(database)
    message = post_checkin(ticker, fake)
    snooze(ada, message, clock)
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=25)).posted == 0  # no nudge
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    assert len(checkin_posts(fake)) == 1  # next Tuesday's is within the week snoozed
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=2))
    assert len(checkin_posts(fake)) == 2  # and then the habit resumes


def test_a_snooze_shows_on_the_check_in_and_in_its_thread_in_each_readers_timezone(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    snooze(ada, message)
    parent = fake.message("C2", message["ts"])
    assert "Snoozed until <!date^" in str(parent.blocks) and "Snooze a week" not in str(parent.blocks)
    [said] = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    assert "<@U1> snoozed check-ins on *Churn* until <!date^" in said.text


def test_a_snoozed_check_in_still_takes_answers(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    snooze(ada, message)
    answer(ada, message, "checkin_yes", "metric")
    assert "✅ <@U1>" in str(fake.message("C2", message["ts"]).blocks)


def test_only_someone_who_may_change_the_project_can_snooze_it(ticker, fake, database, grace):
    make_project(database)
    message = post_checkin(ticker, fake)
    snooze(grace, message)
    assert any("snooze" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=25)).posted == 1  # the nudge still goes


def responses_text(fake):
    return [r.get("text", "") for r in fake.responses]


def test_away_reads_the_date_in_the_persons_timezone_and_says_it_back_in_theirs(fake, database, ada, clock):
    clock.now = MONDAY
    ada.command("away 2026-03-10")
    until = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # the end of 10 March in Paris, ada's timezone
    said = responses_text(fake)[-1]
    assert f"<!date^{int(until.timestamp())}^" in said and "no nudges or mentions" in said
    ada.command("away")
    assert "You are away until" in responses_text(fake)[-1]


def test_while_the_owner_is_away_the_check_in_names_them_without_a_mention_and_no_nudge_goes(
    ticker, fake, database, ada, clock
):
    make_project(database)  # owned by ada (U1)
    clock.now = MONDAY
    ada.command("away in 2 weeks")
    message = post_checkin(ticker, fake)
    text = str(message["blocks"])
    assert "<@U1>" not in text and "*Ada*, time for the" in text and "Ada is away until <!date^" in text
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=25)).posted == 0


def test_back_early_the_owner_is_mentioned_and_nudged_again(ticker, fake, database, ada, clock):
    make_project(database)
    clock.now = MONDAY
    ada.command("away friday")
    ada.command("away off")
    assert "Welcome back" in responses_text(fake)[-1]
    message = post_checkin(ticker, fake)
    assert "<@U1>, time for the" in str(message["blocks"])
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=25)).posted == 1


def test_a_date_that_is_not_one_or_has_passed_is_refused_and_changes_nothing(fake, database, ada, clock):
    clock.now = MONDAY
    ada.command("away someday")
    assert "not a date I can read" in responses_text(fake)[-1]
    ada.command("away 2026-01-01")
    assert "has passed" in responses_text(fake)[-1]
    ada.command("away")
    assert "You are not away." in responses_text(fake)[-1]


@pytest.fixture
def hopper(bot, fake):
    from tests.bot.harness import SlackUser

    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def test_no_check_in_is_posted_on_a_workspace_holiday_and_the_next_one_comes_as_usual(ticker, fake, database, hopper):
    make_project(database)
    reply = hopper.command("holidays 2026-03-03, 2026-12-24")
    assert "Holidays: 2026-03-03, 2026-12-24" in reply.body["text"]
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=2)).posted == 0
    assert checkin_posts(fake) == []
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    assert len(checkin_posts(fake)) == 1
    assert "2026-03-03, 2026-12-24" in hopper.command("holidays").body["text"]


def test_no_nudge_is_posted_on_a_holiday(ticker, fake, database, hopper):
    make_project(database)
    post_checkin(ticker, fake)
    hopper.command("holidays 2026-03-04")  # the nudge falls due on Wednesday
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=25)).posted == 0


def test_holidays_are_for_admins_and_leads_and_must_be_dates(fake, database, ada, hopper):
    ada.command("holidays 2026-12-24")  # neither an admin nor a lead
    assert holidays.holidays(database.uow(), "T1") == []
    assert "is not a date" in hopper.command("holidays christmas").body["text"]
    assert "none" in hopper.command("holidays").body["text"]
    hopper.command("holidays 2026-12-24")
    assert "No holidays." in hopper.command("holidays none").body["text"]
