"""The card's buttons open the right modal; submitting it changes the project and the card."""

import pytest

from bot.slack.metadata import CardButton
from domain import project_queries, project_use_cases
from domain.model import Stage
from tests.bot.flows import STEPS, walk


@pytest.fixture
def card(ada, fake, database):
    walk(ada)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    message = fake.message(project.card_channel, project.card_ts)
    return {"ts": message.ts, "blocks": message.blocks, "text": message.text}


def click(user, card, action_id):
    return user.click(action_id, value=CardButton(ref="churn-predictor").dump(), block_id="card:churn-predictor", channel="C2", message=card)


def test_move_stage_offers_forward_and_loop_backs_and_requires_a_reason_to_go_back(ada, fake, card, database):
    project_use_cases.move_stage(database.uow(), "T1", "churn-predictor", Stage.DATA, reason="", actor="U1", now=services_now())
    click(ada, card, "card_stage")
    view = fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}
    options = [
        o["value"] for o in next(b for b in view["blocks"] if b.get("block_id") == "stage_target")["element"]["options"]
    ]
    assert options == ["training", "planning"]
    refused = ada.submit(view, {"stage_target": "planning"})
    assert "needs a reason" in refused.body["errors"]["reason"]
    assert ada.submit(view, {"stage_target": "planning", "reason": "data is too hard to get"}).raw == b""
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").stage is Stage.PLANNING
    assert "data is too hard to get" in str(fake.message("C2", card["ts"]).blocks)


def services_now():
    from tests.conftest import T0

    return T0


def test_record_metric_from_the_card(ada, fake, card, database):
    click(ada, card, "card_metric")
    view = fake.last_view()
    assert ada.submit(view, {"value": "abc"}).body["errors"] == {"value": "“abc” is not a number."}
    ada.submit(view, {"value": "0.7", "note": "first model"})
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").current_value == 0.7
    assert "current 0.7" in str(fake.message("C2", card["ts"]).blocks)


def test_add_a_human_baseline_from_the_card(ada, fake, card, database):
    click(ada, card, "card_baseline")
    view = fake.last_view()
    missing_level = ada.submit(view, {"baseline_kind": "human", "baseline_description": "support agents"})
    assert "level" in missing_level.body["errors"]["human_level"]
    ada.submit(
        view,
        {
            "baseline_kind": "human",
            "baseline_description": "support agents",
            "baseline_value": "0.7",
            "human_level": "domain_experts",
        },
    )
    baselines = project_queries.get_project(database.uow(), "T1", "churn-predictor").scope.baselines
    assert [(b.kind.value, b.value) for b in baselines] == [("rule_based", 0.55), ("human", 0.7)]
    assert "best baseline 0.7 (human)" in str(fake.message("C2", card["ts"]).blocks)


def test_edit_walks_the_steps_prefilled_and_a_metric_change_needs_a_reason(ada, fake, card, database):
    click(ada, card, "card_edit")
    view = fake.last_view()
    name = next(b for b in view["blocks"] if b.get("block_id") == "name")
    assert name["element"]["initial_value"] == "Churn Predictor"
    for answers in ({}, {}, {}):
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    refused = ada.submit(view, {"metric_name": "precision@10"})
    assert "needs a reason" in refused.body["errors"]["metric_change_reason"]
    view = ada.submit(
        view, {"metric_name": "precision@10", "metric_change_reason": "sales wants fewer false alarms"}
    ).body["view"] | {"id": view["id"]}
    assert ada.submit(view, {}).body["response_action"] == "clear"
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert project.scope.optimizing.name == "precision@10"
    assert project.metric_changes[0].reason == "sales wants fewer false alarms"
    assert project.scope.baselines[0].value == 0.55
    assert "precision@10" in str(fake.message("C2", card["ts"]).blocks)


def test_archive_button_archives_and_tells_the_user(ada, fake, card, database):
    click(ada, card, "card_archive")
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").archived
    assert any("Archived" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))


def test_buttons_of_another_workspaces_card_find_nothing(fake, card, bot, database):
    from tests.bot.harness import SlackUser

    intruder = SlackUser(bot, "U9", team="T2")
    click(intruder, card, "card_archive")
    assert not project_queries.get_project(database.uow(), "T1", "churn-predictor").archived
    assert any("No project `churn-predictor`" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))


def test_step_answers_are_kept_when_walking_again(ada, fake, database):
    walk(ada, STEPS[:2])
    ada.command("new")
    ada.click("draft_resume", block_id="draft")
    view = fake.calls_to("views.open")[-1].args["view"]
    assert "step 3 of 5" in str(view["blocks"])


def test_the_checklist_shows_what_the_scope_already_proves_and_keeps_what_is_ticked_through_an_edit(
    ada, fake, card, database
):
    assert "📋 Feasibility checklist 4/7 · next: review the literature" in str(card["blocks"])
    click(ada, card, "card_checklist")
    view = fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}
    [boxes] = [b["element"] for b in view["blocks"] if b.get("block_id") == "checklist"]
    assert [o["value"] for o in boxes["initial_options"]] == ["ml_needed", "success_criteria", "ethics", "rule_based"]
    described = {o["value"]: o.get("description", {}).get("text") for o in boxes["options"]}
    assert described["rule_based"] == "done: a rule-based baseline" and described["benchmark"] is None
    assert ada.submit(view, {"checklist": ["literature", "benchmark"]}).raw == b""
    assert "📋 Feasibility checklist 6/7 · next: ask again whether ML is needed" in str(
        fake.message("C2", card["ts"]).blocks
    )
    ada.command("edit churn-predictor")
    from tests.bot.flows import submit_steps

    submit_steps(ada, STEPS)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    assert {i.value for i in project.scope.checklist} == {"literature", "benchmark"}


def test_a_checklist_form_with_a_step_that_no_longer_exists_is_a_field_error_and_changes_nothing(
    ada, fake, card, database
):
    from bot.standin import payloads

    click(ada, card, "card_checklist")
    view = fake.calls_to("views.open")[-1].args["view"] | {"id": fake.last_view()["id"]}
    payload = payloads.view_submission(view, {"checklist": ["benchmark"]})
    ticked = payload["view"]["state"]["values"]["checklist"]["checklist"]["selected_options"]
    ticked.append({"text": {"type": "plain_text", "text": "Old step"}, "value": "retired_step"})
    reply = ada.interact(payload)
    assert reply.body["response_action"] == "errors" and "out of date" in reply.body["errors"]["checklist"]
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").scope.checklist == set()


def test_a_card_posted_by_the_previous_version_still_works(ada, fake, card, database):
    """Before the one payload encoding, card buttons and card forms carried the bare ref."""
    old_card = card | {"blocks": [_bare_refs(block) for block in card["blocks"]]}
    ada.click("card_metric", value="churn-predictor", block_id="card:churn-predictor", channel="C2", message=old_card)
    view = fake.last_view() | {"private_metadata": "churn-predictor"}
    assert ada.submit(view, {"value": "0.7"}).body["response_action"] == "update"  # the confirmation, with Undo
    assert project_queries.get_project(database.uow(), "T1", "churn-predictor").current_value == 0.7


def _bare_refs(block):
    if block.get("type") != "actions":
        return block
    return block | {"elements": [e | {"value": CardButton.load(e["value"]).ref} for e in block["elements"]]}
