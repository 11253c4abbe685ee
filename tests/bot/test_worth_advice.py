"""Advice when the money says no, through Slack (issue 17): the card, `show`, App Home and the last
scoping step warn when the model loses money at its target, falls short of the best baseline, or
cannot beat it at all, in the workspace's currency where it is known; never on missing inputs."""

import json

import pytest

from tests.bot.flows import current_modal, walk
from tests.bot.harness import SlackUser
from tests.bot.test_worth import FRAUD_1, FRAUD_2, FRAUD_4, STEP_3, STEP_5
from tests.bot.test_worth_baselines import RULES, card_text, open_baseline_form

LOSES = (
    "⚠️ At its target (precision 0.15 at recall 0.8) the model loses about 4,800 €/month: "
    "precision must exceed the break-even 0.20 for acting on flags to pay."
)
BELOW_RULES = "⚠️ At its target (precision 0.15 at recall 0.8) the model is worth about 11,000 €/month less than rules"


def scope_fraud(user, **step_4):
    return walk(user, [FRAUD_1, FRAUD_2, STEP_3, FRAUD_4 | step_4, STEP_5])


def test_a_target_that_loses_money_is_warned_on_the_card_and_in_show(ada, fake, database):
    scope_fraud(ada, metric_target="0.15")
    card = card_text(fake, database)
    assert LOSES in card and BELOW_RULES in card
    shown = json.dumps(ada.command("show invoice-fraud").body, ensure_ascii=False)
    assert LOSES in shown and BELOW_RULES in shown


def test_app_home_warns_in_the_workspaces_currency(ada, fake, bot):
    fake.add_user("U3", "hopper", admin=True)
    SlackUser(bot, "U3").command("settings currency USD")
    scope_fraud(ada, metric_target="0.15")
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = json.dumps(fake.calls_to("views.publish")[-1].args["view"]["blocks"], ensure_ascii=False)
    assert "the model loses about $4,800/month: precision must exceed the break-even 0.20" in home
    assert "€" not in home


def test_the_last_scoping_step_warns_with_plain_numbers_before_the_project_exists(ada, fake):
    ada.command("new")
    view = current_modal(fake)
    for answers in (FRAUD_1, FRAUD_2, STEP_3, FRAUD_4 | {"metric_target": "0.15"}):
        view = ada.submit(view, answers).body["view"] | {"id": view["id"]}
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "the model loses about 4,800 a month: precision must exceed the break-even 0.20" in text


def test_a_target_above_the_break_even_but_below_the_baselines_bar_is_told_the_bar(ada, fake, database):
    scope_fraud(ada, metric_target="0.3")
    card = card_text(fake, database)
    assert (
        "⚠️ At its target (precision 0.3 at recall 0.8) the model is worth about 1,700 €/month less than rules: "
        "it must reach precision 0.37 at recall 0.8 to beat rules." in card
    )
    assert "loses about" not in card


def test_a_baseline_no_precision_can_beat_says_keep_it_or_change_the_economics(ada, fake, database):
    scope_fraud(ada)
    assert "⚠️ No precision" not in card_text(fake, database)
    form = open_baseline_form(ada, fake, database)
    ada.submit(form, RULES | {"baseline_precision": "99%", "baseline_recall": "95%"})
    assert (
        "⚠️ No precision at recall 0.8 beats rules (about 14,000 €/month): keep the baseline, or change the economics"
        in card_text(fake, database)
    )


@pytest.mark.parametrize("unanswered", ["worth_value_tp", "worth_cost_fp", "worth_review_cost"])
def test_without_the_payoffs_nothing_is_said_about_losing_money(ada, fake, database, unanswered):
    scope_fraud(ada, metric_target="0.15", **{unanswered: ""})
    card = card_text(fake, database)
    assert "At its target" not in card and "below the break-even" not in card


def test_a_target_worth_more_than_every_baseline_gets_no_money_warning(ada, fake, database):
    scope_fraud(ada)
    card = card_text(fake, database)
    assert "At its target" not in card and "No precision" not in card
