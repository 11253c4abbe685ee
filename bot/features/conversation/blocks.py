"""The scoping conversation's messages (pure Block Kit builders): a question with its buttons, a
refusal, where the person is, the summary with scores and advice, help, and the offer to resume."""

from __future__ import annotations

from typing import Any

from bot.features.advice_blocks import packed
from bot.features.conversation.ids import ChatAction, ChatAnswer
from bot.features.conversation.questions import WORTH, Question
from bot.features.scoping.blocks import EXPLAIN, TITLES
from bot.features.scoping.meta import STEPS
from bot.features.scoping.step_blocks import WEEKDAYS
from bot.features.text import advice_lines
from bot.slack import kit
from bot.slack.replies import reply
from domain.archetypes import info
from domain.model import Archetype

CONTROLS = "or type *skip*, *back*, *next step* or *where am I*"
START_HINT = "Type *scope a project*, *what needs my attention?* or *show the portfolio*."


def shown_answer(question: Question, data: dict[str, Any]) -> str:
    """The question's answer so far, as the conversation repeats it ("" when none)."""
    if question.field == WORTH:
        return {True: "Yes", False: "No"}.get(data.get(WORTH), "")  # type: ignore[arg-type]
    element = question.block["element"]
    labels = {value: label for label, value, _ in question.options}
    if "initial_options" in element:
        return ", ".join(labels.get(o["value"], o["value"]) for o in element["initial_options"])
    if "initial_option" in element:
        return labels.get(element["initial_option"]["value"], "")
    if element.get("initial_user"):
        return f"<@{element['initial_user']}>"
    if element.get("initial_conversation"):
        return f"<#{element['initial_conversation']}>"
    return kit.esc(str(element.get("initial_value") or element.get("initial_time") or ""))


def _buttons(question: Question, data: dict[str, Any]) -> list[dict[str, Any]]:
    ticked = set(shown_answer(question, data).split(", ")) if question.kind == "choices" else set()
    buttons = []
    for i, (label, value, _) in enumerate(question.options):
        if question.kind == "choices":
            mark = "✓ " if label in ticked else ""
            buttons.append(kit.button(mark + label, f"{ChatAction.TOGGLE}_{i}", ChatAnswer(f=question.field, v=value).dump()))
        elif question.kind == "yesno":
            buttons.append(kit.button("Yes", f"{ChatAction.OPTION}_{i}", ChatAnswer(f=question.field, v="yes").dump()))
            buttons.append(kit.button("No", f"{ChatAction.OPTION}_{i + 1}", ChatAnswer(f=question.field, v="no").dump()))
        else:
            buttons.append(kit.button(label, f"{ChatAction.OPTION}_{i}", ChatAnswer(f=question.field, v=value).dump()))
    if question.kind == "user":
        buttons.append(kit.button("Me", f"{ChatAction.OPTION}_0", ChatAnswer(f=question.field, v="me").dump()))
    if question.kind == "choices":
        buttons.append(kit.button("Done", ChatAction.DONE, ChatAnswer(f=question.field).dump(), style="primary"))
    kept = shown_answer(question, data)
    if question.optional or kept:  # skip leaves the answer as it is, as an untouched field of the form
        named = question.kind in ("user", "channel")  # a button's plain text would show <@U…> as typed
        label = "Skip" if question.optional else ("Keep as it is" if named else kit.cut(f"Keep {kept}", 75))
        buttons.append(kit.button(label, ChatAction.SKIP, ChatAnswer(f=question.field).dump()))
    buttons.append(kit.button("Back", ChatAction.BACK, ChatAnswer(f=question.field).dump()))
    if question.optional:
        rest = f"Skip to step {question.step + 1}" if question.step < STEPS else "Skip to the summary"
        buttons.append(kit.button(rest, ChatAction.REST_OF_STEP, ChatAnswer(f=question.field).dump()))
    return buttons


def _how(question: Question, data: dict[str, Any]) -> str:
    skippable = question.optional or shown_answer(question, data)
    controls = CONTROLS if skippable else "or type *back* or *where am I*"
    how = {
        "text": "Type your answer",
        "user": "Type @ and pick the person (or *me*)",
        "channel": "Type # and pick the channel",
        "time": "Type a time such as 09:30",
        "choices": "Tick what applies, then *Done* (or type the numbers, or *none*)",
    }
    return f"{how.get(question.kind, 'Choose a button (or type the option’s number)')}, {controls}"


def question_message(
    question: Question, data: dict[str, Any], *, notice: str | None = None, first_of_step: bool = False
) -> dict[str, Any]:
    blocks: list[kit.Block] = []
    if notice:
        blocks.append(kit.section(f"⚠️ {kit.esc_quoted(notice)}"))
    blocks.append(kit.context(f"Step {question.step} of {STEPS}: {TITLES[question.step]}"))
    if first_of_step:
        blocks.append(kit.section(EXPLAIN[question.step]))
    if question.heading:
        blocks.append(kit.context(question.heading))
    hint = f"\n{kit.esc(question.hint)}" if question.hint else ""
    blocks.append(kit.section(f"*{kit.esc(question.label)}*{hint}"))
    described = [f"{i}. *{kit.esc(label)}*: {kit.esc(about)}" for i, (label, _, about) in enumerate(question.options, 1) if about]
    if described:
        blocks.append(kit.section("\n".join(described)))
    now = shown_answer(question, data)
    if now:
        blocks.append(kit.context(f"Your answer so far: {now}"))
    blocks += [kit.actions(*_buttons(question, data), block_id="chat_answer"), kit.context(_how(question, data))]
    text = (f"⚠️ {notice} " if notice else "") + question.label
    return reply(kit.cut(text, 3000), blocks)


def answered(blocks: list[dict[str, Any]], shown: str) -> list[dict[str, Any]]:
    """A question message once answered: its buttons replaced by the answer."""
    kept = [b for b in blocks if b.get("type") not in ("actions", "context") or b is blocks[0]]
    return kept + [kit.context(f"✓ {shown or 'skipped'}")]


def _value(value: Any, unit: str) -> str:
    return f" · {value:g}{kit.esc(unit)}" if isinstance(value, int | float) else ""


def facts(data: dict[str, Any]) -> str:
    """The answers that make the project, one line each, to read before creating it."""
    metric, baseline, checkin = data.get("metric") or {}, data.get("baseline") or {}, data.get("checkin") or {}
    unit = f" {metric['unit']}" if metric.get("unit") else ""
    target = f" → {metric['target']:g}{kit.esc(unit)}" if metric.get("target") is not None else ""
    at = f"{checkin.get('cadence')}, {WEEKDAYS[int(checkin.get('weekday', 0))]} {checkin.get('local_time')} {checkin.get('timezone')}"
    lines = [
        f"Owner <@{data.get('owner_id')}> · home channel <#{data.get('channel_id')}>",
        f"Kind: {info(Archetype(data['archetype'])).label if data.get('archetype') else 'not chosen'}",
        f"Optimizing metric: {kit.esc(metric['name']) + target if metric.get('name') else 'none yet'}",
        f"Baseline: {kit.esc(baseline.get('description') or '') + _value(baseline.get('value'), unit) if baseline.get('kind') else 'none yet'}",
        f"Check-ins: {at if checkin else 'none'}",
    ]
    return "\n".join(lines)


def summary_message(name: str, score: str | None, advice: list[Any], data: dict[str, Any]) -> dict[str, Any]:
    blocks: list[kit.Block] = [kit.section(f"*That is every question for {kit.esc(name) or 'this project'}.*")]
    blocks.append(kit.context(facts(data)))
    if score:
        blocks.append(kit.section(score))
    if advice:
        blocks.append(kit.section(packed(advice_lines(advice), more="(`/mlproject show` lists all of it once saved)")[0]))
    else:
        blocks.append(kit.context("No advice: the method has nothing to flag so far."))
    blocks.append(
        kit.actions(
            kit.button("Create project", ChatAction.CREATE, style="primary"),
            kit.button("Back", ChatAction.BACK, ChatAnswer(f="summary").dump()),
            block_id="chat_summary",
        )
    )
    blocks.append(kit.context("Or type *back* to change the last answer, *where am I* to see every step."))
    return reply(f"Summary of {name}: create the project?", blocks)


def where_message(step: int, name: str, question: Question | None, score: str | None) -> dict[str, Any]:
    marks = ["✅" if at < step or question is None else ("👉" if at == step else "▫️") for at in range(1, STEPS + 1)]
    lines = [f"{mark} {at}. {TITLES[at]}" for at, mark in zip(range(1, STEPS + 1), marks, strict=True)]
    now = f"Now: *{kit.esc(question.label)}*" if question else "Every question is answered: the summary is next."
    blocks = [kit.section(f"*Scoping {kit.esc(name) or 'a new project'}*\n" + "\n".join(lines) + f"\n{now}")]
    if score:
        blocks.append(kit.context(score))
    return reply(f"Scoping {name}: step {step} of {STEPS}", blocks)


def help_message(*, unfinished: str | None = None) -> dict[str, Any]:
    lines = [
        "I scope ML projects with you, one question at a time: the same five steps as `/mlproject new`.",
        START_HINT,
        "While scoping: *skip*, *back*, *next step* (the rest of the step as the form leaves it), *where am I*, *help*.",
    ]
    if unfinished is not None:
        lines.append(f"You have an unfinished scope{' for *' + kit.esc(unfinished) + '*' if unfinished else ''}.")
    return reply(lines[0], [kit.section("\n".join(lines)), _starters()])


def _starters() -> kit.Block:
    return kit.actions(
        kit.button("Scope a project", ChatAction.START, style="primary"),
        kit.button("What needs my attention?", ChatAction.ATTENTION),
        kit.button("Show the portfolio", ChatAction.PORTFOLIO),
        block_id="chat_start",
    )


def resume_offer(name: str, step: int) -> dict[str, Any]:
    about = f"*{kit.esc(name)}*" if name else "a project"
    text = f"You have an unfinished scope for {about} (step {step} of {STEPS}), here or in `/mlproject new`."
    actions = kit.actions(
        kit.button("Resume", ChatAction.RESUME, style="primary"),
        kit.button("Start over", ChatAction.RESTART),
        block_id="chat_resume",
    )
    return reply(text, [kit.section(text), actions])


def note(text: str) -> dict[str, Any]:
    return reply(text, [kit.section(kit.esc_quoted(text))])
