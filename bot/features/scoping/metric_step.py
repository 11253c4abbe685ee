"""Step 4 of scoping: the optimizing metric, its satisficing thresholds and a first baseline
(pure Block Kit builders; the card's Add baseline form has its own)."""

from __future__ import annotations

from typing import Any

from bot.features.baseline_point import operating_point_inputs
from bot.features.scoping.worth_step import worth_inputs
from bot.slack import kit
from bot.slack.ids import Field
from domain.metrics import BASELINE_KIND_LABELS, HUMAN_LEVEL_LABELS


def step_4(data: dict[str, Any], *, editing: bool) -> list[kit.Block]:
    """The metric, its thresholds, (an edit's reason for a new metric), what a decision is worth, a baseline."""
    blocks = _metric_inputs(data.get("metric") or {}) + [_thresholds_input(data.get("thresholds") or [])]
    if editing:
        blocks.append(
            kit.input_block(
                Field.METRIC_CHANGE_REASON,
                "If you changed the optimizing metric: why?",
                kit.text_input(max_length=500),
                optional=True,
                hint="Needed when its name, direction, unit, combination or target changes: the history keeps it.",
            )
        )
    human_review = data.get("archetype") == "human_in_the_loop"
    blocks += worth_inputs(data.get("economics"), human_review=human_review)
    return blocks + _baseline_inputs(data.get("baseline") or {}, editing=editing)


def _metric_inputs(metric: dict[str, Any]) -> list[kit.Block]:
    directions = [kit.option("Higher is better", "higher"), kit.option("Lower is better", "lower")]
    return [
        kit.input_block(
            Field.METRIC_NAME,
            "Optimizing metric",
            kit.text_input(initial=metric.get("name"), max_length=80, placeholder="e.g. recall@10, mAP, MAE"),
            optional=True,
        ),
        kit.input_block(
            Field.METRIC_DIRECTION,
            "Direction",
            kit.radio(directions, initial=metric.get("direction", "higher")),
            optional=True,
        ),
        kit.input_block(
            Field.METRIC_TARGET,
            "Target",
            kit.text_input(initial=_typed(metric.get("target")), max_length=40, placeholder="e.g. 90%, 0.9 or 3,000"),
            optional=True,
            hint="What counts as good enough, agreed with stakeholders. Typed as you write it: 90%, 0.9, 3,000.",
        ),
        kit.input_block(
            Field.METRIC_UNIT,
            "Unit",
            kit.text_input(initial=metric.get("unit"), max_length=20, placeholder="e.g. %, ms"),
            optional=True,
        ),
        _weights_input(metric),
    ]


def _weights_input(metric: dict[str, Any]) -> kit.Block:
    weights = ", ".join(f"{k}={v:g}" for k, v in (metric.get("weights") or {}).items())
    return kit.input_block(
        Field.METRIC_WEIGHTS,
        "Weighted combination",
        kit.text_input(initial=weights or None, max_length=500, placeholder="precision=0.7, recall=0.3"),
        optional=True,
        hint="Only if the optimizing metric is a weighted average of others.",
    )


def _thresholds_input(thresholds: list[dict[str, Any]]) -> kit.Block:
    text = "\n".join(
        f"{t['name']} {t['comparator']} {t['threshold']:g} {t.get('unit', '')}".strip() for t in thresholds
    )
    return kit.input_block(
        Field.THRESHOLDS,
        "Satisficing thresholds, one per line",
        kit.text_input(initial=text or None, multiline=True, max_length=2000, placeholder="latency p95 < 200 ms"),
        optional=True,
        hint="Threshold what you can engineer around or what is already close to acceptable.",
    )


def _baseline_inputs(baseline: dict[str, Any], *, editing: bool) -> list[kit.Block]:
    kinds = [kit.option(label, kind.value) for kind, label in BASELINE_KIND_LABELS.items()]
    levels = [kit.option(label, level.value) for level, label in HUMAN_LEVEL_LABELS.items()]
    return [
        kit.section("*Add a baseline*" if editing else "*A first baseline* (more can be added from the card)"),
        kit.input_block(Field.BASELINE_KIND, "Kind", kit.select(kinds, initial=baseline.get("kind")), optional=True),
        kit.input_block(
            Field.BASELINE_DESCRIPTION,
            "What is it?",
            kit.text_input(
                initial=baseline.get("description"), max_length=500, placeholder="keyword rules on ticket subjects"
            ),
            optional=True,
        ),
        kit.input_block(
            Field.BASELINE_VALUE,
            "Its metric value",
            kit.text_input(initial=_typed(baseline.get("value")), max_length=40, placeholder="e.g. 62%, 0.62 or 2,500"),
            optional=True,
        ),
        kit.input_block(
            Field.BASELINE_SOURCE,
            "Source",
            kit.text_input(initial=baseline.get("source"), max_length=500, placeholder="paper, dashboard, notebook…"),
            optional=True,
        ),
        kit.input_block(
            Field.HUMAN_LEVEL,
            "Human level (human baselines only)",
            kit.select(levels, initial=baseline.get("human_level")),
            optional=True,
        ),
        *operating_point_inputs(baseline),
    ]


def _typed(value: Any) -> str | None:
    """A stored number (a draft keeps numbers) shown as a person would type it back; any other value as it is."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):  # exactly: "{:g}" would round 1234567 to 1.23457e+06
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    return str(value)
