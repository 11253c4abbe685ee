"""Lists rank in SQL from derived columns: the same order as the domain's ranking, always."""

import random
from datetime import timedelta

import pytest

from domain import digest_use_cases, project_queries, project_use_cases, reading_use_cases, workspace_use_cases
from domain.model import FeasibilityDriver, GateAnswer, GateQuestion, ImpactDriver, Stage
from domain.project_use_cases import NewProject
from domain.ranking import rank
from domain.scoring import Quadrant, ScoringWeights, prioritize
from storage.db import Database
from tests.builders import DEPRIORITIZED, FRAUD_DETECTOR, NEWSLETTER, STRATEGIC_BET, scope
from tests.conftest import T0
from tests.storage.counting import statements


@pytest.fixture
def unwatched(database):
    """The same database without PostgreSQL's revision listener, whose timing would move the
    statement counts (with it, a repeated list costs no statement at all: see test_revisions)."""
    db = Database(database.url, watch_revisions=False)
    yield db
    db.dispose()


def seed(database, n, *, prefix="p"):
    rng = random.Random(7)
    for i in range(n):
        the_scope = scope(
            impact={d.value: rng.choice([1, 3, 3, 5]) for d in ImpactDriver},
            feasibility={d.value: rng.choice([2, 4]) for d in FeasibilityDriver},
        )
        project_use_cases.create_project(
            database.uow(),
            NewProject(
                team_id="T1",
                name=f"{prefix.upper()}{i}",
                ref=f"{prefix}{i:03d}",
                owner_id=f"U{i % 3}",
                creator_id="U0",
                scope=the_scope,
            ),
            now=T0 + timedelta(minutes=rng.choice([0, 1])),
        )


def test_the_sql_ranking_equals_the_domain_ranking_ties_included(database):
    seed(database, 40)
    projects = [r.project for r in project_queries.list_projects(database.uow(), "T1")]
    expected = [(r.rank, r.project.ref) for r in rank(projects)]
    page = project_queries.ranked_page(database.uow(), "T1")
    assert [(s.rank, s.ref) for s in page.items] == expected
    assert page.total == 40


def seed_unscored(database, n):
    """Projects missing one decisive driver, rated best on the rest (high floors): they still rank
    after every scored project."""
    best_impact = {d.value: 5 for d in ImpactDriver}
    best_decisive_feasibility = {"data_availability": 5, "accuracy_requirement": 1}
    for i in range(n):
        missing = ("data_availability", "accuracy_requirement", "business_value")[i % 3]
        the_scope = scope(
            impact={k: v for k, v in best_impact.items() if k != missing},
            feasibility={k: v for k, v in best_decisive_feasibility.items() if k != missing},
        )
        project_use_cases.create_project(
            database.uow(),
            NewProject(team_id="T1", name=f"U{i}", ref=f"u{i:03d}", owner_id="U1", creator_id="U0", scope=the_scope),
            now=T0,
        )


def test_unscored_projects_rank_after_scored_ones_in_sql_as_in_the_domain(database):
    seed(database, 8)
    seed_unscored(database, 6)
    projects = [r.project for r in project_queries.list_projects(database.uow(), "T1")]
    expected = [(r.rank, r.project.ref) for r in rank(projects)]
    page = project_queries.ranked_page(database.uow(), "T1")
    assert [(s.rank, s.ref) for s in page.items] == expected
    assert [s.quadrant is Quadrant.UNSCORED for s in page.items] == [False] * 8 + [True] * 6


def create(database, ref, the_scope):
    project_use_cases.create_project(
        database.uow(),
        NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U0", scope=the_scope),
        now=T0,
    )


def test_the_issues_examples_rank_by_the_grid_in_sql_as_in_the_domain(database):
    """A fraud detector (impact 83) above a newsletter generator (impact 11, rules would do); a
    strategic bet above a deprioritized project; the combined score alone ordered both pairs the
    other way round."""
    seed(database, 6)
    seed_unscored(database, 2)
    for ref, the_scope in (
        ("newsletter", NEWSLETTER),
        ("fraud", FRAUD_DETECTOR),
        ("bet", STRATEGIC_BET),
        ("parked", DEPRIORITIZED),
    ):
        create(database, ref, the_scope)
    projects = [r.project for r in project_queries.list_projects(database.uow(), "T1")]
    expected = [(r.rank, r.project.ref) for r in rank(projects)]
    page = project_queries.ranked_page(database.uow(), "T1")
    assert [(s.rank, s.ref) for s in page.items] == expected
    order = [s.ref for s in page.items]
    assert order.index("bet") < order.index("fraud") < order.index("parked") < order.index("u000")  # bets, then parked
    assert order[-1] == "newsletter" and page.items[-1].gate_failed


def test_a_gate_answer_that_changes_moves_the_project_back_into_the_grid(database):
    create(database, "newsletter", NEWSLETTER)
    create(database, "parked", DEPRIORITIZED)
    assert [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items] == ["parked", "newsletter"]
    ml_needed = NEWSLETTER.model_copy(update={"gate": {GateQuestion.ML_NEEDED: GateAnswer.YES}})
    project_use_cases.update_project(database.uow(), "T1", "newsletter", actor="U0", now=T0, scope=ml_needed)
    assert [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items] == ["newsletter", "parked"]


def test_filtered_pages_keep_portfolio_wide_ranks(database):
    seed(database, 30)
    everyone = {s.ref: s.rank for s in project_queries.ranked_page(database.uow(), "T1").items}
    mine = project_queries.ranked_page(database.uow(), "T1", owner_id="U1", limit=4)
    assert mine.total == 10 and len(mine.items) == 4
    assert all(everyone[s.ref] == s.rank for s in mine.items)
    assert [s.rank for s in mine.items] == sorted(s.rank for s in mine.items)


def test_derived_columns_follow_every_change(database):
    seed(database, 3)
    project_use_cases.update_project(
        database.uow(),
        "T1",
        "p000",
        actor="U0",
        now=T0,
        scope=scope(
            impact={d.value: 5 for d in ImpactDriver}, feasibility={"data_availability": 5, "accuracy_requirement": 1}
        ),
    )
    project_use_cases.move_stage(database.uow(), "T1", "p000", Stage.DATA, reason="", actor="U0", now=T0)
    reading_use_cases.record_metric(database.uow(), "T1", "p000", 0.7, note=None, actor="U0", now=T0)
    [top] = project_queries.ranked_page(database.uow(), "T1", limit=1).items
    assert (top.ref, top.impact, top.stage, top.current_value) == ("p000", 100.0, Stage.DATA, 0.7)
    project_use_cases.archive_project(database.uow(), "T1", "p000", actor="U0", now=T0)
    assert "p000" not in [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items]


def test_new_workspace_weights_rerank_the_stored_scores(database):
    seed(database, 12)
    heavy = ScoringWeights(
        impact={ImpactDriver.RULES_REPLACED: 1.0}, feasibility={FeasibilityDriver.DATA_AVAILABILITY: 1.0}
    )
    workspace_use_cases.set_weights(database.uow(), "T1", heavy, actor="U0", now=T0, is_admin=lambda: True)
    expected = [
        r.project.ref for r in rank([r.project for r in project_queries.list_projects(database.uow(), "T1")], heavy)
    ]
    assert [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items] == expected


def test_list_show_home_and_digest_run_the_same_number_of_statements_for_10_or_60_projects(unwatched):
    database = unwatched

    def actions():
        return {
            "list": lambda: project_queries.ranked_page(database.uow(), "T1", limit=150),
            "show": lambda: project_queries.project_card(database.uow(), "T1", "p005"),
            "home": lambda: (
                project_queries.ranked_page(database.uow(), "T1", owner_id="U1", limit=15),
                project_queries.ranked_page(database.uow(), "T1", limit=25),
                project_queries.assessments_owned_by(database.uow(), "T1", "U1"),
            ),
            "digest": lambda: digest_use_cases.digest_data(
                database.uow(), "T1", "C1", scope="", now=T0 + timedelta(days=1)
            ),
        }

    seed(database, 10)
    small = {name: statements(database, act) for name, act in actions().items()}
    assert small["list"] == 2 and small["show"] == 9, small  # a cold cache: revision, the card, its latest check-in
    seed(database, 50, prefix="q")
    large = {name: statements(database, act) for name, act in actions().items()}
    assert large == small, f"statements grew with the portfolio: {small} -> {large}"
    assert all(n < 20 for n in small.values()), small


def test_a_repeated_list_costs_one_primary_key_lookup_and_a_repeated_show_one_more(unwatched):
    """The card's project comes from the cache; its latest check-in is read each time (answers do
    not move the workspace's revision, and a card must not hide a "No" given since)."""
    database = unwatched
    seed(database, 10)
    for act, expected in (
        (lambda: project_queries.ranked_page(database.uow(), "T1", limit=50), 1),
        (lambda: project_queries.project_card(database.uow(), "T1", "p005"), 2),
    ):
        act()
        assert statements(database, act) == expected


def test_cached_lists_and_cards_follow_every_write(database):
    seed(database, 5)
    assert project_queries.project_card(database.uow(), "T1", "p001").project.stage is Stage.PLANNING
    before = [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items]
    project_use_cases.move_stage(database.uow(), "T1", "p001", Stage.DATA, reason="", actor="U0", now=T0)
    assert project_queries.project_card(database.uow(), "T1", "p001").project.stage is Stage.DATA
    assert {s.ref: s.stage for s in project_queries.ranked_page(database.uow(), "T1").items}["p001"] is Stage.DATA
    heavy = ScoringWeights(
        impact={ImpactDriver.RULES_REPLACED: 1.0}, feasibility={FeasibilityDriver.LABELING_COST: 1.0}
    )
    workspace_use_cases.set_weights(database.uow(), "T1", heavy, actor="U0", now=T0, is_admin=lambda: True)
    expected = [
        r.project.ref for r in rank([r.project for r in project_queries.list_projects(database.uow(), "T1")], heavy)
    ]
    assert [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items] == expected != before
    assert project_queries.project_card(database.uow(), "T1", "p001").priority == prioritize(
        project_queries.get_project(database.uow(), "T1", "p001").scope, heavy
    )


def test_a_write_through_another_replica_is_seen_at_once(database):
    """Two processes share the database, each with its own cache: the revision keeps them honest."""
    seed(database, 3)
    other = Database(database.url)
    try:
        assert project_queries.ranked_page(other.uow(), "T1").total == 3
        assert project_queries.project_card(other.uow(), "T1", "p000").project.problem.name == "P0"
        project_use_cases.update_project(database.uow(), "T1", "p000", actor="U0", now=T0, name="Renamed")
        seed(database, 1, prefix="r")
        assert project_queries.ranked_page(other.uow(), "T1").total == 4
        assert project_queries.project_card(other.uow(), "T1", "p000").project.problem.name == "Renamed"
    finally:
        other.dispose()
