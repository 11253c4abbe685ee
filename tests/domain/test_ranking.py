"""Ranking agrees with the grid, and the gate decides before it (issue 17)."""

from datetime import timedelta

from domain.ranking import rank
from domain.scoring import prioritize
from tests.builders import (
    DEPRIORITIZED,
    EASY,
    FRAUD_DETECTOR,
    HARD,
    NEWSLETTER,
    RULES_WOULD_DO,
    STRATEGIC_BET,
    project,
    rated,
    scope,
)
from tests.conftest import T0


def refs(projects):
    return [r.project.ref for r in rank(projects)]


def test_a_fraud_detector_ranks_above_a_newsletter_generator_rules_would_do():
    newsletter, fraud = project("newsletter", the_scope=NEWSLETTER), project("fraud", the_scope=FRAUD_DETECTOR)
    assert prioritize(NEWSLETTER).combined > prioritize(FRAUD_DETECTOR).combined  # the old order put it first
    assert refs([newsletter, fraud]) == ["fraud", "newsletter"]


def test_a_strategic_bet_ranks_above_a_deprioritized_project_whatever_their_combined_scores():
    bet, parked = project("bet", the_scope=STRATEGIC_BET), project("parked", the_scope=DEPRIORITIZED)
    assert prioritize(DEPRIORITIZED).combined > prioritize(STRATEGIC_BET).combined
    assert refs([parked, bet]) == ["bet", "parked"]


def test_quadrants_come_in_the_grid_order_then_unscored_then_blocked():
    projects = [
        project("blocked", the_scope=rated(5, EASY).model_copy(update=RULES_WOULD_DO)),
        project("unscored"),
        project("parked", the_scope=rated(1, HARD)),
        project("quick", the_scope=rated(1, EASY)),
        project("bet", the_scope=rated(5, HARD)),
        project("now", the_scope=rated(3, EASY)),
    ]
    assert refs(projects) == ["now", "bet", "quick", "parked", "unscored", "blocked"]


def test_blocked_projects_keep_the_same_order_among_themselves():
    blocked = [
        project("b-unscored", the_scope=scope(**RULES_WOULD_DO)),
        project("b-quick", the_scope=rated(1, EASY).model_copy(update=RULES_WOULD_DO)),
        project("b-now", the_scope=rated(5, EASY).model_copy(update=RULES_WOULD_DO)),
    ]
    assert refs(blocked) == ["b-now", "b-quick", "b-unscored"]
    assert all(r.blocked for r in rank(blocked))


def test_within_a_quadrant_the_combined_score_then_age_decide():
    strong, weak = project("strong", the_scope=rated(5, EASY)), project("weak", the_scope=rated(3, EASY))
    older = project("older", the_scope=rated(3, EASY), created_at=T0 - timedelta(days=1))
    assert refs([weak, strong, older]) == ["strong", "older", "weak"]
