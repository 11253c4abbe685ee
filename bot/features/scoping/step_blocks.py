"""The inputs of the five scoping steps (pure Block Kit builders); ``blocks.step_view`` frames
them in a modal. Step 4 (metric and baselines) is in ``metric_step``. Step 5 (check-ins) is also
the check-in schedule form of a project's card."""

from __future__ import annotations

from typing import Any

from bot.features.scoping.meta import NO_CHECKINS
from bot.features.text import RATING_SCALES
from bot.slack import kit
from bot.slack.ids import Field, flags_field, gate_field, note_field, question_field, rating_field
from domain.archetypes import ARCHETYPES, info
from domain.feasibility_questions import FEASIBILITY_QUESTIONS
from domain.gate import GATE
from domain.model import (
    DRIVER_LABELS,
    HARD_FLAG_GROUP_LABELS,
    HARD_FLAG_GROUPS,
    HARD_FLAG_LABELS,
    Archetype,
    FeasibilityDriver,
    ImpactDriver,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _rating_options(scale: tuple[str, ...]) -> list[dict[str, Any]]:
    return [kit.option(f"{i} – {label}", str(i)) for i, label in enumerate(scale, start=1)]


def _rating_inputs(driver: str, rated: dict[str, Any] | None) -> list[kit.Block]:
    rated = rated or {}
    label = DRIVER_LABELS[driver]
    initial = str(rated["rating"]) if rated.get("rating") else None
    return [
        kit.input_block(
            rating_field(driver),
            label,
            kit.select(_rating_options(RATING_SCALES[driver]), initial=initial, placeholder="Rate 1–5"),
            optional=True,
        ),
        kit.input_block(
            note_field(driver),
            f"Why? ({label.lower()})",
            kit.text_input(initial=rated.get("note"), max_length=500),
            optional=True,
        ),
    ]


def _owner_select(owner_id: str | None) -> dict[str, Any]:
    owner: dict[str, Any] = {"type": "users_select", "placeholder": kit.plain("Who owns it?")}
    return owner | ({"initial_user": owner_id} if owner_id else {})


def _channel_select(channel_id: str | None) -> dict[str, Any]:
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": kit.plain("Where its card and check-ins go"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    return channel | ({"initial_conversation": channel_id} if channel_id else {})


def step_1(data: dict[str, Any]) -> list[kit.Block]:
    owner, channel = _owner_select(data.get("owner_id")), _channel_select(data.get("channel_id"))
    archetypes = [kit.option(a.label, a.archetype.value, a.summary) for a in ARCHETYPES.values()]
    examples = "; ".join(f"{a.label}: {a.examples}" for a in ARCHETYPES.values())
    return [
        kit.input_block(
            Field.NAME,
            "Project name",
            kit.text_input(initial=data.get("name"), max_length=80, placeholder="e.g. Churn predictor"),
        ),
        kit.input_block(
            Field.STATEMENT,
            "Problem statement",
            kit.text_input(
                initial=data.get("statement"),
                multiline=True,
                max_length=2000,
                placeholder="What decision or task will the model help with, and for whom?",
            ),
            optional=True,
        ),
        kit.section(
            "*The gate*: three questions to ask before any other. A No is a reason to stop, or to start with rules."
        ),
        *_gate_inputs(data.get("gate") or {}),
        kit.input_block(Field.OWNER, "Owner", owner),
        kit.input_block(Field.CHANNEL, "Home channel", channel, hint="Invite @MLScope to a private channel first."),
        kit.input_block(
            Field.ARCHETYPE,
            "What kind of ML product is it?",
            kit.radio(archetypes, initial=data.get("archetype")),
            hint=f"For example: {examples}.",
        ),
    ]


def _gate_inputs(answers: dict[str, str]) -> list[kit.Block]:
    return [
        kit.input_block(
            gate_field(about.question.value),
            about.text,
            kit.radio(
                [kit.option(label, a.value) for a, label in about.choices.items()], initial=answers.get(about.question)
            ),
            optional=True,
        )
        for about in GATE.values()
    ]


def step_2(data: dict[str, Any]) -> list[kit.Block]:
    archetype = Archetype(data.get("archetype") or Archetype.SOFTWARE_2_0)
    answers = data.get("answers") or {}
    blocks: list[kit.Block] = [kit.section(f"*Key questions for {info(archetype).label}*")]
    for question in info(archetype).questions:
        blocks.append(
            kit.input_block(
                question_field(question.id),
                question.text,
                kit.text_input(initial=answers.get(question.id), multiline=True, max_length=1000),
                optional=True,
            )
        )
    if archetype is Archetype.SOFTWARE_2_0:
        flywheel = {True: "yes", False: "no"}.get(data.get("data_flywheel"))  # type: ignore[arg-type]
        options = [
            kit.option("Yes: more use brings data that improves the model", "yes"),
            kit.option("No", "no"),
            kit.option("Not sure yet", "unsure"),
        ]
        blocks.append(
            kit.input_block(
                Field.FLYWHEEL, "Is there a data flywheel?", kit.radio(options, initial=flywheel), optional=True
            )
        )
    blocks.append(kit.section("*Impact drivers*"))
    for driver in ImpactDriver:
        blocks += _rating_inputs(driver.value, (data.get("impact") or {}).get(driver.value))
    return blocks


def step_3(data: dict[str, Any]) -> list[kit.Block]:
    blocks: list[kit.Block] = []
    for driver in FeasibilityDriver:
        blocks += _rating_inputs(driver.value, (data.get("feasibility") or {}).get(driver.value))
    blocks.append(kit.section("*Still-hard problems*: tick what applies; each lowers feasibility."))
    chosen = data.get("hard_flags") or []
    for group, flags in HARD_FLAG_GROUPS.items():
        options = [kit.option(HARD_FLAG_LABELS[f], f.value) for f in flags]
        blocks.append(
            kit.input_block(
                flags_field(group.value),
                HARD_FLAG_GROUP_LABELS[group],
                kit.checkboxes(options, initial=chosen),
                optional=True,
            )
        )
    return blocks + _feasibility_questions(data.get("feasibility_answers") or {})


def _feasibility_questions(answers: dict[str, str]) -> list[kit.Block]:
    """What a rating does not say: what compute will cost, and whether the team has what it takes."""
    blocks: list[kit.Block] = [kit.section("*Cost and means*: optional, in a sentence or two.")]
    for question in FEASIBILITY_QUESTIONS:
        blocks.append(
            kit.input_block(
                question_field(question.id),
                question.text,
                kit.text_input(initial=answers.get(question.id), multiline=True, max_length=1000),
                optional=True,
            )
        )
    return blocks


def step_5(data: dict[str, Any]) -> list[kit.Block]:
    checkin = data.get("checkin") or {}
    cadence = checkin.get("cadence") or (NO_CHECKINS if data.get("checkins_off") else "weekly")
    cadences = [
        kit.option("Every week", "weekly"),
        kit.option("Every two weeks", "biweekly"),
        kit.option("Every month (first such weekday)", "monthly"),
        kit.option("No check-ins", NO_CHECKINS),
    ]
    weekdays = [kit.option(day, str(i)) for i, day in enumerate(WEEKDAYS)]
    at = str(checkin.get("local_time") or "10:00")[:5]
    skip = kit.checkboxes(
        [kit.option("Skip weekends (move to Monday)", "skip")],
        initial=["skip"] if checkin.get("skip_weekends", True) else [],
    )
    return [
        kit.input_block(Field.CADENCE, "How often?", kit.select(cadences, initial=cadence)),
        kit.input_block(
            Field.WEEKDAY, "On", kit.select(weekdays, initial=str(checkin.get("weekday", 0))), optional=True
        ),
        kit.input_block(Field.TIME, "At", {"type": "timepicker", "initial_time": at}, optional=True),
        kit.input_block(
            Field.TIMEZONE,
            "Timezone",
            kit.text_input(initial=checkin.get("timezone") or data.get("owner_tz") or "UTC", max_length=64),
            hint="IANA name, e.g. Europe/Paris; defaults to the owner's Slack timezone.",
        ),
        kit.input_block(Field.SKIP_WEEKENDS, "Weekends", skip, optional=True),
    ]
