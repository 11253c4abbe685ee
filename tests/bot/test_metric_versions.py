"""A redefined optimizing metric starts a new series (issue 18): the card shows no current value
until a reading on the new metric, baselines measured on the old one are marked to re-measure,
and card, `show` and the digest say what changed, why, who and when."""

import pytest

from bot.slack.metadata import CardButton
from domain import project_queries
from tests.bot.flows import walk

REASON = "teams differ too much: top-1 hides the small ones"


@pytest.fixture
def card(ada, fake, database):
    walk(ada)  # recall@10, target 0.8, a rule-based baseline at 0.55
    ada.command("metric churn-predictor 0.61")
    ada.command("metric churn-predictor 0.67")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    message = fake.message(project.card_channel, project.card_ts)
    return {"ts": message.ts, "blocks": message.blocks, "text": message.text}


def edit_metric(ada, fake, card, answers):
    ada.click("card_edit", value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message=card)
    view = fake.last_view()
    for step in ({}, {}, {}):
        view = ada.submit(view, step).body["view"] | {"id": view["id"]}
    view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    assert ada.submit(view, {}).body["response_action"] == "clear"


def card_text(fake, card):
    return str(fake.message("C2", card["ts"]).blocks)


def test_a_new_metric_shows_no_current_value_and_marks_the_old_baseline_to_re_measure(ada, fake, card):
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_target": "0.9", "metric_change_reason": REASON})
    text = card_text(fake, card)
    assert "current — (no reading since the metric changed)" in text and "0.67" not in text.split("Metric changed")[0]
    assert "best baseline —" in text
    assert "Measured on an earlier metric, to re-measure: tenure + support tickets rules 0.55" in text
    assert "Metric changed from *recall@10 ↑* to *per-team recall@10 ↑*" in text and REASON in text and "<@U1>" in text
    ada.command("metric churn-predictor 0.7")
    assert "current 0.7" in card_text(fake, card)


def test_a_baseline_added_after_the_change_counts_and_the_old_one_does_not(ada, fake, card, database):
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_change_reason": REASON})
    ada.click("card_baseline", value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message=card)
    view = fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}
    ada.submit(view, {"baseline_kind": "rule_based", "baseline_description": "per-team rules", "baseline_value": "0.4"})
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.best_baseline().value == 0.4 and [b.value for b in project.stale_baselines()] == [0.55]


def test_a_moved_target_keeps_the_series(ada, fake, card, database):
    edit_metric(ada, fake, card, {"metric_target": "0.85", "metric_change_reason": "the contract says 0.85"})
    text = card_text(fake, card)
    assert "current 0.67" in text and "re-measure" not in text and "Metric changed" not in text
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").metric_changes[0].new_series is False


def test_show_gives_the_history_per_series(ada, fake, card):
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_change_reason": REASON})
    ada.command("metric churn-predictor 0.7")
    blocks = str(ada.command("show churn-predictor").body["blocks"])
    new, old = blocks.index("Metric history on *per-team recall@10 ↑* (current)"), blocks.index("Metric history on *recall@10 ↑*")
    assert new < old and "0.7" in blocks[new:old] and "0.61" in blocks[old:] and "0.67" in blocks[old:]


def test_the_digest_says_the_metric_changed_and_compares_readings_of_the_new_metric_only(ada, fake, card):
    edit_metric(ada, fake, card, {"metric_name": "per-team recall@10", "metric_change_reason": REASON})
    ada.command("metric churn-predictor 0.7")
    ada.command("digest", channel="C2")
    digest = next(m for m in fake.messages_in("C2") if "ML portfolio digest" in m.text)
    text = str(digest.blocks)
    assert "metric changed from recall@10 ↑, target 0.8 to per-team recall@10 ↑, target 0.8" in text
    assert REASON in text and "(<@U1>)" in text
    assert "per-team recall@10 0.7" in text and "0.67 → 0.7" not in text and "0.61 → 0.7" not in text
