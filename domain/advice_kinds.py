"""What a piece of advice is: its code, its severity and its words (``domain.advice`` computes them)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    WARNING = "warning"
    TIP = "tip"


class AdviceCode(StrEnum):
    GATE_NOT_READY = "gate_not_ready"
    GATE_RULES_WOULD_DO = "gate_rules_would_do"
    GATE_ETHICAL_CONCERNS = "gate_ethical_concerns"
    GATE_OPEN = "gate_open"
    NO_METRIC = "no_metric"
    SEVERAL_OPTIMIZING = "several_optimizing"
    SEVERAL_IN_ONE_METRIC = "several_in_one_metric"
    NO_TARGET = "no_target"
    NO_BASELINE = "no_baseline"
    NO_RULE_BASELINE = "no_rule_baseline"
    NO_HUMAN_BASELINE = "no_human_baseline"
    AUTONOMOUS_HIGH_ACCURACY = "autonomous_high_accuracy"
    SCARCE_DATA_COSTLY_LABELS = "scarce_data_costly_labels"
    HARD_COMPLEX_OUTPUT = "hard_complex_output"
    HARD_RELIABILITY = "hard_reliability"
    HARD_GENERALIZATION = "hard_generalization"
    UNANSWERED_QUESTIONS = "unanswered_questions"
    UNRATED_DRIVERS = "unrated_drivers"
    NO_ARCHETYPE = "no_archetype"
    WORTH_LOSES_MONEY = "worth_loses_money"
    WORTH_BELOW_BREAK_EVEN = "worth_below_break_even"
    WORTH_BELOW_BASELINE = "worth_below_baseline"
    WORTH_BASELINE_UNBEATABLE = "worth_baseline_unbeatable"


@dataclass(frozen=True)
class Advice:
    code: AdviceCode
    severity: Severity
    text: str


HIGH = 4  # a rating of 4 or 5 counts as "high"
LOW = 2  # a rating of 1 or 2 counts as "low"
