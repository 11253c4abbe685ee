"""Unknown is not zero: how much of a score is rated, the range it could take, no verdict on missing answers."""

from hypothesis import given
from hypothesis import strategies as st

from domain.model import FeasibilityDriver, HardFlag, ImpactDriver
from domain.ranking import rank
from domain.scoring import DECISIVE, Quadrant, ScoringWeights, feasibility_score, prioritize
from tests.builders import project, scope, uniform

W = ScoringWeights()

impact_ratings = st.dictionaries(st.sampled_from([d.value for d in ImpactDriver]), st.integers(1, 5))
feasibility_ratings = st.dictionaries(st.sampled_from([d.value for d in FeasibilityDriver]), st.integers(1, 5))
flags = st.sets(st.sampled_from(list(HardFlag)))


def test_a_project_with_nothing_rated_gets_no_verdict_and_is_told_what_to_rate_first():
    priority = prioritize(scope())
    assert priority.quadrant is Quadrant.UNSCORED
    assert not priority.scored
    assert priority.to_rate == DECISIVE
    assert priority.to_rate[0] is FeasibilityDriver.DATA_AVAILABILITY
    assert (priority.impact.rated, priority.impact.drivers) == (0, 4)
    assert (priority.impact.low, priority.impact.high) == (0, 100)
    assert (priority.feasibility.low, priority.feasibility.high) == (0, 100)


def test_the_verdict_comes_once_the_decisive_drivers_are_rated():
    decisive = scope(impact={"business_value": 5}, feasibility={"data_availability": 5, "accuracy_requirement": 1})
    almost = scope(impact={"business_value": 5, "rules_replaced": 5}, feasibility={"data_availability": 5})
    assert prioritize(decisive).scored
    assert prioritize(almost).to_rate == (FeasibilityDriver.ACCURACY_REQUIREMENT,)
    assert prioritize(almost).quadrant is Quadrant.UNSCORED


def test_a_partly_rated_score_says_how_much_is_rated_and_where_it_could_still_land():
    score = prioritize(scope(impact={"business_value": 5, "cheap_prediction": 1})).impact
    assert (score.rated, score.drivers, score.complete) == (2, 4, False)
    assert score.low == score.value == round(100 * 1.5 / 4.5, 1)
    assert score.high == round(100 * (1.5 + 2) / 4.5, 1)  # the two unrated drivers at their best


def test_unscored_projects_rank_after_every_scored_one_however_high_their_floor():
    unscored = project("unscored", the_scope=scope(impact=uniform(5)["impact"]))
    weak = project("weak", the_scope=scope(**uniform(1)))
    assert [r.project.ref for r in rank([unscored, weak])] == ["weak", "unscored"]


@given(impact_ratings, feasibility_ratings, flags)
def test_the_range_contains_the_score(impact, feasibility, hard_flags):
    priority = prioritize(scope(impact=impact, feasibility=feasibility, hard_flags=hard_flags))
    for score in (priority.impact, priority.feasibility):
        assert score.low <= score.value <= score.high


@given(feasibility_ratings.filter(lambda r: len(r) == 4), impact_ratings.filter(lambda r: len(r) == 4), flags)
def test_a_fully_rated_score_has_an_empty_range(feasibility, impact, hard_flags):
    priority = prioritize(scope(impact=impact, feasibility=feasibility, hard_flags=hard_flags))
    assert priority.scored
    for score in (priority.impact, priority.feasibility):
        assert score.complete and score.low == score.value == score.high


@given(feasibility_ratings, flags, st.sampled_from(list(HardFlag)))
def test_another_flag_never_raises_feasibility_and_never_takes_a_positive_one_to_zero(feasibility, hard_flags, more):
    without = feasibility_score(scope(feasibility=feasibility, hard_flags=hard_flags), W).value
    with_more = feasibility_score(scope(feasibility=feasibility, hard_flags=hard_flags | {more}), W).value
    no_flags = feasibility_score(scope(feasibility=feasibility), W).value
    assert with_more <= without
    if no_flags > 0:
        assert with_more > 0


def test_weights_stored_with_the_old_flat_penalty_still_load():
    old = ScoringWeights.model_validate(
        {"hard_flag_penalty": 8.0, "hard_flag_penalty_cap": 40.0, "impact_threshold": 40}
    )
    switched_off = ScoringWeights.model_validate({"hard_flag_penalty": 0.0, "hard_flag_penalty_cap": 40.0})
    assert old == ScoringWeights(impact_threshold=40)
    assert switched_off.hard_flag_factor == 0
    assert ScoringWeights.model_validate(W.model_dump(mode="json")) == W
