"""The data plan's modal, the thread's message once it is saved, and its lines on the card (pure)."""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.ids import Action, Callback, Field
from bot.slack.metadata import DataPlanButton, DataPlanForm
from domain.model import DATA_PLAN_MAX, DataPlan
from domain.project import Project

CARD_CHARS = 600  # the card quotes the plan's opening; show says all of it
SECTION = 3000  # a section's text, https://docs.slack.dev/reference/block-kit/blocks/section-block


def quoted(text: str, limit: int) -> str:
    """``text`` escaped for mrkdwn within ``limit`` characters: cut before escaping (an entity is
    never cut in two), shorter again when the escapes made it longer."""
    raw = text
    while True:
        said = kit.esc(raw)
        if len(said) <= limit:
            return said
        raw = kit.cut(raw, max(1, len(raw) - (len(said) - limit) - 1))


def plan_button(project: Project, *, channel: str, thread: str) -> dict[str, Any]:
    label = "Edit the data plan" if project.data_plan else "Add a data plan"
    value = DataPlanButton(ref=project.ref, channel=channel, thread=thread).dump()
    return kit.button(label, Action.DATA_PLAN, value)


def plan_blocks(plan: DataPlan | None, *, ref: str, full: bool) -> list[kit.Block]:
    """The card's data plan (its opening, and where to read the rest) or, in ``show``, all of it."""
    if plan is None:
        return []
    head = f"📋 *Data plan* (<@{plan.actor}>, {kit.day(plan.at)})\n"
    if full or len(plan.text) <= CARD_CHARS:
        return [kit.section(head + quoted(plan.text, SECTION - len(head)))]
    rest = f"\n_The whole plan: `/mlproject show {ref}`._"
    return [kit.section(head + quoted(kit.cut(plan.text, CARD_CHARS), SECTION - len(head) - len(rest)) + rest)]


def data_plan_modal(form: DataPlanForm, project: Project) -> dict[str, Any]:
    """Prefilled with the plan as it stands, to rewrite it."""
    typed = kit.text_input(
        initial=project.data_plan.text if project.data_plan else None,
        multiline=True,
        max_length=DATA_PLAN_MAX,
        placeholder="e.g. 2,000 more labelled churn cases from support by March; Ada labels, Grace reviews",
    )
    hint = "Where the missing data comes from, who labels it, by when. Shown on the card and in the thread."
    return kit.modal(
        "Data plan",
        [
            kit.section(f"How will *{kit.esc(project.name)}* get the data it lacks?"),
            kit.input_block(Field.DATA_PLAN, "The plan", typed, hint=hint),
        ],
        callback_id=Callback.DATA_PLAN,
        submit="Save",
        private_metadata=form.dump(),
    )


def saved_message(project: Project, user: str, *, revised: bool, channel: str, thread: str) -> dict[str, Any]:
    """Said in the check-in's thread: who wrote the plan, the plan, and the button to edit it."""
    plan = project.data_plan
    assert plan is not None
    text = f"📋 <@{user}> {'revised' if revised else 'added'} the data plan of *{kit.esc(project.name)}*."
    return {
        "text": text,
        "blocks": [
            kit.section(text),
            kit.section(quoted(plan.text, SECTION)),
            kit.actions(plan_button(project, channel=channel, thread=thread), block_id="data_plan"),
        ],
    }
