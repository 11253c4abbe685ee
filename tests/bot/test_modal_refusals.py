"""A refused modal says why where the person can see it: on an input block the submitted view has,
back at the scoping step that asks for the field, or, when no field can fix it, in place of the form.

Slack shows "We had some trouble connecting" when ``response_action: errors`` names a block the
view lacks (https://docs.slack.dev/surfaces/modals#displaying_errors); the harness records that as
a violation, and the ``bot`` fixture fails any test that leaves one.
"""

import pytest

from bot.slack.metadata import CardButton
from bot.standin.interactions import input_block_ids
from bot.ticker import Ticker
from domain import draft_use_cases, project_queries, project_use_cases
from domain.metrics import Metric, MetricRole
from domain.model import Stage
from tests.bot.flows import STEPS, current_modal, submit_steps, walk
from tests.bot.test_checkins import make_project, open_details, post_checkin
from tests.conftest import T0


@pytest.fixture
def churn(ada, database):
    walk(ada)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def says(view):
    return str(view["blocks"])


def names_only_blocks_it_has(view, reply):
    errors = reply.body.get("errors") or {}
    return set(errors) <= input_block_ids(view)


def edit_up_to_the_last_step(user, fake):
    user.command("edit churn-predictor")
    view = current_modal(fake)
    for answers in STEPS[:4]:
        view = user.submit(view, answers).body["view"] | {"id": view["id"]}
    assert "step 5 of 5" in says(view)
    return view


def test_an_edit_whose_project_was_archived_under_the_modal_says_so_in_place_of_the_last_step(
    ada, churn, fake, database
):
    step_5 = edit_up_to_the_last_step(ada, fake)
    project_use_cases.archive_project(database.uow(), "T1", "churn-predictor", actor="U1", now=T0)
    reply = ada.submit(step_5, STEPS[4] | {"cadence": "monthly"})
    assert names_only_blocks_it_has(step_5, reply)
    assert reply.body["response_action"] == "update"
    notice = reply.body["view"]
    assert "`churn-predictor` is archived" in says(notice) and "Nothing was saved" in says(notice)
    assert "submit" not in notice, "nothing left to submit: the person closes it"
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").checkin.cadence.value == "weekly"
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1:edit") is None, "an edit that can never be saved is dropped"


def test_a_metric_redefined_under_the_modal_sends_the_edit_back_to_the_step_that_asks_why(ada, churn, fake, database):
    step_5 = edit_up_to_the_last_step(ada, fake)
    precision = Metric(role=MetricRole.OPTIMIZING, name="precision@10", target=0.6)
    project_use_cases.update_project(
        database.uow(),
        "T1",
        "churn-predictor",
        actor="U1",
        now=T0,
        scope=churn.scope.model_copy(update={"metrics": [precision]}),
        metric_change_reason="sales asked",
    )
    reply = ada.submit(step_5, STEPS[4])
    assert names_only_blocks_it_has(step_5, reply)
    step_4 = reply.body["view"] | {"id": step_5["id"]}
    assert "step 4 of 5" in says(step_4) and "needs a reason" in says(step_4)
    assert "metric_change_reason" in input_block_ids(step_4)
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1:edit").step == 4, "a resumed edit comes back here too"
    [reply] = submit_steps(ada, [{"metric_change_reason": "recall is what retention needs"}], step_4)
    assert "step 5 of 5" in says(reply.body["view"])
    step_5 = reply.body["view"] | {"id": step_5["id"]}
    assert ada.submit(step_5, STEPS[4] | {"cadence": "biweekly"}).body["response_action"] == "clear"
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.optimizing.name == "recall@10" and project.checkin.cadence.value == "biweekly"
    assert project.metric_changes[-1].reason == "recall is what retention needs"


def test_a_scoping_form_older_than_the_code_gets_its_field_errors_on_blocks_it_has(ada, fake, database):
    ada.command("new")
    step_1 = current_modal(fake)
    older = step_1 | {"blocks": [b for b in step_1["blocks"] if b.get("block_id") != "archetype"]}
    reply = ada.submit(older, {k: v for k, v in STEPS[0].items() if k != "archetype"})
    assert reply.body["response_action"] == "errors" and names_only_blocks_it_has(older, reply)
    assert "An archetype is required" in reply.body["errors"]["name"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") is None


CARD_FORMS = [
    ("card_stage", {"stage_target": "data"}),
    ("card_metric", {"value": "0.7"}),
    ("card_baseline", {"baseline_kind": "rule_based", "baseline_description": "keyword rules"}),
    ("card_checklist", {"checklist": ["literature"]}),
]


@pytest.mark.parametrize(("button", "answers"), CARD_FORMS)
def test_a_card_form_whose_project_was_archived_under_it_says_so_instead_of_a_field_error(
    ada, churn, fake, database, button, answers
):
    card = fake.message(churn.card_channel, churn.card_ts)
    ada.click(button, value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message={"ts": card.ts})
    form = current_modal(fake)
    project_use_cases.archive_project(database.uow(), "T1", "churn-predictor", actor="U1", now=T0)
    reply = ada.submit(form, answers)
    assert reply.body["response_action"] == "update", reply.body
    assert "`churn-predictor` is archived" in says(reply.body["view"])
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert (project.stage, project.current_value, len(project.scope.baselines)) == (Stage.PLANNING, None, 1)


def test_a_schedule_form_whose_project_was_archived_under_it_says_so(ada, churn, fake, database):
    ada.command("checkin churn-predictor schedule")
    form = current_modal(fake)
    project_use_cases.archive_project(database.uow(), "T1", "churn-predictor", actor="U1", now=T0)
    reply = ada.submit(form, {"cadence": "monthly", "timezone": "Europe/Paris"})
    assert reply.body["response_action"] == "update" and "is archived" in says(reply.body["view"])
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").checkin.cadence.value == "weekly"


def test_a_moved_stage_under_the_form_is_still_a_field_error_on_the_stage_it_names(ada, churn, fake, database):
    ada.click("card_stage", value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message={})
    form = current_modal(fake)
    project_use_cases.move_stage(database.uow(), "T1", "churn-predictor", Stage.DATA, reason="", actor="U1", now=T0)
    reply = ada.submit(form, {"stage_target": "data"})
    assert reply.body == {"response_action": "errors", "errors": {"stage_target": reply.body["errors"]["stage_target"]}}
    assert "already in data" in reply.body["errors"]["stage_target"]


@pytest.fixture
def ticker(bot):
    deps = bot.app.deps
    return Ticker(deps, deps.client_for, holder="test-ticker", sleep=lambda s: None)


def test_check_in_details_for_a_project_archived_meanwhile_say_the_check_in_closed(ada, ticker, fake, database):
    make_project(database)
    details = open_details(ada, fake, post_checkin(ticker, fake))
    project_use_cases.archive_project(database.uow(), "T1", "churn", actor="U1", now=T0)
    reply = ada.submit(details, {"value": "0.74", "experiments": "3"})
    assert reply.body["response_action"] == "update"
    assert "its check-ins are closed" in says(reply.body["view"])
    assert project_queries.get_project(database.uow(), "T1", "churn").current_value is None
