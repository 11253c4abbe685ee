"""Scoring and ranking settings from Slack (issue 17): admins and MLScope leads change the weights,
thresholds and ranking policy in a modal that first previews how the real portfolio would move."""

import json

import pytest

from bot.features.settings.scoring_blocks import preview_modal
from bot.slack.ids import Action, Callback
from domain import project_use_cases, workspace_use_cases
from domain.project_use_cases import NewProject
from domain.ranking_preview import preview
from domain.scoring import RankingPolicy, ScoringWeights
from tests.bot.harness import SlackUser
from tests.builders import EASY, HARD, rated
from tests.conftest import T0

PORTFOLIO = (  # ranked with the defaults: Top Pick, Fraud Detector (do now at impact 50), Big Bet
    ("top", "Top Pick", rated(5, EASY)),
    ("fraud", "Fraud Detector", rated(3, EASY)),
    ("bet", "Big Bet", rated(5, HARD)),
)


@pytest.fixture
def portfolio(database):
    for ref, name, the_scope in PORTFOLIO:
        new = NewProject(team_id="T1", name=name, ref=ref, owner_id="U1", creator_id="U1", channel_id="C2", scope=the_scope)
        project_use_cases.create_project(database.uow(), new, now=T0)


@pytest.fixture
def admin(bot, fake):
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def weights(database):
    return workspace_use_cases.weights_for(database.uow(), "T1")


def open_form(person, fake):
    person.command("settings scoring")
    form = fake.last_view()
    assert form["callback_id"] == Callback.SCORING_FORM, form
    return form


def shown(fake, view):
    """What the modal shows now (after the work its last answer started, done after the ack)."""
    return fake.state.views[view["id"]]


def to_preview(person, fake, answers):
    """Open the form, submit ``answers``: the preview step (the same view, updated)."""
    form = open_form(person, fake)
    reply = person.submit(form, answers)
    assert reply.body["response_action"] == "update" and "Working out" in text_of(reply.body["view"]), reply.body
    return shown(fake, form)


def text_of(view):
    return json.dumps(view["blocks"], ensure_ascii=False)


def listed(person):
    """The names in `/mlproject list`, in the order shown."""
    text = json.dumps(person.command("list").body, ensure_ascii=False)
    return sorted((n for _, n, _ in PORTFOLIO), key=text.index)


def test_settings_summarise_scoring_and_offer_the_form(ada):
    reply = ada.command("settings").body
    assert "*Scoring*: impact weights" in reply["text"] and "business value 1.5" in reply["text"]
    assert "*Ranking within a quadrant*: Worth per month first" in reply["text"]
    assert "`/mlproject settings scoring`" in reply["text"]
    assert Action.SETTINGS_SCORING in json.dumps(reply["blocks"])
    assert "settings scoring" in json.dumps(ada.command("help").body)


def test_someone_neither_lead_nor_admin_is_refused_and_then_refused_at_once(grace, fake, database):
    grace.command("settings scoring")  # Slack is asked whether grace is an admin after opening
    refused = fake.last_view()
    assert "Only workspace admins and MLScope leads" in text_of(refused) and "submit" not in refused
    opened = len(fake.calls_to("views.open"))
    reply = grace.command("settings scoring")  # the answer is cached now: refused in the reply
    assert "Only workspace admins and MLScope leads" in reply.body["text"]
    assert len(fake.calls_to("views.open")) == opened


@pytest.mark.parametrize("asked_before", [False, True], ids=["slack-asked-after-the-ack", "answer-cached"])
def test_a_forged_save_from_someone_neither_lead_nor_admin_changes_nothing(grace, fake, portfolio, database, asked_before):
    if asked_before:
        grace.command("settings scoring")  # refused; whether grace is an admin is now cached
    forged_view = preview_modal(preview([], ScoringWeights(), ScoringWeights(impact_threshold=90)))
    forged = fake.api_views_open({"trigger_id": fake.trigger_id("U2"), "view": forged_view})  # a modal in Slack
    grace.submit(forged["view"])
    assert "Only workspace admins and MLScope leads" in text_of(shown(fake, forged["view"]))
    assert weights(database) == ScoringWeights()


def test_the_form_opens_prefilled_for_an_admin(admin, fake, database):
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(hard_flag_factor=0.2, ranking=RankingPolicy.SCORE), actor="U3", now=T0,
        is_admin=lambda: True,
    )  # fmt: skip
    inputs = {b["block_id"]: b["element"] for b in open_form(admin, fake)["blocks"] if b["type"] == "input"}
    assert inputs["hard_flag_percent"]["initial_value"] == "20"
    assert inputs["weight_business_value"]["initial_value"] == "1.5"
    assert inputs["impact_threshold"]["initial_value"] == "50"
    assert inputs["ranking"]["initial_option"]["value"] == "score"


def test_bad_values_are_errors_on_their_fields_and_change_nothing(admin, fake, database):
    form = open_form(admin, fake)
    reply = admin.submit(form, {"weight_business_value": "11", "hard_flag_percent": "95", "impact_threshold": "abc"})
    assert reply.body == {
        "response_action": "errors",
        "errors": {"impact_threshold": "“abc” is not a number."},
    }, "a value that is not a number is caught first"
    reply = admin.submit(form, {"weight_business_value": "11", "hard_flag_percent": "95"})
    assert reply.body["errors"] == {
        "weight_business_value": "A weight is a number from 0 to 10.",
        "hard_flag_percent": "A flag takes from 0% to 90% of the feasibility left.",
    }
    nothing = {f"weight_{d}": "0" for d in ("data_availability", "labeling_cost", "accuracy_requirement", "problem_difficulty")}
    reply = admin.submit(form, nothing)
    assert reply.body["errors"] == {"weight_data_availability": "At least one feasibility weight must be above 0."}
    assert weights(database) == ScoringWeights()


def test_the_preview_lists_how_the_real_projects_would_move_and_saves_nothing(admin, fake, portfolio, database):
    preview_step = to_preview(admin, fake, {"impact_threshold": "60"})
    assert preview_step["callback_id"] == Callback.SCORING_PREVIEW and preview_step["submit"]["text"] == "Save"
    text = text_of(preview_step)
    assert "Impact threshold 50 → 60" in text
    assert "*Big Bet* (`bet`): 3 → 2 · Strategic bet" in text
    assert "*Fraud Detector* (`fraud`): 2 → 3 · Do now → Quick win" in text
    assert "Top Pick" not in text and "2 of 3 active projects would move; 1 keeps its place." in text
    assert weights(database) == ScoringWeights()


def test_save_rescores_and_the_list_shows_the_new_order(admin, fake, portfolio, database):
    assert listed(admin) == ["Top Pick", "Fraud Detector", "Big Bet"]
    preview_step = to_preview(admin, fake, {"impact_threshold": "60"})
    admin.submit(preview_step)
    done = shown(fake, preview_step)
    assert "Saved the scoring settings" in text_of(done) and "Impact threshold 50 → 60" in text_of(done)
    assert weights(database) == ScoringWeights(impact_threshold=60)
    assert listed(admin) == ["Top Pick", "Big Bet", "Fraud Detector"]


def test_back_returns_to_the_form_with_the_values_kept(admin, fake):
    preview_step = to_preview(admin, fake, {"impact_threshold": "60", "weight_labeling_cost": "4", "ranking": "score"})
    admin.click(Action.SCORING_BACK, view=preview_step, block_id="scoring_back")
    form = shown(fake, preview_step)
    assert form["callback_id"] == Callback.SCORING_FORM
    inputs = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert (inputs["impact_threshold"]["initial_value"], inputs["weight_labeling_cost"]["initial_value"]) == ("60", "4")
    assert inputs["ranking"]["initial_option"]["value"] == "score"


def test_a_lead_opens_it_from_the_settings_button_and_can_reset_to_defaults(admin, grace, fake, portfolio, database):
    admin.command("leads add <@U2>")
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(impact_threshold=60), actor="U3", now=T0, is_admin=lambda: True
    )
    grace.click(Action.SETTINGS_SCORING, block_id="settings_actions")
    form = fake.last_view()
    assert form["callback_id"] == Callback.SCORING_FORM
    grace.submit(form, {"reset_defaults": ["defaults"]})
    preview_step = shown(fake, form)
    assert "Impact threshold 60 → 50" in text_of(preview_step) and "Quick win → Do now" in text_of(preview_step)
    grace.submit(preview_step)
    assert weights(database) == ScoringWeights()


def test_a_preview_made_stale_by_someone_elses_save_is_not_saved(admin, fake, database):
    preview_step = to_preview(admin, fake, {"impact_threshold": "60"})
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(flywheel_bonus=20), actor="U1", now=T0, is_admin=lambda: True
    )
    admin.submit(preview_step)
    assert "changed by someone else after your preview" in text_of(shown(fake, preview_step))
    assert weights(database) == ScoringWeights(flywheel_bonus=20)


def test_saved_settings_and_a_new_currency_update_every_card_at_once(ada, admin, fake, database):
    from domain import project_queries
    from tests.bot.flows import walk
    from tests.bot.test_worth import scope_fraud

    walk(ada)
    scope_fraud(ada)
    cards = [project_queries.get_project(database.uow(), "T1", ref) for ref in ("churn-predictor", "invoice-fraud")]
    assert not any("Deprioritize" in str(fake.message(p.card_channel, p.card_ts).blocks) for p in cards)
    preview_step = to_preview(admin, fake, {"impact_threshold": "100", "feasibility_threshold": "100"})
    admin.submit(preview_step)
    assert "the projects' cards are being updated" in text_of(shown(fake, preview_step))
    assert all("Deprioritize" in str(fake.message(p.card_channel, p.card_ts).blocks) for p in cards)
    admin.command("settings currency USD")
    fraud = fake.message(cards[1].card_channel, cards[1].card_ts)
    assert "$11,000/month" in json.dumps(fraud.blocks, ensure_ascii=False)
