
"""The scoping modal (pure Block Kit builders): one step's title, explanation, advice so far and
inputs (``steps``), and the prompt to resume an unfinished scope."""

from __future__ import annotations

from typing import Any

from bot.features.advice_blocks import packed
from bot.features.scoping.meta import STEPS, FlowMeta
from bot.features.scoping.metric_step import step_4
from bot.features.scoping.step_blocks import step_1, step_2, step_3, step_5
from bot.features.text import advice_lines, score_line
from bot.slack import kit
from bot.slack.ids import Action, Callback
from bot.slack.replies import reply
from domain.advice import AdviceCode, advise
from domain.archetypes import info
from domain.gate import failed
from domain.model import Archetype, Scope
from domain.scoring import ScoringWeights, prioritize

TITLES = {1: "The problem", 2: "Impact", 3: "Feasibility", 4: "Metric and baselines", 5: "Check-ins"}

EXPLAIN = {
    1: "Most ML projects fail for reasons visible at the start. A few minutes here save months later. "
    "First: what problem, whether it should be an ML project at all, who owns it, and which kind of ML "
    "product it is.",
    2: "*Impact* is high where a prediction that was expensive becomes nearly free, where friction can be "
    "removed, where complicated hand-written rules can be learned instead, and where a better prediction is "
    "worth a lot. Rate each from 1 (none) to 5 (very high); leave one empty if you do not know yet.",
    3: "*Feasibility* is driven by cost, in this order: data (is it there, must it be labeled, at what cost), "
    'the accuracy required (every extra "nine" costs more than the last), then problem difficulty. '
    "Ratings say how much of each there is: a 5 in labeling cost means labels are very expensive.",
    4: "ML optimizes *one number* best. Pick the optimizing metric; keep the other requirements as "
    "thresholds (satisficing metrics). Then a *baseline*: a lower bound that tells you whether the model is "
    "any good. Would a few rules do? Never skip the baseline.",
    5: "The lifecycle is not one-way: teams must notice when to go back. A short check-in asks whether the "
    "metric and the data still hold.",
}

# Advice shown at each step: only what the answers so far can justify.
GATE_ADVICE = {
    AdviceCode.GATE_NOT_READY,
    AdviceCode.GATE_RULES_WOULD_DO,
    AdviceCode.GATE_ETHICAL_CONCERNS,
    AdviceCode.GATE_OPEN,
}
UNLOCKED: dict[int, set[AdviceCode]] = {
    1: set(),
    2: GATE_ADVICE,
    3: GATE_ADVICE,
    4: GATE_ADVICE
    | {
        AdviceCode.AUTONOMOUS_HIGH_ACCURACY,
        AdviceCode.SCARCE_DATA_COSTLY_LABELS,
        AdviceCode.HARD_COMPLEX_OUTPUT,
        AdviceCode.HARD_RELIABILITY,
        AdviceCode.HARD_GENERALIZATION,
    },
}
UNLOCKED[5] = UNLOCKED[4] | {
    AdviceCode.NO_METRIC,
    AdviceCode.SEVERAL_OPTIMIZING,
    AdviceCode.SEVERAL_IN_ONE_METRIC,
    AdviceCode.NO_TARGET,
    AdviceCode.NO_BASELINE,
    AdviceCode.NO_RULE_BASELINE,
    AdviceCode.NO_HUMAN_BASELINE,
    AdviceCode.WORTH_LOSES_MONEY,
    AdviceCode.WORTH_BELOW_BREAK_EVEN,
    AdviceCode.WORTH_BELOW_BASELINE,
    AdviceCode.WORTH_BASELINE_UNBEATABLE,
}


def _intro(
    step: int, meta: FlowMeta, data: dict[str, Any], scope: Scope | None, weights: ScoringWeights
) -> list[kit.Block]:
    action = "Editing" if meta.mode == "edit" else "Scoping"
    name = f" *{kit.esc(data['name'])}*" if data.get("name") else ""
    blocks = [kit.context(f"{action}{name} · step {step} of {STEPS}: {TITLES[step]}"), kit.section(EXPLAIN[step])]
    archetype = Archetype(data["archetype"]) if data.get("archetype") else None
    if step == 2 and archetype:
        about = info(archetype)
        blocks.append(kit.section(f"*{about.label}*: {about.summary} _{about.typical_position}_"))
    if scope is not None and step >= 4:
        blocks.append(kit.section(score_line(prioritize(scope, weights), failed(scope.gate))))
    if scope is not None:
        shown = [a for a in advise(scope) if a.code in UNLOCKED[step]]
        if shown:
            blocks.append(kit.section(packed(advice_lines(shown), more="(`/mlproject show` lists all of it once saved)")[0]))
    blocks.append(kit.divider())
    return blocks


def step_view(
    meta: FlowMeta,
    data: dict[str, Any],
    *,
    scope: Scope | None,
    weights: ScoringWeights | None = None,
    notice: str | None = None,
) -> dict[str, Any]:
    """The modal for ``meta.step``, prefilled from ``data`` (the draft so far); ``notice`` (plain
    words) on top says why the flow came back to this step."""
    step = meta.step
    body = {
        1: lambda: step_1(data),
        2: lambda: step_2(data),
        3: lambda: step_3(data),
        4: lambda: step_4(data, editing=meta.mode == "edit"),
        5: lambda: step_5(data),
    }[step]()
    last = step == STEPS
    submit = ("Save changes" if meta.mode == "edit" else "Create project") if last else "Next"
    title = "Edit project" if meta.mode == "edit" else "New ML project"
    warning = [kit.section(f"⚠️ {kit.esc_quoted(notice)}")] if notice else []
    return kit.modal(
        title,
        warning + _intro(step, meta, data, scope, weights or ScoringWeights()) + body,
        callback_id=Callback.SCOPE_STEP,
        submit=submit,
        private_metadata=meta.dump(),
    )


def resume_message(draft_name: str, step: int) -> dict[str, Any]:
    name = f"*{kit.esc(draft_name)}*" if draft_name else "a project"
    text = f"You have an unfinished scope for {name} (step {step} of 5)."
    return reply(
        text,
        [
            kit.section(text),
            kit.actions(
                kit.button("Resume", Action.DRAFT_RESUME, style="primary"),
                kit.button("Start over", Action.DRAFT_RESTART),
                block_id="draft",
            ),
        ],
    )
