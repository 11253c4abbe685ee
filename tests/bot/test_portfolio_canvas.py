"""The portfolio canvas: `/mlproject digest canvas` makes a digest channel's canvas, every digest
there rewrites it, a channel's own canvas is never overwritten, and a plan without channel
canvases is said once while the digests go on."""

from datetime import timedelta

from bot.ticker import Ticker
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
