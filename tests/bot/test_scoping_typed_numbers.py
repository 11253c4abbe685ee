"""Step 4 of scoping takes the target and the baseline's value as people write them (issue 18's
polish), as the Record-metric dialog does: "90%", "0,9", "3,000" are read on the metric's scale;
a value impossible for it is a field error that changes nothing. Drafts keep numbers, so a draft
saved before still loads."""

import pytest

from domain import draft_use_cases, project_queries
from tests.bot.flows import STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, current_modal, submit_steps
from tests.conftest import T0

REF = "churn-predictor"
ACCURACY = STEP_4 | {"metric_name": "routing accuracy", "metric_unit": ""}


def block(view, block_id):
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def to_step_4(ada):
    ada.command("new")
    first = current_modal(ada.bot.fake)
    replies = submit_steps(ada, [STEP_1, STEP_2, STEP_3], first)
    return replies[-1].body["view"] | {"id": first["id"]}


def stored(database):
    project = project_queries.get_project(database.uow(), "T1", REF)
    return project.scope.optimizing.target, project.scope.baselines[0].value


def test_target_and_baseline_value_are_text_inputs(ada):
    view = to_step_4(ada)
    assert block(view, "metric_target")["element"]["type"] == "plain_text_input"
    assert block(view, "baseline_value")["element"]["type"] == "plain_text_input"


@pytest.mark.parametrize(
    ("answers", "saved"),
    [
        ({"metric_unit": "%", "metric_target": "90%", "baseline_value": "62%"}, (90, 62)),
        ({"metric_unit": "%", "metric_target": "90", "baseline_value": "62,5"}, (90, 62.5)),
        ({"metric_target": "0,9", "baseline_value": "62%"}, (0.9, 0.62)),  # a share: "62%" is 0.62
        ({"metric_target": "90%", "baseline_value": "62"}, (90, 62)),  # "90%" on accuracy: a percent metric
        ({"metric_name": "examples labelled", "metric_target": "3,000", "baseline_value": "2 500"}, (3000, 2500)),
    ],
)
def test_numbers_as_people_write_them_are_read_on_the_metric_s_scale(ada, database, answers, saved):
    view = to_step_4(ada)
    replies = submit_steps(ada, [ACCURACY | answers, STEP_5], view)
    assert replies[-1].body["response_action"] == "clear"
    assert stored(database) == saved


@pytest.mark.parametrize(
    ("answers", "field", "error"),
    [
        ({"metric_target": "0,9", "baseline_value": "62"}, "baseline_value",
         "Routing accuracy lies between 0 and 1, so 62 cannot be. Did you mean 0.62 (62%)?"),
        ({"metric_unit": "%", "metric_target": "150"}, "metric_target", "Routing accuracy is a percentage (0–100), so 150 cannot be."),
        ({"metric_name": "latency p95", "metric_unit": "ms", "metric_target": "200%"}, "metric_target",
         "“latency p95” is measured in ms, not in %: type the number as you measured it."),
        ({"metric_target": "ninety"}, "metric_target", "“ninety” is not a number."),
        ({"metric_name": "", "metric_target": "", "baseline_value": "62%"}, "baseline_value",
         "Enter a plain number here, without “%” (e.g. 0.62 for 62%)."),
    ],
)  # fmt: skip
def test_a_value_impossible_for_the_metric_is_a_field_error_and_nothing_is_saved(ada, database, answers, field, error):
    view = to_step_4(ada)
    reply = ada.submit(view, ACCURACY | answers)
    assert reply.body["response_action"] == "errors" and reply.body["errors"][field] == error
    assert project_queries.list_projects(database.uow(), "T1") == []
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1").step == 4, "the draft did not move on"


def test_a_draft_saved_with_numbers_still_loads_and_round_trips(ada, fake, database):
    to_step_4(ada)
    draft_use_cases.update_draft(
        database.uow(), "T1", "U1", now=T0,
        patch={
            "metric": {"role": "optimizing", "name": "recall@10", "direction": "higher", "target": 0.8, "unit": "", "weights": {}},
            "baseline": {"kind": "rule_based", "description": "rules", "value": 0.55, "source": "", "human_level": None},
        },
    )  # fmt: skip (as drafts were saved before: numbers)
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    view = fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}
    assert block(view, "metric_target")["element"]["initial_value"] == "0.8"
    assert block(view, "baseline_value")["element"]["initial_value"] == "0.55"
    replies = submit_steps(ada, [{}, STEP_5], view)  # submitted as shown
    assert replies[-1].body["response_action"] == "clear" and stored(database) == (0.8, 0.55)
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None
