"""Within a quadrant, what a model is worth a month ranks first when known (the default policy);
the SQL page orders exactly as the domain does, under either policy."""

from __future__ import annotations

import pytest

from domain import project_queries, workspace_use_cases
from domain.ranking import rank
from domain.scoring import RankingPolicy, ScoringWeights
from domain.worth_inputs import WorthInputs
from tests.builders import EASY, HARD, optimizing, rated
from tests.conftest import T0
from tests.storage.test_ranked_page import create, seed


def money(value_per_true_positive: float, *, precision: float = 0.8) -> WorthInputs:
    """1,000 decisions a month, 10 % positive, recall 0.5, a false positive costs 10."""
    return WorthInputs(
        decisions_per_month=1000,
        prevalence=0.1,
        value_per_true_positive=value_per_true_positive,
        cost_per_false_positive=10,
        precision=precision,
        recall=0.5,
    )


def do_now(**kw):
    return rated(5, EASY).model_copy(update=kw)


def worth_portfolio(database):
    """Five 'do now' projects: two that gain money, one unknown with the best score, one that loses
    money, one rated a little lower with no worth; and a strategic bet worth the most of all."""
    create(database, "small", do_now(economics=money(100)))  # 50 caught × (100 − 10·0.25) ≈ 4,875
    create(database, "large", do_now(economics=money(1000)))  # ≈ 49,875
    create(database, "unknown", do_now(metrics=[optimizing()]))
    create(database, "loses", do_now(economics=money(1, precision=0.5)))  # 100 flags, each −4.5 a month
    create(database, "lower", rated(4, EASY))
    create(database, "bet", rated(5, HARD).model_copy(update={"economics": money(10_000)}))


def test_worth_ranks_before_the_combined_score_within_a_quadrant(database):
    worth_portfolio(database)
    order = [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items]
    assert order == ["large", "small", "unknown", "lower", "loses", "bet"]


def test_the_combined_score_alone_when_the_workspace_says_so(database):
    worth_portfolio(database)
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(ranking=RankingPolicy.SCORE), actor="U0", now=T0, is_admin=lambda: True
    )
    order = [s.ref for s in project_queries.ranked_page(database.uow(), "T1").items]
    assert order[-1] == "bet" and order.index("lower") == 4  # the grid still decides; worth no longer does
    assert set(order[:4]) == {"large", "small", "unknown", "loses"}


@pytest.mark.parametrize("policy", list(RankingPolicy))
def test_the_sql_page_equals_the_domain_ranking_under_either_policy(database, policy):
    seed(database, 12)
    worth_portfolio(database)
    weights = ScoringWeights(ranking=policy)
    workspace_use_cases.set_weights(database.uow(), "T1", weights, actor="U0", now=T0, is_admin=lambda: True)
    projects = [r.project for r in project_queries.list_projects(database.uow(), "T1")]
    expected = [(r.rank, r.project.ref) for r in rank(projects, weights)]
    assert [(s.rank, s.ref) for s in project_queries.ranked_page(database.uow(), "T1").items] == expected


def test_the_page_says_how_many_drivers_each_score_rests_on(database):
    create(database, "half", rated(5, {"data_availability": 5, "accuracy_requirement": 1}))
    (summary,) = project_queries.ranked_page(database.uow(), "T1").items
    assert summary.rated == (4, 2)
