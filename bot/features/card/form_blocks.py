"""Small modals opened from a project card (pure builders): move stage, record a metric, add a
baseline, tick the checklist."""

from __future__ import annotations

from typing import Any

from bot.features.baseline_point import operating_point_inputs
from bot.features.text import SCALE_EXAMPLES, SCALE_HINTS, metric_facts
from bot.slack import kit
from bot.slack.ids import Callback, Field
from bot.slack.metadata import CardForm
from domain.checklist import checklist
from domain.lifecycle import allowed_moves, loop_back
from domain.metric_scale import scale_of
from domain.metrics import BASELINE_KIND_LABELS, HUMAN_LEVEL_LABELS
from domain.project import Project


def stage_modal(project: Project) -> dict[str, Any]:
    options = []
    for target in allowed_moves(project.stage):
        back = loop_back(project.stage, target)
        label = f"↩️ Back to {target.label}" if back else f"→ {target.label}"
        options.append(kit.option(label, target.value, back.when if back else None))
    blocks = [
        kit.section(
            f"*{kit.esc(project.name)}* is in *{project.stage.label}*. Going back is part of the method, not a failure: say why."
        ),
        kit.input_block(Field.STAGE_TARGET, "Move to", kit.select(options)),
        kit.input_block(
            Field.REASON,
            "Reason",
            kit.text_input(multiline=True, max_length=500),
            optional=True,
            hint="Required when looping back.",
        ),
    ]
    return kit.modal("Move stage", blocks, callback_id=Callback.STAGE, submit="Move", private_metadata=CardForm(ref=project.ref).dump())


def metric_modal(project: Project) -> dict[str, Any]:
    """The reading's dialog: what the metric is and where it stands, then the value as people type it."""
    metric = project.scope.optimizing
    assert metric is not None
    blocks = [
        kit.section(metric_facts(project)),
        kit.input_block(
            Field.VALUE,
            "Current value",
            kit.text_input(max_length=40, placeholder=SCALE_EXAMPLES[scale_of(metric)]),
            hint=SCALE_HINTS[scale_of(metric)],
        ),
        kit.input_block(
            Field.NOTE, "Note", kit.text_input(max_length=500, placeholder="which model, which data"), optional=True
        ),
    ]
    return kit.modal(
        "Record metric", blocks, callback_id=Callback.METRIC, submit="Record", private_metadata=CardForm(ref=project.ref).dump()
    )


def baseline_modal(project: Project) -> dict[str, Any]:
    kinds = [kit.option(label, kind.value) for kind, label in BASELINE_KIND_LABELS.items()]
    levels = [kit.option(label, level.value) for level, label in HUMAN_LEVEL_LABELS.items()]
    blocks = [
        kit.section(f"A baseline for *{kit.esc(project.name)}*: the tighter the lower bound, the more useful."),
        kit.context(metric_facts(project)),
        kit.input_block(Field.BASELINE_KIND, "Kind", kit.select(kinds)),
        kit.input_block(Field.BASELINE_DESCRIPTION, "What is it?", kit.text_input(max_length=500)),
        kit.input_block(
            Field.BASELINE_VALUE,
            "Its metric value",
            kit.text_input(max_length=40, placeholder="e.g. 0.62, 62%"),
            optional=True,
            hint=SCALE_HINTS[scale_of(metric)] if (metric := project.scope.optimizing) else None,
        ),
        kit.input_block(Field.BASELINE_SOURCE, "Source", kit.text_input(max_length=500), optional=True),
        kit.input_block(Field.HUMAN_LEVEL, "Human level (human baselines only)", kit.select(levels), optional=True),
        *operating_point_inputs({}),
    ]
    return kit.modal("Add baseline", blocks, callback_id=Callback.BASELINE, submit="Add", private_metadata=CardForm(ref=project.ref).dump())


def checklist_modal(project: Project) -> dict[str, Any]:
    lines = checklist(project.scope)
    options = [
        kit.option(line.text, line.item.value, f"done: {line.evidence}" if line.evidence else None) for line in lines
    ]
    blocks = [
        kit.section(
            f"The method's feasibility checklist for *{kit.esc(project.name)}*, in its order. "
            "Steps the scope already shows are ticked; tick the others as they are done."
        ),
        kit.input_block(
            Field.CHECKLIST,
            "Done",
            kit.checkboxes(options, initial=[line.item.value for line in lines if line.done]),
            optional=True,
            hint="A step shown by the scope (a rule-based baseline, a metric's target…) stays done.",
        ),
    ]
    return kit.modal(
        "Feasibility checklist", blocks, callback_id=Callback.CHECKLIST, submit="Save", private_metadata=CardForm(ref=project.ref).dump()
    )

