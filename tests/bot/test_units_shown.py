"""A metric's unit goes with its values wherever they are shown (issue 18's polish): the card says
"78 %", and so do the portfolio list, App Home, the digest's metric text and the check-in thread."""

import pytest

from tests.bot.flows import STEP_4, STEPS, walk

REF = "churn-predictor"
PERCENT = STEP_4 | {"metric_name": "routing accuracy", "metric_target": "90", "metric_unit": "%", "baseline_value": "62"}


@pytest.fixture
def percent(ada):
    """routing accuracy in %, target 90, a rule-based baseline at 62; readings 77 then 78."""
    walk(ada, [*STEPS[:3], PERCENT, STEPS[4]])
    ada.command(f"metric {REF} 77")
    ada.command(f"metric {REF} 78%")


def test_the_card_and_the_list_give_the_values_with_their_unit(ada, fake, percent):
    card = str(ada.command(f"show {REF}").body["blocks"])
    assert "current 78 %" in card and "target 90 %" in card
    listed = str(ada.command("list").body["blocks"])
    assert "routing accuracy 78 % (target 90 %)" in listed


def test_app_home_gives_the_values_with_their_unit(ada, fake, percent):
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = fake.calls_to("views.publish")[-1].args["view"]
    assert str(home["blocks"]).count("routing accuracy 78 % (target 90 %)") == 2, "under My projects and the portfolio"


def test_the_digest_gives_value_target_baseline_and_movement_with_their_unit(ada, fake, percent):
    ada.command("digest", channel="C2")
    digest = next(m for m in fake.messages_in("C2") if "ML portfolio digest" in m.text)
    assert "routing accuracy 78 % (target 90 %, baseline 62 %) ↗ 77 → 78 % (better)" in str(digest.blocks)
    assert "`churn-predictor`: routing accuracy ↗ 77 → 78 % (better)" in str(digest.blocks), "what changed"


def test_a_metric_without_a_unit_shows_bare_numbers_and_an_unknown_value_a_dash(ada, fake):
    walk(ada)  # recall@10: a share, no unit, target 0.8
    assert "recall@10 — (target 0.8)" in str(ada.command("list").body["blocks"])


def test_the_check_in_thread_gives_the_answers_and_the_target_with_their_unit(ada, fake, percent):
    assert "Posting a check-in" in ada.command(f"checkin {REF}").body["text"]
    post = next(m for m in fake.messages_in("C2") if m.text.startswith("Check-in on"))
    details = next(b for b in post.blocks if b.get("block_id") == "details")["elements"][0]
    message = {"ts": post.ts, "blocks": post.blocks, "text": post.text}
    ada.click("checkin_details", value=details["value"], block_id="details", channel="C2", message=message)
    done = ada.submit(fake.last_view(), {"value": "79%"}).body
    assert "recorded 79 % for" in str(done)
    thread = str(fake.message("C2", post.ts).blocks)
    assert "*routing accuracy now?* target 90 %" in thread and "<@U1>: 79 %" in thread
