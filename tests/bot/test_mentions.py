"""People and channels named in /mlproject, as Slack sends them with ``should_escape: true``.

Slack turns what a person picked from the composer's autocomplete into ``<@U2|grace>`` /
``<@U2>`` and ``<#C2|ml-team>`` / ``<#C2|>``; what they typed without picking (``@grace``)
arrives as typed and gets a hint. Parsing first, then the same through the running app.
"""

from datetime import time
from pathlib import Path

import pytest
import yaml

from bot.features.command.parse import (
    DigestNow,
    DigestSettings,
    DigestSubscribe,
    DigestUnsubscribe,
    Leads,
    MoveStage,
    New,
    RecordMetric,
    UsageError,
    parse_command,
)
from domain import digest_use_cases, workspace_use_cases
from domain.model import Cadence
from tests.bot.harness import SlackUser
from tests.bot.test_digests import digests, seed
from tests.builders import EASY

ROOT = Path(__file__).resolve().parents[2]
HINT = "pick the person from Slack's autocomplete list"
CHANNEL_HINT = "pick the channel from Slack's autocomplete list"


def test_the_manifest_asks_slack_to_escape_mentions():
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert [c["should_escape"] for c in manifest["features"]["slash_commands"]] == [True]


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("leads add <@U2|grace>", Leads("add", "U2")),
        ("leads add <@U2>", Leads("add", "U2")),
        ("leads remove <@W012ABCDEF>", Leads("remove", "W012ABCDEF")),
        ("leads add U012ABCDEF", Leads("add", "U012ABCDEF")),
        ("leads add <@U2|grace hopper>", Leads("add", "U2")),  # a label with a space stays one word
        ("digest <@U2|grace>", DigestNow("<@U2>")),
        ("digest <@W012ABCDEF>", DigestNow("<@W012ABCDEF>")),
        ("digest mine", DigestNow("mine")),
        ("digest do-now", DigestNow("do-now")),
        ("digest subscribe <#C2|ml-team>", DigestSubscribe(channel_id="C2")),
        ("digest subscribe <#CPRIV|>", DigestSubscribe(channel_id="CPRIV")),
        (
            "digest subscribe biweekly <#C2|ml-team> friday 16:30 UTC",
            DigestSubscribe(Cadence.BIWEEKLY, 4, time(16, 30), "UTC", "C2"),
        ),
        ("digest subscribe weekly", DigestSubscribe()),
        ("digest unsubscribe <#C2|ml-team>", DigestUnsubscribe("C2")),
        ("digest unsubscribe", DigestUnsubscribe()),
        ("digest settings <#C2>", DigestSettings("C2")),
        ("digest settings", DigestSettings()),
    ],
)
def test_commands_take_people_and_channels_as_slack_sends_them(text, expected):
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("leads add @grace", "“@grace” is plain text"),
        ("leads remove @grace", HINT),
        ("digest @grace", HINT),
        ("digest subscribe #ml-team", CHANNEL_HINT),
        ("digest settings #ml-team", CHANNEL_HINT),
        ("digest unsubscribe #ml-team", "“#ml-team” is plain text"),
        ("leads add grace", "“grace” is not a person"),
        ("leads add <#C2|ml-team>", "<#C2> is a channel, not a person"),
        ("leads add <!here>", "“@here” is everyone in a channel"),
        ("leads add <!subteam^S1|@ml-team>", "“@ml-team” is a user group"),
        ("leads add <@U2> <@U3>", "Use `leads list`"),
        ("digest subscribe <@U2|grace>", "<@U2> is a person, not a channel"),
        ("digest subscribe <#C2|a> <#C1|b>", "one channel"),
        ("digest settings <#C2|a> weekly", "at most one channel"),
        ("digest <#C2|ml-team>", "run `/mlproject digest` in <#C2>"),
        ("digest #ml-team", "A digest is posted in the channel you run it in"),
        ("leads add <@U" + "A" * 3000 + ">", "is too long to be a mention"),
    ],
)
def test_what_names_nobody_says_how_to_name_someone(text, says):
    with pytest.raises(UsageError) as err:
        parse_command(text)
    assert says in err.value.problem and len(err.value.problem) < 400


def test_free_text_keeps_mentions_and_links_readable_and_inert():
    assert parse_command("stage p planning waiting on <@U2|grace> in <#C2|ml-team>") == MoveStage(
        "p", parse_command("stage p planning").stage, "waiting on @grace in #ml-team"
    )
    assert parse_command("metric p 0.5 see <https://example.com/r?a=1&amp;b=2|grace's run>") == RecordMetric(
        "p", 0.5, "see grace's run (https://example.com/r?a=1&b=2)"
    )
    assert parse_command("new Churn &amp; retention") == New("Churn & retention")


# --- through the app, as Slack sends the command ---------------------------------------------


@pytest.fixture
def admin(bot, fake) -> SlackUser:
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def test_leads_add_with_a_picked_mention_makes_a_lead(admin, database):
    reply = admin.command("leads add <@U2|grace>")
    assert reply.status == 200 and reply.body["response_type"] == "ephemeral"
    assert "✅ <@U2> is now an MLScope lead." in reply.body["text"]
    assert workspace_use_cases.list_leads(database.uow(), "T1") == {"U2"}
    assert "<@U2>" in admin.command("leads").body["text"]
    assert "no longer" in admin.command("leads remove <@U2>").body["text"]
    assert workspace_use_cases.list_leads(database.uow(), "T1") == set()


@pytest.mark.parametrize("text", ["leads add @grace", "leads remove @grace", "leads add #general"])
def test_a_typed_name_gets_the_hint_and_changes_nothing(admin, database, fake, clock, text):
    workspace_use_cases.change_lead(database.uow(), "T1", "U2", add=True, actor="U3", now=clock.now, is_admin=lambda: True)
    calls = len(fake.calls)
    reply = admin.command(text)
    assert reply.status == 200 and reply.body["response_type"] == "ephemeral"
    assert "autocomplete list" in reply.body["text"] or "not a person" in reply.body["text"]
    assert "Usage: `/mlproject leads" in reply.body["text"]
    assert workspace_use_cases.list_leads(database.uow(), "T1") == {"U2"}
    assert len(fake.calls) == calls  # not even a users.info: refused before anything ran


def test_the_hint_quotes_what_was_typed_without_formatting_it(admin):
    text = admin.command("leads add @<!channel>").body["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text


def test_digest_for_a_picked_person_lists_only_their_projects(ada, fake, database, clock):
    seed(database, ("alpha", 4, EASY, "U1"), ("beta", 4, EASY, "U2"), now=clock.now)
    reply = ada.command("digest <@U2|grace>", channel="C2")
    assert "Posting the portfolio digest" in reply.body["text"]
    [digest] = digests(fake, "C2")
    assert "Beta" in str(digest.blocks) and "Alpha" not in str(digest.blocks)


def test_digest_for_a_typed_name_gets_the_hint_and_posts_nothing(ada, fake, database, clock):
    seed(database, ("alpha", 4, EASY, "U1"), now=clock.now)
    reply = ada.command("digest @grace", channel="C2")
    assert HINT in reply.body["text"] and "Usage: `/mlproject digest" in reply.body["text"]
    assert digests(fake, "C2") == [] and fake.calls_to("chat.postMessage") == []


def test_subscribing_a_picked_channel_from_elsewhere(ada, fake, database):
    reply = ada.command("digest subscribe <#C2|ml-team> weekly monday 09:00", channel="C1")
    assert "Setting up <#C2>'s digest" in reply.body["text"]
    [confirmation] = [r for r in fake.responses if "every week" in r.get("text", "")]
    assert confirmation["text"].startswith("✅ <#C2> gets the digest every week on Monday at 09:00 (Europe/Paris)")
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2") is not None
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C1") is None
    assert "<#C2> gets the digest" in ada.command("digest settings <#C2|ml-team>", channel="C1").body["text"]
    assert "This channel gets the digest" in ada.command("digest settings", channel="C2").body["text"]
    assert "This channel has no scheduled digest" in ada.command("digest settings", channel="C1").body["text"]
    assert "<#C2> will no longer" in ada.command("digest unsubscribe <#C2|ml-team>", channel="C1").body["text"]
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2") is None
    assert "<#C2> has no digest subscription" in ada.command("digest unsubscribe <#C2|>", channel="C1").body["text"]


def test_subscribing_a_private_channel_the_bot_is_not_in_explains_how_to_invite_it(ada, fake, database):
    ada.command("digest subscribe <#CPRIV|>", channel="C1")
    assert any("/invite @MLScope" in r.get("text", "") for r in fake.responses)
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "CPRIV") is None


def test_subscribing_a_typed_channel_name_gets_the_hint_and_subscribes_nothing(ada, fake, database):
    reply = ada.command("digest subscribe #ml-team weekly", channel="C1")
    assert CHANNEL_HINT in reply.body["text"]
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C2") is None
    assert digest_use_cases.digest_subscription(database.uow(), "T1", "C1") is None
    assert fake.calls_to("conversations.info") == []
