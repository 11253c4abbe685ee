"""One call assesses a project: the same answers as asking scoring, the gate, advice and the checklist one by one."""

from domain.advice import Severity, advise
from domain.assessment import assess, assess_ranked
from domain.checklist import ITEMS, progress
from domain.gate import failed
from domain.metrics import MetricReading
from domain.model import GateAnswer, GateQuestion
from domain.ranking import rank
from domain.scoring import ScoringWeights, prioritize
from tests.builders import optimizing, project, rule_baseline, satisficing, scope, uniform


def test_an_assessment_holds_what_each_rule_says_of_the_project():
    p = project(
        the_scope=scope(
            **uniform(4),
            metrics=[optimizing("recall", target=0.8), satisficing()],
            baselines=[rule_baseline(0.5)],
            gate={GateQuestion.ML_NEEDED: GateAnswer.NO},
        )
    )
    p.record(MetricReading(value=0.9, at=p.created_at, actor="U1"))
    weights = ScoringWeights(impact_threshold=20)
    assessment = assess(p, weights)
    assert assessment.priority == prioritize(p.scope, weights)
    assert assessment.gate_failed == tuple(failed(p.scope.gate)) == (GateQuestion.ML_NEEDED,)
    assert list(assessment.advice) == advise(p.scope)
    assert assessment.warnings == tuple(a for a in advise(p.scope) if a.severity is Severity.WARNING)
    done, next_step = progress(p.scope)
    assert (assessment.checklist.done, assessment.checklist.total, assessment.checklist.next_step) == (
        done,
        len(ITEMS),
        next_step,
    )
    status = assessment.metric
    assert (status.metric.name, status.current, status.best_baseline.value, status.target_met) == ("recall", 0.9, 0.5, True)
    assert [m.name for m in status.thresholds] == ["latency p95"]


def test_each_part_is_computed_once():
    assessment = assess(project(), ScoringWeights())
    assert assessment.advice is assessment.advice and assessment.metric is assessment.metric


def test_a_ranked_project_is_assessed_with_the_priority_it_was_ranked_by():
    ranked = rank([project("a"), project("b")], ScoringWeights())
    assert [assess_ranked(r).priority for r in ranked] == [r.priority for r in ranked]
