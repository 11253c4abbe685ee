import pytest

from domain.advice import AdviceCode, Severity, advise
from domain.archetypes import ARCHETYPES
from domain.metrics import Baseline, BaselineKind, HumanLevel
from domain.model import Archetype, GateAnswer, GateQuestion, HardFlag
from tests.builders import optimizing, rule_baseline, satisficing, scope, uniform


def codes(s):
    return {a.code for a in advise(s)}


def complete(**kw):
    answers = {q.id: "yes" for q in ARCHETYPES[kw.get("archetype", Archetype.SOFTWARE_2_0)].questions}
    passed = {q: GateAnswer.YES for q in GateQuestion}
    return scope(**(uniform(3) | {"gate": passed} | kw), answers=answers)


def test_a_complete_scope_gets_no_advice():
    assert advise(complete()) == []


def test_no_optimizing_metric_is_warned():
    assert AdviceCode.NO_METRIC in codes(complete(metrics=[satisficing()]))


def test_several_optimizing_metrics_are_warned():
    found = advise(complete(metrics=[optimizing("recall"), optimizing("precision")]))
    several = next(a for a in found if a.code is AdviceCode.SEVERAL_OPTIMIZING)
    assert "recall" in several.text and "precision" in several.text


def test_a_metric_without_target_gets_a_tip():
    assert AdviceCode.NO_TARGET in codes(complete(metrics=[optimizing(target=None)]))


def test_no_baseline_is_warned_and_no_rule_based_one_asks_whether_rules_would_do():
    assert AdviceCode.NO_BASELINE in codes(complete(baselines=[]))
    human = Baseline(kind=BaselineKind.HUMAN, description="annotators", human_level=HumanLevel.DOMAIN_EXPERTS)
    found = advise(complete(baselines=[human]))
    assert [a.code for a in found] == [AdviceCode.NO_RULE_BASELINE]
    assert "rules" in found[0].text.lower()


def test_autonomous_with_high_accuracy_demand_suggests_a_human_in_the_loop():
    risky = complete(
        archetype=Archetype.AUTONOMOUS, feasibility=uniform(3)["feasibility"] | {"accuracy_requirement": 5}
    )
    advice = next(a for a in advise(risky) if a.code is AdviceCode.AUTONOMOUS_HIGH_ACCURACY)
    assert "human in the loop" in advice.text
    modest = complete(archetype=Archetype.AUTONOMOUS, feasibility=uniform(3)["feasibility"])
    assert AdviceCode.AUTONOMOUS_HIGH_ACCURACY not in codes(modest)
    assisted = complete(
        archetype=Archetype.HUMAN_IN_THE_LOOP, feasibility=uniform(3)["feasibility"] | {"accuracy_requirement": 5}
    )
    assert AdviceCode.AUTONOMOUS_HIGH_ACCURACY not in codes(assisted)


def test_scarce_data_with_costly_labels_is_warned():
    scarce = complete(
        feasibility={"data_availability": 2, "labeling_cost": 4, "accuracy_requirement": 3, "problem_difficulty": 3}
    )
    plenty = complete(
        feasibility={"data_availability": 4, "labeling_cost": 4, "accuracy_requirement": 3, "problem_difficulty": 3}
    )
    assert AdviceCode.SCARCE_DATA_COSTLY_LABELS in codes(scarce)
    assert AdviceCode.SCARCE_DATA_COSTLY_LABELS not in codes(plenty)


def test_each_hard_problem_group_flagged_gets_its_own_warning():
    found = codes(complete(hard_flags={HardFlag.DIALOG, HardFlag.SMALL_DATA}))
    assert AdviceCode.HARD_COMPLEX_OUTPUT in found
    assert AdviceCode.HARD_GENERALIZATION in found
    assert AdviceCode.HARD_RELIABILITY not in found


def test_open_key_questions_of_the_archetype_are_listed():
    s = scope(**uniform(3), archetype=Archetype.HUMAN_IN_THE_LOOP, answers={"good_enough": "80% acceptance"})
    tip = next(a for a in advise(s) if a.code is AdviceCode.UNANSWERED_QUESTIONS)
    assert "collect enough data" in tip.text
    assert "useful" not in tip.text


@pytest.mark.parametrize("flywheel", [True, False])
def test_a_data_flywheel_answered_yes_or_no_is_not_a_key_question_still_open(flywheel):
    s = scope(**uniform(3), archetype=Archetype.SOFTWARE_2_0, answers={"improves_performance": "yes, +4 points"},
              data_flywheel=flywheel)  # fmt: skip
    tip = next(a for a in advise(s) if a.code is AdviceCode.UNANSWERED_QUESTIONS)
    assert "business value" in tip.text and "flywheel" not in tip.text
    assert s.key_answer("data_flywheel") == ("Yes (confirmed)" if flywheel else "No")


def test_warnings_come_before_tips():
    found = advise(scope(baselines=[], metrics=[optimizing(target=None)], archetype=None))
    severities = [a.severity for a in found]
    assert severities == sorted(severities, key=lambda s: s is not Severity.WARNING)
    assert severities[0] is Severity.WARNING


def test_unrated_drivers_are_counted():
    tip = next(
        a
        for a in advise(scope(impact={"business_value": 3}, baselines=[rule_baseline()]))
        if a.code is AdviceCode.UNRATED_DRIVERS
    )
    assert tip.text.startswith("7 driver")


def test_rules_would_do_comes_before_any_other_advice_and_says_to_start_with_rules():
    found = advise(complete(gate={GateQuestion.ML_NEEDED: GateAnswer.NO}, baselines=[]))
    assert found[0].code is AdviceCode.GATE_RULES_WOULD_DO and found[0].severity is Severity.WARNING
    assert "rule-based system" in found[0].text
    assert AdviceCode.NO_BASELINE in {a.code for a in found[1:]}


def test_an_organisation_not_ready_and_ethical_concerns_are_each_warned():
    found = codes(complete(gate={GateQuestion.READY: GateAnswer.NO, GateQuestion.ETHICAL: GateAnswer.NO}))
    assert {AdviceCode.GATE_NOT_READY, AdviceCode.GATE_ETHICAL_CONCERNS} <= found
    assert AdviceCode.GATE_RULES_WOULD_DO not in found


def test_unsure_or_unanswered_gate_questions_are_one_tip_saying_what_settles_each():
    found = advise(complete(gate={GateQuestion.READY: GateAnswer.YES, GateQuestion.ML_NEEDED: GateAnswer.UNSURE}))
    [tip] = [a for a in found if a.code is AdviceCode.GATE_OPEN]
    assert tip.severity is Severity.TIP
    assert "is ML needed (build a minimal rule-based model" in tip.text and "is it ethical" in tip.text
    assert "organisation" not in tip.text
