"""The portfolio canvas: `/mlproject digest canvas` makes a digest channel's canvas, every digest
there rewrites it, a channel's own canvas is never overwritten, and a plan without channel
canvases is said once while the digests go on."""

from datetime import timedelta

import pytest

from bot.ticker import Ticker
from domain.canvases import CLAIM_EXPIRES
from tests.bot.flows import STEPS, walk
from tests.bot.test_digests import MONDAY_0900_PARIS, digests, seed
from tests.builders import EASY, HARD


def told(fake):
    return fake.calls_to("chat.postEphemeral")[-1].args["text"]


def test_a_channel_without_a_digest_subscription_gets_no_canvas(ada, fake):
    reply = ada.command("digest canvas", channel="C2")
    assert "has no digest subscription" in reply.body["text"]
    assert fake.calls_to("conversations.canvases.create") == []


def test_the_portfolio_canvas_is_created_once_and_every_digest_rewrites_it(ada, bot, fake, database, clock):
    seed(database, ("strong", 5, EASY, "U1"), now=clock.now)
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    assert "Setting up this channel's portfolio canvas" in ada.command("digest canvas", channel="C2").body["text"]
    [canvas] = fake.state.canvases.values()
    assert canvas.is_channel_canvas and canvas.channel_id == "C2" and canvas.title == "ML portfolio"
    assert "| 1 | **Strong** `strong`" in canvas.markdown and "## Needs attention" in canvas.markdown
    assert f"/docs/T1/{canvas.id}|open it>" in told(fake)
    ada.command("digest canvas", channel="C2")
    assert len(fake.calls_to("conversations.canvases.create")) == 1
    seed(database, ("weak", 2, HARD, "U2"), now=clock.now)
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None).run(now=MONDAY_0900_PARIS)
    assert len(digests(fake)) == 1
    markdown = fake.canvas(canvas.id).markdown
    assert "| 2 | **Weak** `weak`" in markdown and "**Weak** `weak`: new project" in markdown


def test_a_channel_that_has_its_own_canvas_keeps_it(ada, fake):
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.api_conversations_canvases_create({"channel_id": "C2", "document_content": {"type": "markdown", "markdown": "ours"}})
    ada.command("digest canvas", channel="C2")
    assert "already has a channel canvas, which MLScope does not overwrite" in told(fake)
    assert [c.markdown for c in fake.state.canvases.values()] == ["ours"]


def test_a_plan_without_channel_canvases_is_said_once_and_digests_post_as_before(ada, bot, fake, database, clock):
    seed(database, ("strong", 5, EASY, "U1"), now=clock.now)
    fake.canvas_plan("free")
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    ada.command("digest canvas", channel="C2")
    assert "plan does not allow channel canvases" in told(fake)
    ada.command("digest canvas", channel="C2")
    assert len(fake.calls_to("conversations.canvases.create")) == 1
    Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None).run(now=MONDAY_0900_PARIS + timedelta(minutes=1))
    assert len(digests(fake)) == 1 and fake.calls_to("canvases.edit") == []


# Issue 20's review: a lost answer, Slack Connect channels, units, and no mentions on every rewrite.


@pytest.mark.parametrize("status", [500, 0])
def test_a_lost_answer_is_not_resent_and_the_next_try_adopts_mlscopes_own_canvas(ada, fake, clock, status):
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.fail_next("conversations.canvases.create", status=status, lost=True)
    ada.command("digest canvas", channel="C2")
    assert told(fake) == "Slack did not say whether <#C2>'s portfolio canvas was created. Ask again in a couple of minutes."
    assert len(fake.calls_to("conversations.canvases.create")) == 1
    [canvas] = fake.state.canvases.values()
    ada.command("digest canvas", channel="C2")  # the claim stays meanwhile
    assert told(fake) == "<#C2>'s portfolio canvas is being created by someone else; ask again in a minute for its link."
    clock.now += CLAIM_EXPIRES
    ada.command("digest canvas", channel="C2")  # Slack: channel_canvas_already_exists; it is MLScope's own
    assert "Created <#C2>'s portfolio canvas: <" in told(fake) and f"/docs/T1/{canvas.id}|open it>" in told(fake)
    assert len(fake.state.canvases) == 1
    ada.command("digest canvas", channel="C2")
    assert len(fake.calls_to("conversations.canvases.create")) == 2  # known now: not asked again


def test_no_portfolio_canvas_in_a_channel_shared_with_another_organisation(ada, fake):
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.state.channels["C2"].is_ext_shared = True  # connected with a partner after subscribing
    reply = ada.command("digest canvas", channel="C2")
    assert "is shared with another organisation" in reply.body["text"]
    assert fake.calls_to("conversations.canvases.create") == []


def test_the_canvas_says_the_metric_with_its_unit_and_names_owners_without_mentioning_them(ada, fake):
    walk(ada, [*STEPS[:3], STEPS[3] | {"metric_name": "routing accuracy", "metric_target": "90", "metric_unit": "%"}, STEPS[4]])
    ada.command("metric churn-predictor 71")
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    ada.command("digest canvas", channel="C2")
    [canvas] = fake.state.canvases.values()
    assert "routing accuracy 71 %/90 %" in canvas.markdown
    assert "![](@" not in canvas.markdown  # a mention would notify the owner with every digest's rewrite
    assert "| Ada |" in canvas.markdown
