"""A project whose gate failed ranks in a "blocked by the gate" group after all others, until the answer changes."""

import pytest

from domain import project_queries, project_use_cases
from domain.model import GateAnswer, GateQuestion
from domain.project_use_cases import NewProject
from tests.bot.flows import STEP_1, STEPS, walk
from tests.bot.test_digests import digests, ranked_names, ranking, seed, text_of
from tests.builders import HARD, scope

BLOCKED_HEADING = "⛔ Blocked by the gate"


@pytest.fixture
def rules_would_do(ada, database, clock):
    """A well-rated project (its quadrant alone would say "do now") whose gate says rules would do,
    a deprioritized project and one not yet scored."""
    walk(ada, [STEP_1 | {"gate_ml_needed": "no"}, *STEPS[1:]])
    seed(database, ("parked", 1, HARD, "U1"), now=clock.now)
    unscored = NewProject(team_id="T1", name="Blank", ref="blank", owner_id="U1", creator_id="U1", scope=scope())
    project_use_cases.create_project(database.uow(), unscored, now=clock.now)
    return project_queries.get_project(database.uow(), "T1", "churn-predictor")


def in_order(text, *parts):
    return all(text.index(a) < text.index(b) for a, b in zip(parts, parts[1:], strict=False))


def test_list_puts_it_in_the_blocked_group_after_the_unscored(ada, rules_would_do):
    text = str(ada.command("list").body["blocks"])
    assert in_order(text, "*1.* *Parked*", "*2.* *Blank*", BLOCKED_HEADING, "*3.* *Churn Predictor*")
    assert "⛔ blocked by the gate (rules would do)" in text.split(BLOCKED_HEADING)[1] and "Quick win" not in text.split(BLOCKED_HEADING)[1]


def test_app_home_shows_the_blocked_group_last(ada, fake, rules_would_do):
    ada.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    home = str(fake.calls_to("views.publish")[-1].args["view"]["blocks"])
    portfolio = home.split("Portfolio, ranked")[1]
    assert in_order(portfolio, "Parked", "Blank", BLOCKED_HEADING, "Churn Predictor")
    mine = home.split("My projects")[1].split("Open advice")[0]
    assert in_order(mine, "Parked", "Blank", BLOCKED_HEADING, "Churn Predictor")


def test_the_digest_ranks_it_last_and_its_chart_leaves_it_off_the_grid(ada, fake, rules_would_do):
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    body = text_of(digest)
    assert ranked_names(digest) == ["Parked", "Blank", "Churn Predictor"]
    assert "⛔ blocked by the gate" in ranking(digest)[2] and "blocked" not in " ".join(ranking(digest)[:2])
    assert "1 not yet scored project is left off it" in body
    assert "1 project blocked by the gate is left off it" in body


def test_when_the_answer_changes_it_goes_back_into_the_grid(ada, database, rules_would_do):
    ml_needed = rules_would_do.scope.model_copy(update={"gate": {GateQuestion.ML_NEEDED: GateAnswer.YES}})
    project_use_cases.update_project(
        database.uow(), "T1", "churn-predictor", actor="U1", now=rules_would_do.updated_at, scope=ml_needed
    )
    text = str(ada.command("list").body["blocks"])
    assert "*1.* *Churn Predictor*" in text and BLOCKED_HEADING not in text
