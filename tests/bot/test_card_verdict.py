"""The card's verdict does not ignore what happened since scoring: a check-in's "No", silence,
an archive, a failed gate; and it says what moved each score apart."""

from datetime import timedelta

import pytest

from domain import project_queries
from tests.bot.flows import STEP_1, STEPS, archive, walk
from tests.bot.test_checkins import answer, checkin_posts, ticker  # noqa: F401 (a fixture)

DOUBT = "Verdict in doubt"


@pytest.fixture
def scoped(ada, database):
    """The standard walk: weekly check-ins on Tuesdays, 09:30 Paris; its card in C2."""
    walk(ada)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def card_of(fake, project):
    return str(fake.message(project.card_channel, project.card_ts).blocks)


def checkin_in(ticker, fake, clock, *, weeks):  # noqa: F811
    ticker.run(now=clock.now + timedelta(weeks=weeks))
    post = checkin_posts(fake)[-1]
    return {"ts": post.ts, "blocks": post.blocks, "text": post.text}


def test_a_no_on_the_data_puts_the_verdict_in_doubt_until_a_check_in_says_it_holds(
    ada, fake, clock, scoped, ticker  # noqa: F811
):
    assert DOUBT not in card_of(fake, scoped)
    first = checkin_in(ticker, fake, clock, weeks=1)
    answer(ada, first, "checkin_no", "data")
    card = card_of(fake, scoped)
    assert f"{DOUBT}:* the latest check-in said the data no longer holds" in card
    assert "re-rate data availability" in card.lower()
    assert DOUBT in str(ada.command("show churn-predictor").body["blocks"])
    later = checkin_in(ticker, fake, clock, weeks=2)
    answer(ada, later, "checkin_yes", "metric")
    answer(ada, later, "checkin_yes", "data")
    assert DOUBT not in card_of(fake, scoped)


def test_once_the_project_looped_back_to_data_the_doubt_says_so_instead_of_advising_it(
    ada, fake, clock, scoped, ticker  # noqa: F811
):
    ada.command("stage churn-predictor data")
    ada.command("stage churn-predictor training")
    answer(ada, checkin_in(ticker, fake, clock, weeks=1), "checkin_no", "data")
    assert "loop back to data (move stage)" in card_of(fake, scoped).lower()
    ada.command("stage churn-predictor data the vendor's labels are late")
    card = card_of(fake, scoped)
    assert f"{DOUBT}:* the latest check-in said the data no longer holds" in card
    assert "It looped back to Data" in card and "loop back to data (move stage)" not in card.lower()


def test_a_no_on_the_metric_says_to_agree_on_a_metric_again(ada, fake, clock, scoped, ticker):  # noqa: F811
    answer(ada, checkin_in(ticker, fake, clock, weeks=1), "checkin_no", "metric")
    card = card_of(fake, scoped)
    assert "the metric no longer reflects what matters" in card and "agree on a metric again" in card.lower()


def test_an_archived_projects_card_gives_no_verdict(ada, fake, scoped):
    assert "Do now" in card_of(fake, scoped) or "Quick win" in card_of(fake, scoped)
    archive(ada, "churn-predictor")
    card = card_of(fake, scoped)
    assert "🗄️ Archived: out of the ranking, nothing to decide." in card
    assert not any(label in card for label in ("Do now", "Quick win", "Strategic bet", "Deprioritize"))


def test_the_card_says_what_moved_impact_apart_from_what_moved_feasibility(fake, scoped):
    card = card_of(fake, scoped)
    impact, feasibility = card.split("Impact mostly from ")[1].split(" · Feasibility mostly from ")
    assert "Business value" in impact and "Data availability" not in impact
    assert "Data availability" in feasibility or "Labeling" in feasibility or "Accuracy" in feasibility


def test_a_blocked_project_reads_blocked_by_the_gate_with_its_quadrant_only_as_what_the_scores_alone_say(
    ada, fake, database
):
    walk(ada, [STEP_1 | {"gate_ml_needed": "no"}, {}, {}, *STEPS[3:]])  # and nothing rated
    unscored = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    verdict = next(b["text"]["text"] for b in fake.message(unscored.card_channel, unscored.card_ts).blocks if "Blocked" in str(b))
    assert verdict.endswith("⛔ *Blocked by the gate* (rules would do): settle that before anything else.")
    assert "but the gate" not in verdict and "Not yet scored" not in verdict


def test_a_verdict_that_unrated_drivers_could_still_change_is_called_provisional(ada, fake, database):
    walk(ada, [STEPS[0], {"rate_business_value": "2"}, *STEPS[2:]])  # one impact driver rated, low
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    card = card_of(fake, project)
    assert "Provisional: once the other drivers are rated, it could be Do now" in card
