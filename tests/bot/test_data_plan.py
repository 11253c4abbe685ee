"""Back in data after a check-in's loop-back, the thread offers "Add a data plan": a note on the
project, recorded in the history, said in the thread, shown on the card and in show, editable."""

import pytest

from bot.ticker import Ticker
from domain import project_queries, project_use_cases
from domain.model import DATA_PLAN_MAX, Stage
from tests.bot.test_checkin_loop_backs import offers_in, take_offer
from tests.bot.test_checkins import answer, make_project, post_checkin

PLAN = "2,000 more labelled churn cases from support by March <b> & Grace reviews"


@pytest.fixture
def ticker(bot):
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder="test-ticker", sleep=lambda s: None)


def loop_back_to_data(ticker, fake, database, ada):
    """A project in deployment, a No on the data, the loop-back taken: the offer, now moved."""
    make_project(database, stage=Stage.DEPLOYMENT)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "data")
    [offer] = offers_in(fake, message)
    take_offer(ada, fake, offer, "the support team stopped tagging churn reasons")
    return message, fake.message("C2", offer.ts)


def plan_button(message):
    return next(e for b in message.blocks if b.get("block_id") in ("next_step", "data_plan") for e in b["elements"])


def click_plan(user, message):
    button = plan_button(message)
    user.click("data_plan", value=button["value"], block_id="next_step", channel="C2",
               message={"ts": message.ts, "blocks": message.blocks})  # fmt: skip
    return button


def test_back_in_data_the_thread_offers_a_data_plan_and_saving_it_says_it_there(ticker, fake, database, ada):
    parent, moved = loop_back_to_data(ticker, fake, database, ada)
    assert plan_button(moved)["text"]["text"] == "Add a data plan"
    click_plan(ada, moved)
    view = fake.last_view()
    assert view["title"]["text"] == "Data plan" and "get the data it lacks" in str(view["blocks"])
    ada.submit(view, {"data_plan": PLAN})
    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.data_plan is not None and project.data_plan.text == PLAN and project.data_plan.actor == "U1"
    said = [m for m in fake.messages_in("C2") if m.thread_ts == parent["ts"] and "data plan" in m.text]
    assert len(said) == 1 and "<@U1> added the data plan of *Churn*" in said[0].text
    assert "&lt;b&gt; &amp; Grace reviews" in str(said[0].blocks), "escaped, never read as markup"
    assert plan_button(said[0])["text"]["text"] == "Edit the data plan"
    changes = project_queries.history(database.uow(), "T1", "churn")
    assert [c.detail["text"] for c in changes if c.action == "data_plan_saved"] == [PLAN]


def test_the_button_again_opens_the_plan_prefilled_and_a_new_text_revises_it(ticker, fake, database, ada):
    parent, moved = loop_back_to_data(ticker, fake, database, ada)
    click_plan(ada, moved)
    ada.submit(fake.last_view(), {"data_plan": PLAN})
    [said] = [m for m in fake.messages_in("C2") if m.thread_ts == parent["ts"] and "added the data plan" in m.text]
    click_plan(ada, said)
    view = fake.last_view()
    [typed] = [b["element"] for b in view["blocks"] if b.get("block_id") == "data_plan"]
    assert typed["initial_value"] == PLAN and typed["max_length"] == DATA_PLAN_MAX
    ada.submit(view, {"data_plan": "Buy the vendor's 2025 churn set instead"})
    assert project_queries.get_project(database.uow(), "T1", "churn").data_plan.text.startswith("Buy the vendor")
    revised = [m for m in fake.messages_in("C2") if m.thread_ts == parent["ts"] and "revised the data plan" in m.text]
    assert len(revised) == 1
    saved = [c for c in project_queries.history(database.uow(), "T1", "churn") if c.action == "data_plan_saved"]
    assert [c.detail["revised"] for c in saved] == [False, True]


def test_the_same_text_again_changes_nothing_and_says_nothing(ticker, fake, database, ada):
    parent, moved = loop_back_to_data(ticker, fake, database, ada)
    for _ in range(2):
        click_plan(ada, moved)
        ada.submit(fake.last_view(), {"data_plan": PLAN})
    saved = [c for c in project_queries.history(database.uow(), "T1", "churn") if c.action == "data_plan_saved"]
    assert len(saved) == 1
    assert len([m for m in fake.messages_in("C2") if m.thread_ts == parent["ts"] and "data plan of" in m.text]) == 1


def test_a_blank_plan_is_refused_on_its_field_and_nothing_is_saved(ticker, fake, database, ada):
    _, moved = loop_back_to_data(ticker, fake, database, ada)
    click_plan(ada, moved)
    reply = ada.submit(fake.last_view(), {"data_plan": "   \n "})
    assert reply.body["response_action"] == "errors" and "write the plan" in reply.body["errors"]["data_plan"].lower()
    assert project_queries.get_project(database.uow(), "T1", "churn").data_plan is None


def test_someone_who_may_not_change_the_project_sees_why_and_no_plan_form(ticker, fake, database, ada, grace):
    """Whether grace is an admin is Slack's to say: the modal opens first, then says why not."""
    _, moved = loop_back_to_data(ticker, fake, database, ada)
    click_plan(grace, moved)
    [update] = fake.calls_to("views.update")
    assert fake.view(update.args["view_id"])["callback_id"] == "notice"
    assert "write the data plan of `churn`" in str(update.args["view"]) and "submit" not in update.args["view"]
    assert project_queries.get_project(database.uow(), "T1", "churn").data_plan is None


def test_the_plan_is_on_the_card_and_show_gives_all_of_it(ticker, fake, database, ada):
    parent, moved = loop_back_to_data(ticker, fake, database, ada)
    long_plan = "Label the 2024 tickets first. " * 40  # 1,200 characters: the card quotes its opening
    click_plan(ada, moved)
    ada.submit(fake.last_view(), {"data_plan": long_plan})
    shown = str(ada.command("show churn", channel="C2").body["blocks"])
    assert "Data plan" in shown and long_plan.strip()[-60:] in shown, "show says all of it"


def test_the_card_in_its_channel_is_updated_with_the_plans_opening(ticker, fake, database, ada):
    parent, moved = loop_back_to_data(ticker, fake, database, ada)
    project = project_queries.get_project(database.uow(), "T1", "churn")
    posted = ada.bot.app.deps.client_for("T1").chat_postMessage(channel="C2", text="the card, posted as scoping posts it")
    project_use_cases.set_card(database.uow(), "T1", project.id, channel="C2", ts=posted["ts"])
    click_plan(ada, moved)
    ada.submit(fake.last_view(), {"data_plan": "Label the 2024 tickets first. " * 40})
    card = str(fake.message("C2", posted["ts"]).blocks)
    assert "Data plan" in card and "The whole plan: `/mlproject show churn`" in card
    assert ("Label the 2024 tickets first. " * 40).strip() not in card, "the card quotes the opening only"
