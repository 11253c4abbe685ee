"""The chart's series: one per quadrant; projects not yet scored or blocked by the gate off the grid, counted."""

from bot.features.digests.chart import chart_series, portfolio_chart, unscored_note
from domain.digest import build_digest
from domain.model import GateAnswer, GateQuestion
from tests.builders import EASY, HARD, project, rated, scope
from tests.conftest import T0


def test_projects_whose_gate_failed_are_left_off_the_grid_and_counted():
    rules = rated(5, EASY).model_copy(update={"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}})
    projects = [
        project("rules", the_scope=rules).model_copy(update={"id": 1}),
        project("fine", the_scope=rated(1, HARD)).model_copy(update={"id": 2}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    assert [e.ranked.project.ref for e in digest.entries] == ["fine", "rules"]  # blocked: ranked last
    series = chart_series(digest)
    assert [s.label for s in series] == ["Deprioritize (1)"]  # its quadrant alone would say "do now"
    [fine] = [e.ranked for e in digest.entries if e.ranked.project.ref == "fine"]
    assert series[0].points == [(fine.priority.feasibility.value, fine.priority.impact.value)]
    assert unscored_note(digest) == "1 blocked by the gate (left off the grid)"
    assert portfolio_chart(digest).startswith(b"\x89PNG")


def test_unscored_projects_are_left_off_the_grid_and_counted():
    failed_gate = {"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}}
    projects = [
        project("fine", the_scope=rated(5, EASY)).model_copy(update={"id": 1}),
        project("blank", the_scope=scope().model_copy(update=failed_gate)).model_copy(update={"id": 2}),
        project("blank2").model_copy(update={"id": 3}),
    ]
    digest = build_digest("T1", projects, archived=[], history=[], checkins={}, since=T0, now=T0)
    assert [s.label for s in chart_series(digest)] == ["Do now (1)"]  # no point for the unscored
    assert unscored_note(digest) == "1 not yet scored · 1 blocked by the gate (left off the grid)"
    assert portfolio_chart(digest).startswith(b"\x89PNG")
