"""Readings as people type them (issue 18): "71.5%", "0,8" and "3,000" are read on the metric's
scale; a value impossible for it is refused with what it probably meant; one far from the series
is recorded only once the person confirms it; the dialogs say where the metric stands."""

import pytest

from bot.slack.metadata import CardButton
from domain import project_queries
from tests.bot.flows import STEP_4, STEPS, walk
from tests.bot.test_checkins import checkin_posts, ticker  # noqa: F401 (a fixture)

REF = "churn-predictor"


@pytest.fixture
def scoped(ada, database):
    """recall@10 (a share: 0–1), target 0.8, a rule-based baseline at 0.55, one reading 0.61."""
    walk(ada)
    ada.command(f"metric {REF} 0.61")
    return project_queries.get_project(database.uow(), "T1", REF)


def readings(database):
    return [r.value for r in project_queries.get_project(database.uow(), "T1", REF).readings]


def test_a_percentage_on_a_share_metric_is_read_as_a_share(ada, database, scoped):
    reply = ada.command(f"metric {REF} 71.5%")
    assert "Recorded recall@10 = 0.715" in reply.body["text"]
    assert readings(database) == [0.61, 0.715]


def test_a_value_impossible_for_a_share_says_what_it_probably_meant_and_records_nothing(ada, database, scoped):
    reply = ada.command(f"metric {REF} 71.5")
    assert "recall@10 lies between 0 and 1, so 71.5 cannot be. Did you mean 0.715 (71.5%)?" in reply.body["text"]
    assert readings(database) == [0.61]


def test_a_percent_metric_refuses_1e9_instead_of_celebrating_it(ada, database):
    walk(ada, [*STEPS[:3], STEP_4 | {"metric_name": "routing accuracy", "metric_target": "90", "metric_unit": "%"}, STEPS[4]])
    reply = ada.command(f"metric {REF} 1e9")
    assert "Routing accuracy is a percentage (0–100), so 1e+09 cannot be." in reply.body["text"]
    assert "Target met" not in reply.body["text"] and readings(database) == []
    assert "Recorded routing accuracy = 71.5" in ada.command(f"metric {REF} 71.5%").body["text"]


def test_a_reading_far_from_the_series_asks_first_and_records_only_on_record(ada, fake, database, scoped):
    question = ada.command(f"metric {REF} 0.061 typo?").body
    assert "0.061 is far from the latest reading (0.61)" in question["text"] and readings(database) == [0.61]
    buttons = next(b for b in question["blocks"] if b["type"] == "actions")["elements"]
    record, cancel = buttons
    ada.click(cancel["action_id"], value=cancel["value"], block_id="far_reading", channel="C2")
    assert fake.state.responses[-1]["text"] == "Nothing recorded." and readings(database) == [0.61]
    ada.click(record["action_id"], value=record["value"], block_id="far_reading", channel="C2")
    assert "Recorded 0.061" in fake.state.responses[-1]["text"] and fake.state.responses[-1]["replace_original"]
    assert readings(database) == [0.61, 0.061]


def open_record_dialog(ada, fake, scoped):
    card = fake.message(scoped.card_channel, scoped.card_ts)
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    ada.click("card_metric", value=CardButton(ref=REF).dump(), block_id=f"card:{REF}", channel="C2", message=message)
    return fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}


def test_the_record_dialog_says_where_the_metric_stands(ada, fake, scoped):
    view = open_record_dialog(ada, fake, scoped)
    text = str(view["blocks"])
    assert "*recall@10* (higher is better)" in text and "target 0.8" in text
    assert "latest 0.61 on" in text and "best baseline 0.55 (tenure + support tickets rules)" in text
    assert "From 0 to 1: 0.715, or 71.5% for the same." in text


def test_in_the_dialog_a_far_reading_is_confirmed_by_a_tick(ada, fake, database, scoped):
    view = open_record_dialog(ada, fake, scoped)
    again = ada.submit(view, {"value": "0,061", "note": "new features"}).body
    assert again["response_action"] == "update" and readings(database) == [0.61]
    asked = again["view"] | {"id": view["id"]}
    value = next(b for b in asked["blocks"] if b.get("block_id") == "value")
    confirm = next(b for b in asked["blocks"] if b.get("block_id") == "confirm_far")
    assert value["element"]["initial_value"] == "0,061"  # as typed, kept
    assert "0.061 is far from the latest reading (0.61)" in confirm["label"]["text"]
    assert ada.submit(asked, {}).body["response_action"] == "update" and readings(database) == [0.61]  # not ticked
    assert "reading_undo" in str(ada.submit(asked, {"confirm_far": ["yes"]}).body["view"])  # recorded: its confirmation
    assert readings(database) == [0.61, 0.061]


def test_a_share_in_the_dialog_out_of_range_is_a_field_error(ada, fake, database, scoped):
    view = open_record_dialog(ada, fake, scoped)
    refused = ada.submit(view, {"value": "61"}).body
    assert "Did you mean 0.61 (61%)?" in refused["errors"]["value"] and readings(database) == [0.61]
    assert "reading_undo" in str(ada.submit(view, {"value": "61%"}).body["view"]) and readings(database) == [0.61, 0.61]


def open_baseline_dialog(ada, fake, scoped):
    card = fake.message(scoped.card_channel, scoped.card_ts)
    message = {"ts": card.ts, "blocks": card.blocks, "text": card.text}
    ada.click("card_baseline", value=CardButton(ref=REF).dump(), block_id=f"card:{REF}", channel="C2", message=message)
    return fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}


def test_the_baseline_dialog_says_where_the_metric_stands_and_reads_its_value_on_the_metrics_scale(
    ada, fake, database, scoped
):
    view = open_baseline_dialog(ada, fake, scoped)
    assert "latest 0.61 on" in str(view["blocks"]) and "target 0.8" in str(view["blocks"])
    answers = {"baseline_kind": "simple_ml", "baseline_description": "logistic regression"}
    refused = ada.submit(view, answers | {"baseline_value": "62"}).body
    assert "Did you mean 0.62 (62%)?" in refused["errors"]["baseline_value"]
    assert ada.submit(view, answers | {"baseline_value": "62%"}).raw == b""
    baselines = project_queries.get_project(database.uow(), "T1", REF).scope.baselines
    assert [(b.description, b.value) for b in baselines][-1] == ("logistic regression", 0.62)


def test_a_slip_a_hundred_times_off_is_offered_as_what_it_probably_meant(ada, fake, database):
    walk(ada, [*STEPS[:3], STEP_4 | {"metric_name": "routing accuracy", "metric_target": "90", "metric_unit": "%"}, STEPS[4]])
    ada.command(f"metric {REF} 78")
    question = ada.command(f"metric {REF} 0.78").body
    meant, typed, cancel = next(b for b in question["blocks"] if b["type"] == "actions")["elements"]
    assert (meant["text"]["text"], typed["text"]["text"], cancel["text"]["text"]) == ("Record 78 %", "Record 0.78 %", "Cancel")
    ada.click(meant["action_id"], value=meant["value"], block_id="far_reading", channel="C2")
    assert readings(database) == [78, 78]
