"""The chart's series: one per quadrant, a ring around projects whose gate failed, unscored projects off the grid."""

from bot.features.digests.chart import chart_series, portfolio_chart, unscored_note
from domain.digest import build_digest
from domain.model import GateAnswer, GateQuestion
from tests.builders import EASY, HARD, project, rated, scope
from tests.conftest import T0


def test_projects_whose_gate_failed_are_ringed_on_top_of_their_quadrant():
    rules = rated(5, EASY).model_copy(update={"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}})
    projects = [
        project("rules", the_scope=rules).model_copy(update={"id": 1}),
        project("fine", the_scope=rated(1, HARD)).model_copy(update={"id": 2}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    series = chart_series(digest)
    assert [s.label for s in series] == ["Do now (1)", "Deprioritize (1)", "gate failed (1)"]
    [rules_entry] = [e.ranked for e in digest.entries if e.ranked.project.ref == "rules"]
    assert series[-1].ring and series[-1].points == [
        (rules_entry.priority.feasibility.value, rules_entry.priority.impact.value)
    ]
    assert portfolio_chart(digest).startswith(b"\x89PNG")


def test_unscored_projects_are_left_off_the_grid_and_counted():
    failed_gate = {"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}}
    projects = [
        project("fine", the_scope=rated(5, EASY)).model_copy(update={"id": 1}),
        project("blank", the_scope=scope().model_copy(update=failed_gate)).model_copy(update={"id": 2}),
        project("blank2").model_copy(update={"id": 3}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    assert [s.label for s in chart_series(digest)] == ["Do now (1)"]  # no point, no ring for the unscored
    assert unscored_note(digest) == "2 not yet scored (left off the grid)"
    assert portfolio_chart(digest).startswith(b"\x89PNG")
