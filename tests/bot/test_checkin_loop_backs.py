"""Loop-backs that lead somewhere: a No asks what changed, that is the reason, and the thread
offers the next step; notes show in the thread; "Snooze a week" quiets a project."""

from datetime import timedelta

import pytest

from bot.ticker import Ticker
from domain import project_queries
from domain.model import Stage
from tests.bot.test_checkins import TUESDAY_DUE, answer, checkin_posts, make_project, post_checkin


@pytest.fixture
def ticker(bot):
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder="test-ticker", sleep=lambda s: None)


def offers_in(fake, message):
    return [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]


def take_offer(user, fake, offer, what_changed=None):
    button = next(e for b in offer.blocks if b["type"] == "actions" for e in b["elements"])
    user.click("checkin_loop_back", value=button["value"], block_id="offer", channel="C2",
               message={"ts": offer.ts, "blocks": offer.blocks})  # fmt: skip
    view = fake.last_view()
    user.submit(view, {"what_changed": what_changed} if what_changed else {})
    return view


def test_what_changed_becomes_the_loop_backs_reason_and_shows_in_the_thread(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    [offer] = offers_in(fake, message)
    view = take_offer(ada, fake, offer, "support now cares about 60-day churn, not 30")
    assert "What changed?" in str(view["blocks"])
    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.stage is Stage.PLANNING
    assert project.transitions[-1].reason == "Check-in of 2026-03-03: support now cares about 60-day churn, not 30"
    shown = fake.message("C2", offer.ts)
    assert "60-day churn" in str(shown.blocks) and "moved *Churn* back to Planning" in shown.text


def test_without_a_word_the_reason_is_the_question_answered_no(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    take_offer(ada, fake, offers_in(fake, message)[0])
    reason = project_queries.get_project(database.uow(), "T1", "churn").transitions[-1].reason
    assert "was answered No" in reason and "Does the metric still capture" in reason


def test_back_in_planning_revise_the_metric_opens_the_edit_flow_at_the_metric_step(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    [offer] = offers_in(fake, message)
    take_offer(ada, fake, offer)
    moved = fake.message("C2", offer.ts)
    button = next(e for b in moved.blocks if b.get("block_id") == "next_step" for e in b["elements"])
    assert button["text"]["text"] == "Revise the metric"
    ada.click("checkin_revise_metric", value=button["value"], block_id="next_step", channel="C2",
              message={"ts": moved.ts, "blocks": moved.blocks})  # fmt: skip
    view = fake.last_view()
    assert view["title"]["text"] == "Edit project" and '"step":4' in view["private_metadata"]


@pytest.mark.parametrize(
    ("stage", "question", "step"),
    [(Stage.DATA, "data", "Add a data plan"), (Stage.PLANNING, "data", "Add a data plan"),
     (Stage.PLANNING, "metric", "Revise the metric")],
)  # fmt: skip
def test_a_no_with_nowhere_to_loop_back_to_offers_the_step_the_method_takes_there(
    ticker, fake, database, ada, stage, question, step
):
    make_project(database, stage=stage)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", question)
    answer(ada, message, "checkin_no", question)  # a second click: offered once
    [offer] = offers_in(fake, message)
    assert f"is in {stage.label} already" in offer.text
    labels = [e["text"]["text"] for b in offer.blocks if b["type"] == "actions" for e in b["elements"]]
    assert labels == [step]
    assert project_queries.get_project(database.uow(), "T1", "churn").stage is stage, "nothing moved"


def test_a_loop_back_offer_taken_twice_is_refused_the_second_time(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    [offer] = offers_in(fake, message)
    button, blocks = next(e for b in offer.blocks if b["type"] == "actions" for e in b["elements"]), offer.blocks
    take_offer(ada, fake, offer)  # a second click from a client that still shows the offer:
    ada.click("checkin_loop_back", value=button["value"], block_id="offer", channel="C2",
              message={"ts": offer.ts, "blocks": blocks})  # fmt: skip
    assert any("already in planning" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))


def test_notes_typed_in_the_details_show_in_the_thread(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    ada.click("checkin_details", value=message["blocks"][-1]["elements"][0]["value"], block_id="details",
              channel="C2", message=message)  # fmt: skip
    ada.submit(fake.last_view(), {"note": "new labelling guide from Tuesday"})
    parent = str(fake.message("C2", message["ts"]).blocks)
    assert "*Notes*" in parent and "new labelling guide from Tuesday" in parent


def give_details(user, fake, message, answers):
    user.click("checkin_details", value=message["blocks"][-1]["elements"][0]["value"], block_id="details",
               channel="C2", message=message)  # fmt: skip
    user.submit(fake.last_view(), answers)


def latest_checkin(fake):
    post = checkin_posts(fake)[-1]
    return {"ts": post.ts, "blocks": post.blocks}


def test_an_open_blocker_carries_forward_until_someone_marks_it_resolved(ticker, fake, database, ada, grace):
    make_project(database)
    give_details(ada, fake, post_checkin(ticker, fake), {"blockers": "waiting on the labelling vendor"})
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    second = latest_checkin(fake)
    assert "Still open from earlier check-ins" in str(second["blocks"])
    carried = next(b for b in second["blocks"] if "waiting on the labelling vendor" in str(b))
    assert carried["accessory"]["text"]["text"] == "Resolved"
    grace.click("checkin_blocker_resolved", value=carried["accessory"]["value"], channel="C2", message=second)
    assert "waiting on the labelling vendor" not in str(fake.message("C2", second["ts"]).blocks)
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=2))
    assert "waiting on the labelling vendor" not in str(latest_checkin(fake)["blocks"])


def test_a_blocker_not_resolved_is_still_there_two_check_ins_later(ticker, fake, database, ada):
    make_project(database)
    give_details(ada, fake, post_checkin(ticker, fake), {"blockers": "GPU quota"})
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=2))
    assert "GPU quota" in str(latest_checkin(fake)["blocks"])
