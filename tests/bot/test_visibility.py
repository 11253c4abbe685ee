"""Who reads the portfolio (issue 15): a workspace setting, ``members`` by default.

Under ``members`` guests (multi- and single-channel), people from another organisation (Slack
Connect) and bot users get a refusal for ``list``, ``show`` and ``digest`` and no portfolio in App
Home, and no digest goes to a channel shared with another organisation; workspace admins and
MLScope leads switch to ``everyone``. Before this, all of them read the whole portfolio.
"""

import json

import pytest

from bot.standin import payloads
from domain import workspace_use_cases
from domain.visibility import Visibility
from tests.bot.harness import SlackUser
from tests.bot.test_checkins import make_project

READS = ["list", "show churn", "digest"]


class ConnectUser(SlackUser):
    """Someone from another organisation, typing in a channel shared with ours: Slack names their
    own workspace in the command's ``user_team``."""

    def command(self, text, *, channel=None, timestamp=None):
        body = payloads.slash_command(
            text,
            user=self.user,
            team=self.team,
            channel=channel or self.channel,
            response_url=self.bot.fake.response_url(),
            trigger_id=self.bot.fake.trigger_id(self.user),
        ) | {"user_team": "TPARTNER"}
        return self.bot.post(
            "/slack/events",
            payloads.sign("test-signing-secret", payloads.form(body), content_type="application/x-www-form-urlencoded"),
        )


@pytest.fixture
def churn(database):
    return make_project(database, "churn", channel="C2")


@pytest.fixture
def admin(bot, fake):
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


@pytest.fixture
def guest(bot, fake):
    fake.add_user("U5", "visitor", restricted=True)
    return SlackUser(bot, "U5")


@pytest.fixture
def single_channel_guest(bot, fake):
    fake.add_user("U6", "contractor", ultra_restricted=True)
    return SlackUser(bot, "U6")


def home_of(user, fake):
    user.event({"type": "app_home_opened", "user": user.user, "tab": "home"})
    return json.dumps(fake.state.home[user.user])


def assert_refused(reply, why):
    text = reply.body["text"]
    assert why in text and "Churn" not in json.dumps(reply.body) and "churn" not in text, text
    assert "full members" in text and "`/mlproject settings visibility everyone`" in text
    assert "Workspace admins and MLScope leads" in text


def digests_in(fake, channel):
    return [m for m in fake.messages_in(channel) if m.thread_ts is None and "digest" in m.text.lower()]


@pytest.mark.parametrize("who", ["guest", "single_channel_guest"])
def test_a_guest_reads_nothing_of_the_portfolio_by_default(who, request, churn, fake):
    person = request.getfixturevalue(who)
    for text in READS:
        assert_refused(person.command(text, channel="C2"), "you are a guest here")
    assert_refused(person.command("digest subscribe", channel="C2"), "you are a guest here")
    assert digests_in(fake, "C2") == []
    home = home_of(person, fake)
    assert "Churn" not in home and "you are a guest here" in home


def test_a_member_reads_everything_and_slack_is_asked_once(ada, churn, fake):
    assert "Churn" in json.dumps(ada.command("list").body)
    assert "Churn" in json.dumps(ada.command("show churn").body)
    assert "Posting the portfolio digest" in ada.command("digest", channel="C2").body["text"]
    assert len(digests_in(fake, "C2")) == 1
    assert "Churn" in home_of(ada, fake)
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U1"], "cached for the next reads"


def test_an_admin_opens_the_portfolio_to_everyone_and_the_guest_then_reads_it(admin, guest, churn, fake, database):
    assert "*Visibility: members*" in guest.command("settings").body["text"]
    reply = admin.command("settings visibility everyone")
    assert "Visibility is now *everyone*" in reply.body["text"]
    assert workspace_use_cases.visibility(database.uow(), "T1") is Visibility.EVERYONE
    asked = len(fake.calls_to("users.info"))
    assert "Churn" in json.dumps(guest.command("list").body)
    assert "Churn" in json.dumps(guest.command("show churn").body)
    assert "Posting the portfolio digest" in guest.command("digest", channel="C2").body["text"]
    assert "Churn" in home_of(guest, fake)
    assert len(fake.calls_to("users.info")) == asked, "under everyone nobody is looked up"
    admin.command("settings visibility members")
    assert_refused(guest.command("list"), "you are a guest here")


def test_a_lead_may_change_it_and_anyone_else_is_refused(ada, grace, guest, admin, churn, database):
    for person in (grace, guest):
        reply = person.command("settings visibility everyone")
        assert "Only workspace admins and MLScope leads" in reply.body["text"]
        assert workspace_use_cases.visibility(database.uow(), "T1") is Visibility.MEMBERS
    admin.command("leads add <@U2>")
    assert "Visibility is now *everyone*" in grace.command("settings visibility everyone").body["text"]
    assert "Visibility was already *everyone*" in grace.command("settings visibility everyone").body["text"]


def test_someone_from_another_organisation_is_refused_without_asking_slack(bot, churn, fake):
    visitor = ConnectUser(bot, "U2")
    asked = len(fake.calls_to("users.info"))
    for text in READS:
        assert_refused(visitor.command(text, channel="C2"), "you are from another organisation (Slack Connect)")
    assert len(fake.calls_to("users.info")) == asked


def test_someone_slack_says_is_from_another_organisation_sees_no_app_home(bot, admin, churn, fake):
    fake.add_user("UX", "partner", team_id="TPARTNER")
    partner = SlackUser(bot, "UX")
    assert "Churn" not in (home := home_of(partner, fake)) and "another organisation" in home
    assert_refused(partner.command("list"), "you are from another organisation (Slack Connect)")
    admin.command("settings visibility everyone")
    assert "Churn" in json.dumps(partner.command("list").body)


def test_no_digest_goes_to_a_channel_shared_with_another_organisation_unless_everyone(
    ada, admin, churn, fake, database
):
    fake.add_channel("CSHARED", "with-partner", ext_shared=True)
    reply = ada.command("digest", channel="CSHARED")
    assert "This channel is shared with another organisation (Slack Connect)" in reply.body["text"]
    ada.command("digest subscribe", channel="CSHARED")
    assert "is shared with another organisation" in fake.state.responses[-1]["text"]
    assert digests_in(fake, "CSHARED") == []
    assert workspace_use_cases.visibility(database.uow(), "T1") is Visibility.MEMBERS
    admin.command("settings visibility everyone")
    assert "Posting the portfolio digest" in ada.command("digest", channel="CSHARED").body["text"]
    assert len(digests_in(fake, "CSHARED")) == 1


def test_when_slack_cannot_say_who_is_reading_the_portfolio_stays_closed_and_is_asked_again(grace, churn, fake, clock):
    fake.fail_next("users.info", error="fatal_error")
    reply = grace.command("list")
    assert "Slack did not say whether you are a full member" in reply.body["text"]
    assert "Churn" not in json.dumps(reply.body)


def test_settings_and_help_name_the_setting(ada):
    assert "settings [visibility members|everyone]" in ada.command("help").body["text"]
    text = ada.command("settings visibility").body["text"]
    assert "*Visibility: members*" in text and "guests and people from other organisations" in text
    assert "Use `settings`" in ada.command("settings visibility nobody").body["text"]
