"""What a model is worth (issue 17), through Slack: the scoping flow asks, the card and `show` say
it in one line, and the workspace's currency is a setting for admins and leads."""

import json

import pytest

from domain import draft_use_cases, project_queries, project_use_cases, workspace_use_cases
from domain.project_use_cases import NewProject
from domain.scoring import RankingPolicy, ScoringWeights
from tests.bot.flows import STEP_1, STEP_3, STEP_5, current_modal, submit_steps, walk
from tests.bot.harness import SlackUser
from tests.bot.test_digests import ranking

FRAUD_1 = STEP_1 | {"name": "Invoice Fraud", "archetype": "human_in_the_loop"}
FRAUD_2 = {"rate_business_value": "5", "rate_cheap_prediction": "4", "rate_friction_removed": "3"}
FRAUD_4 = {
    "metric_name": "precision",
    "metric_target": "0.9",
    "worth_decisions": "5000",
    "worth_positive_share": "3",
    "worth_value_tp": "100",
    "worth_cost_fp": "20",
    "worth_review_cost": "4",
    "worth_recall": "0.8",
    "baseline_kind": "rule_based",
    "baseline_description": "amount and new-supplier rules",
    "baseline_value": "0.5",
    "baseline_recall": "0.6",  # the rules' own recall (their precision is their value: the metric is precision)
}
LINE = (
    "💰 worth about 11,000 €/month at target (rules: about 6,500 €/month); loses money below precision 0.20; "
    "must reach precision 0.37 at recall 0.8 to beat rules"
)


@pytest.fixture
def admin(bot, fake):
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def scope_fraud(user, step_4=FRAUD_4):
    return walk(user, [FRAUD_1, FRAUD_2, STEP_3, step_4, STEP_5])


def step_4_view(user, step_1=FRAUD_1):
    """The modal at step 4, as the person sees it after steps 1–3."""
    user.command("new")
    opened = current_modal(user.bot.fake)
    replies = submit_steps(user, [step_1, FRAUD_2, STEP_3])
    return replies[-1].body["view"] | {"id": opened["id"]}


def test_the_worth_answers_become_one_line_on_the_card_and_in_show(ada, fake, database):
    replies = scope_fraud(ada)
    assert replies[-1].body.get("response_action") == "clear"
    project = project_queries.get_project(database.uow(), "T1", "invoice-fraud")
    assert project.scope.economics.decisions_per_month == 5000 and project.scope.economics.prevalence == 0.03
    [card] = fake.messages_in("C2")
    assert LINE in json.dumps(card.blocks, ensure_ascii=False)
    assert LINE in json.dumps(ada.command("show invoice-fraud").body, ensure_ascii=False)


def test_step_four_asks_the_review_cost_only_when_a_person_reviews_the_flags(ada, grace):
    asked = {b.get("block_id") for b in step_4_view(ada)["blocks"]}
    assert {"worth_decisions", "worth_review_cost", "worth_recall"} <= asked
    asked = {b.get("block_id") for b in step_4_view(grace, STEP_1 | {"archetype": "autonomous"})["blocks"]}
    assert "worth_decisions" in asked and "worth_review_cost" not in asked


def test_without_worth_answers_the_card_says_nothing_about_money(ada, fake):
    scope_fraud(ada, {k: v for k, v in FRAUD_4.items() if not k.startswith("worth_")})
    [card] = fake.messages_in("C2")
    assert "💰" not in json.dumps(card.blocks, ensure_ascii=False)


def test_some_answers_say_what_is_known_and_what_is_still_to_answer(ada, fake):
    scope_fraud(ada, {k: v for k, v in FRAUD_4.items() if k not in ("worth_decisions", "worth_positive_share")})
    [card] = fake.messages_in("C2")
    text = json.dumps(card.blocks, ensure_ascii=False)
    assert "loses money below precision 0.20; still to answer: decisions per month, share of cases that are" in text


def test_impossible_or_out_of_range_answers_are_field_errors_and_change_nothing(ada, fake, database):
    view = step_4_view(ada)
    before = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    bad = FRAUD_4 | {
        "worth_decisions": "2.5",
        "worth_positive_share": "150",
        "worth_value_tp": "-3",
        "worth_recall": "2",
        "baseline_recall": "-0.1",
    }
    reply = ada.submit(view, bad)
    assert reply.body["response_action"] == "errors"
    errors = reply.body["errors"]
    assert set(errors) == {
        "worth_decisions",
        "worth_positive_share",
        "worth_value_tp",
        "worth_recall",
        "baseline_recall",
    }
    assert "whole number" in errors["worth_decisions"] and "percentage" in errors["worth_positive_share"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") == before
    reply = ada.submit(view, FRAUD_4 | {"metric_target": "0.001", "worth_positive_share": "1"})
    assert "would flag more cases than there are" in reply.body["errors"]["worth_precision"]
    assert draft_use_cases.load_draft(database.uow(), "T1", "U1") == before


def test_an_admin_sets_the_currency_and_the_card_speaks_it(ada, admin, fake, database):
    scope_fraud(ada)
    assert "*Currency: EUR*" in ada.command("settings").body["text"]
    assert "The currency is now *USD*" in admin.command("settings currency usd").body["text"]
    assert workspace_use_cases.currency(database.uow(), "T1") == "USD"
    assert "worth about $11,000/month at target" in json.dumps(ada.command("show invoice-fraud").body)
    assert "The currency was already *USD*" in admin.command("settings currency USD").body["text"]


def test_anyone_else_is_refused_and_a_bad_code_changes_nothing(ada, grace, admin, database):
    reply = grace.command("settings currency GBP")
    assert "Only workspace admins and MLScope leads" in reply.body["text"]
    assert "not a currency code" in admin.command("settings currency euros").body["text"]
    assert workspace_use_cases.currency(database.uow(), "T1") == "EUR"
    admin.command("leads add <@U2>")
    assert "The currency is now *GBP*" in grace.command("settings currency GBP").body["text"]


def test_editing_shows_the_worth_answers_again_and_clearing_them_removes_the_line(ada, fake, database):
    scope_fraud(ada)
    ada.command("edit invoice-fraud")
    opened = current_modal(fake)
    replies = submit_steps(ada, [{}, {}, {}])
    view = replies[-1].body["view"] | {"id": opened["id"]}
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs["worth_decisions"]["initial_value"] == "5,000"  # as people write it; read back as 5000
    assert inputs["worth_positive_share"]["initial_value"] == "3"
    assert inputs["worth_review_cost"]["initial_value"] == "4"
    cleared = {field: "" for field in inputs if field.startswith("worth_")}
    submit_steps(ada, [cleared, {}], view)
    assert project_queries.get_project(database.uow(), "T1", "invoice-fraud").scope.economics is None
    updated = json.dumps(fake.calls_to("chat.update")[-1].args["blocks"], ensure_ascii=False)
    assert "Invoice Fraud" in updated and "💰" not in updated


def test_list_app_home_and_digest_lines_say_the_worth_and_how_much_is_rated(ada, fake, database, clock):
    scope_fraud(ada)  # three of four impact drivers rated
    line = next(x for x in str(ada.command("list").body["blocks"]).split("\\n") if "Invoice Fraud" in x)
    assert "(3/4 rated)" in line and "💰 about 11,000 €/month at target" in line
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    assert "💰 about 11,000 €/month at target" in str(fake.calls_to("views.publish")[-1].args["view"]["blocks"])
    ada.command("digest", channel="C2")
    digest = next(m for m in fake.messages_in("C2") if "ML portfolio digest" in m.text)
    [row] = ranking(digest)  # the table's "Worth at target" column
    assert "(3/4 rated)" in row and " | about 11,000 €/month | " in row


def test_within_a_quadrant_the_project_worth_money_ranks_first(ada, fake, database, clock):
    scope_fraud(ada)
    fraud = project_queries.get_project(database.uow(), "T1", "invoice-fraud")
    quadrant = project_queries.project_card(database.uow(), "T1", "invoice-fraud").priority.quadrant
    best_impact = {d: r.model_copy(update={"rating": 5}) for d, r in fraud.scope.impact.items()}
    better = fraud.scope.model_copy(update={"economics": None, "impact": best_impact})  # worth not known
    project_use_cases.create_project(
        database.uow(),
        NewProject(team_id="T1", name="Scored Higher", ref="higher", owner_id="U1", creator_id="U1", scope=better),
        now=clock.now,
    )
    higher = project_queries.project_card(database.uow(), "T1", "higher").priority
    assert higher.quadrant is quadrant and higher.combined > project_queries.project_card(
        database.uow(), "T1", "invoice-fraud"
    ).priority.combined
    text = str(ada.command("list").body["blocks"])
    assert text.index("*1.* *Invoice Fraud*") < text.index("*2.* *Scored Higher*")
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(ranking=RankingPolicy.SCORE), actor="U1", now=clock.now, is_admin=lambda: True
    )
    text = str(ada.command("list").body["blocks"])
    assert text.index("*1.* *Scored Higher*") < text.index("*2.* *Invoice Fraud*")
