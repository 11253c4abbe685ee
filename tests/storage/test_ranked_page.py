"""Lists rank in SQL from derived columns: the same order as the domain's ranking, always."""

import random
from datetime import timedelta

from sqlalchemy import event

from domain import scheduling, services
from domain.model import FeasibilityDriver, ImpactDriver, Stage
from domain.scoring import ScoringWeights, rank
from domain.services import NewProject
from tests.builders import scope
from tests.conftest import T0


def seed(database, n, *, prefix="p"):
    rng = random.Random(7)
    for i in range(n):
        the_scope = scope(
            impact={d.value: rng.choice([1, 3, 3, 5]) for d in ImpactDriver},
            feasibility={d.value: rng.choice([2, 4]) for d in FeasibilityDriver},
        )
        services.create_project(
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
    projects = [r.project for r in services.list_projects(database.uow(), "T1")]
    expected = [(r.rank, r.project.ref) for r in rank(projects)]
    page = services.ranked_page(database.uow(), "T1")
    assert [(s.rank, s.ref) for s in page.items] == expected
    assert page.total == 40


def test_filtered_pages_keep_portfolio_wide_ranks(database):
    seed(database, 30)
    everyone = {s.ref: s.rank for s in services.ranked_page(database.uow(), "T1").items}
    mine = services.ranked_page(database.uow(), "T1", owner_id="U1", limit=4)
    assert mine.total == 10 and len(mine.items) == 4
    assert all(everyone[s.ref] == s.rank for s in mine.items)
    assert [s.rank for s in mine.items] == sorted(s.rank for s in mine.items)


def test_derived_columns_follow_every_change(database):
    seed(database, 3)
    services.update_project(
        database.uow(),
        "T1",
        "p000",
        actor="U0",
        now=T0,
        scope=scope(impact={d.value: 5 for d in ImpactDriver}, feasibility={"data_availability": 5}),
    )
    services.move_stage(database.uow(), "T1", "p000", Stage.DATA, reason="", actor="U0", now=T0)
    services.record_metric(database.uow(), "T1", "p000", 0.7, note=None, actor="U0", now=T0)
    [top] = services.ranked_page(database.uow(), "T1", limit=1).items
    assert (top.ref, top.impact, top.stage, top.current_value) == ("p000", 100.0, Stage.DATA, 0.7)
    services.archive_project(database.uow(), "T1", "p000", actor="U0", now=T0)
    assert "p000" not in [s.ref for s in services.ranked_page(database.uow(), "T1").items]


def test_new_workspace_weights_rerank_the_stored_scores(database):
    seed(database, 12)
    heavy = ScoringWeights(
        impact={ImpactDriver.RULES_REPLACED: 1.0}, feasibility={FeasibilityDriver.DATA_AVAILABILITY: 1.0}
    )
    services.set_weights(database.uow(), "T1", heavy, actor="U0", now=T0)
    expected = [r.project.ref for r in rank([r.project for r in services.list_projects(database.uow(), "T1")], heavy)]
    assert [s.ref for s in services.ranked_page(database.uow(), "T1").items] == expected


def statements(database, action):
    count = 0

    def counter(*_):
        nonlocal count
        count += 1

    event.listen(database.engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        event.remove(database.engine, "before_cursor_execute", counter)
    return count


def test_list_show_home_and_digest_run_the_same_number_of_statements_for_10_or_60_projects(database):
    def actions():
        return {
            "list": lambda: services.ranked_page(database.uow(), "T1", limit=150),
            "show": lambda: services.get_project(database.uow(), "T1", "p005"),
            "home": lambda: (
                services.ranked_page(database.uow(), "T1", owner_id="U1", limit=15),
                services.ranked_page(database.uow(), "T1", limit=25),
                services.projects_owned_by(database.uow(), "T1", "U1"),
            ),
            "digest": lambda: scheduling.digest_data(database.uow(), "T1", "C1", scope="", now=T0 + timedelta(days=1)),
        }

    seed(database, 10)
    small = {name: statements(database, act) for name, act in actions().items()}
    seed(database, 50, prefix="q")
    large = {name: statements(database, act) for name, act in actions().items()}
    assert large == small, f"statements grew with the portfolio: {small} -> {large}"
    assert all(n < 20 for n in small.values()), small
