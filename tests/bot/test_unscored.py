"""A project scoped with nothing rated reads "not yet scored" everywhere, and says what to rate."""

import pytest

from domain import project_queries
from tests.bot.flows import STEP_1, STEP_4, STEP_5, walk
from tests.bot.test_digests import digests, ranked_names, seed, text_of
from tests.builders import EASY

UNRATED = [STEP_1, {}, {}, STEP_4, STEP_5]


@pytest.fixture
def unrated(ada, database):
    walk(ada, UNRATED)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def test_the_card_gives_no_verdict_and_names_the_drivers_to_rate(fake, unrated):
    card = str(fake.message(unrated.card_channel, unrated.card_ts).blocks)
    assert "Deprioritize" not in card
    assert "Not yet scored" in card and "*Impact not rated* (could be 0–100)" in card and "Impact 0" not in card
    assert "rate data availability, accuracy requirement and business value for a verdict" in card
    assert "(next: data availability)" in card


def test_show_says_what_is_missing(grace, unrated):
    blocks = str(grace.command("show churn-predictor").body["blocks"])
    assert "Not yet scored" in blocks and "next: data availability" in blocks


def test_list_and_app_home_say_not_yet_scored_after_the_scored_projects(ada, fake, database, clock, unrated):
    seed(database, ("scored", 2, EASY, "U1"), now=clock.now)
    text = str(ada.command("list").body["blocks"])
    assert "*1.* *Scored*" in text and "*2.* *Churn Predictor*" in text
    assert "not yet scored" in text.split("*2.* *Churn Predictor*")[1] and "Deprioritize" not in text
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = str(fake.calls_to("views.publish")[-1].args["view"]["blocks"])
    assert "Churn Predictor* `churn-predictor`" in home and "❔ not yet scored" in home


def test_the_digest_ranks_it_last_and_its_chart_leaves_it_off_the_grid(ada, fake, database, clock, unrated):
    seed(database, ("scored", 5, EASY, "U1"), now=clock.now)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    body = text_of(digest)
    assert ranked_names(digest) == ["Scored", "Churn Predictor"]
    assert "not yet scored" in body and "1 not yet scored project is left off it" in body


def test_the_card_explains_what_each_hard_problem_flag_took_off(ada, fake, database):
    walk(ada)  # the standard walk flags a small-data setting
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    card = str(fake.message(project.card_channel, project.card_ts).blocks)
    assert "Hard problems lower feasibility by the same share each" in card and "Small-data setting −" in card


def test_the_scoping_preview_says_what_is_missing_before_the_metric_step(ada, fake):
    *_, to_metric_step = walk(ada, UNRATED[:3])
    preview = str(to_metric_step.body["view"]["blocks"])
    assert "Not yet scored" in preview and "rate data availability" in preview
