from domain.advice import AdviceCode, Severity, advise
from domain.archetypes import ARCHETYPES
from domain.feasibility_questions import COMPUTE_COST, WITH_WHAT_WE_HAVE, feasibility_answers
from domain.metric_names import metrics_named
from domain.metrics import Baseline, BaselineKind, HumanLevel
from domain.model import Archetype, GateAnswer, GateQuestion
from tests.builders import optimizing, rule_baseline, scope, uniform


def complete(archetype=Archetype.SOFTWARE_2_0, accuracy=3, **kw):
    answers = {q.id: "yes" for q in ARCHETYPES[archetype].questions}
    passed = {q: GateAnswer.YES for q in GateQuestion}
    ratings = uniform(3)
    ratings["feasibility"] |= {"accuracy_requirement": accuracy}
    return scope(**(ratings | {"gate": passed} | kw), archetype=archetype, answers=answers)


def advice_for(code, s):
    return [a for a in advise(s) if a.code is code]


def human(level):
    return Baseline(kind=BaselineKind.HUMAN, description="annotators", human_level=level)


# Several metrics typed as one optimizing metric


def test_names_that_list_several_metrics_are_split_into_them():
    assert metrics_named("precision and recall") == ["precision", "recall"]
    assert metrics_named("precision & recall") == ["precision", "recall"]
    assert metrics_named("F1 and latency") == ["F1", "latency"]
    assert metrics_named("accuracy, recall") == ["accuracy", "recall"]
    assert metrics_named("precision/recall") == ["precision", "recall"]
    assert metrics_named("Precision@10, recall@10 and MAE") == ["Precision@10", "recall@10", "MAE"]


def test_single_metric_names_are_not_taken_for_several():
    for name in [
        "precision@10",
        "recall@k",
        "mean average precision",
        "F1",
        "F1-score",
        "precision-recall AUC",
        "revenue/user",
        "accuracy on cats and dogs",
        "latency p95",
        "mAP@0.5:0.95",
    ]:
        assert metrics_named(name) == [], name


def test_several_metrics_in_one_name_are_told_to_threshold_the_rest_or_combine_them_with_weights():
    [advice] = advice_for(AdviceCode.SEVERAL_IN_ONE_METRIC, complete(metrics=[optimizing("precision and recall")]))
    assert advice.severity is Severity.WARNING
    assert "optimize precision" in advice.text and "threshold the rest" in advice.text
    assert "weights" in advice.text and "F1" in advice.text


def test_a_single_metric_or_one_combined_with_weights_gets_no_such_advice():
    for metric in [
        optimizing("recall@k"),
        optimizing("mean average precision"),
        optimizing("F1"),
        optimizing("precision and recall", weights={"precision": 0.5, "recall": 0.5}),
    ]:
        assert not advice_for(AdviceCode.SEVERAL_IN_ONE_METRIC, complete(metrics=[metric])), metric.name


# A human baseline, at the level the stakes call for


def test_high_stakes_without_a_human_baseline_are_told_to_measure_domain_experts():
    [advice] = advice_for(AdviceCode.NO_HUMAN_BASELINE, complete(accuracy=5))
    assert advice.severity is Severity.WARNING
    assert "domain experts" in advice.text and "errors are costly" in advice.text


def test_autonomous_work_with_costly_errors_says_so():
    [advice] = advice_for(AdviceCode.NO_HUMAN_BASELINE, complete(archetype=Archetype.AUTONOMOUS, accuracy=4))
    assert "autonomous, with costly errors" in advice.text and "domain experts" in advice.text


def test_high_stakes_with_only_a_typical_people_baseline_still_want_experts():
    s = complete(accuracy=5, baselines=[rule_baseline(), human(HumanLevel.RANDOM_PEOPLE)])
    [advice] = advice_for(AdviceCode.NO_HUMAN_BASELINE, s)
    assert "not at expert level" in advice.text


def test_high_stakes_with_an_expert_baseline_get_no_such_advice():
    for level in [HumanLevel.DOMAIN_EXPERTS, HumanLevel.DEEP_DOMAIN_EXPERTS, HumanLevel.MIXTURE_OF_EXPERTS]:
        s = complete(accuracy=5, baselines=[rule_baseline(), human(level)])
        assert not advice_for(AdviceCode.NO_HUMAN_BASELINE, s), level


def test_human_in_the_loop_without_a_human_baseline_is_told_to_measure_typical_people():
    [advice] = advice_for(AdviceCode.NO_HUMAN_BASELINE, complete(archetype=Archetype.HUMAN_IN_THE_LOOP))
    assert advice.severity is Severity.TIP
    assert "typical people" in advice.text and "domain experts" not in advice.text


def test_human_in_the_loop_with_any_human_baseline_or_low_stakes_elsewhere_gets_no_such_advice():
    s = complete(archetype=Archetype.HUMAN_IN_THE_LOOP, baselines=[rule_baseline(), human(HumanLevel.RANDOM_PEOPLE)])
    assert not advice_for(AdviceCode.NO_HUMAN_BASELINE, s)
    assert not advice_for(AdviceCode.NO_HUMAN_BASELINE, complete(archetype=Archetype.AUTONOMOUS, accuracy=3))
    assert not advice_for(AdviceCode.NO_HUMAN_BASELINE, complete(accuracy=3))


def test_no_baseline_at_all_with_high_stakes_gets_both_warnings():
    found = {a.code for a in advise(complete(accuracy=5, baselines=[]))}
    assert {AdviceCode.NO_BASELINE, AdviceCode.NO_HUMAN_BASELINE} <= found


# Compute cost and "can we do it with what we have?"


def test_feasibility_answers_are_read_from_the_scope_in_the_methods_order():
    s = scope(answers={WITH_WHAT_WE_HAVE.id: "we lack a labeler", COMPUTE_COST.id: "  ", "good_enough": "x"})
    assert feasibility_answers(s) == [(WITH_WHAT_WE_HAVE, "we lack a labeler")]
    s = scope(answers={WITH_WHAT_WE_HAVE.id: "yes", COMPUTE_COST.id: "one GPU, 300 €/month"})
    assert [q for q, _ in feasibility_answers(s)] == [COMPUTE_COST, WITH_WHAT_WE_HAVE]
