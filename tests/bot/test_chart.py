"""The chart's series: one per quadrant, and a ring around projects whose gate failed."""

from bot.features.digests.chart import chart_series, portfolio_chart
from domain.digest import build_digest
from domain.model import GateAnswer, GateQuestion
from tests.builders import EASY, HARD, project, rated
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
