"""Check-in messages: the thread parent with its questions and answers, offers, nudges, details."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.features.data_plan.blocks import plan_button
from bot.features.text import SCALE_EXAMPLES, SCALE_HINTS, measured, metric_facts
from bot.slack import kit
from bot.slack.ids import Action, Callback, Field
from bot.slack.metadata import BlockerButton, CardButton, CheckinAnswer, CheckinDetails, DetailsForm, LoopBackForm
from domain.checkin_read_model import CheckinState
from domain.checkins import QUESTIONS, Answer, Inputs, LoopBackOffer, Question, Response
from domain.metric_scale import scale_of
from domain.model import Stage
from domain.project import Project

ANSWER_MARK = {Answer.YES: "✅", Answer.NO: "❌", Answer.UNSURE: "🤔"}
BUTTONS = (
    (Action.CHECKIN_YES, "Yes", Answer.YES),
    (Action.CHECKIN_NO, "No", Answer.NO),
    (Action.CHECKIN_UNSURE, "Unsure", Answer.UNSURE),
)


def answer_value(occurrence_id: int, question: Question) -> str:
    return CheckinAnswer(occurrence=occurrence_id, question=question).dump()


def _answers_line(question: Question, responses: list[Response]) -> str:
    marks = [f"{ANSWER_MARK[r.answers[question]]} <@{r.user_id}>" for r in responses if question in r.answers]
    return " · ".join(marks) if marks else "_no answer yet_"


def checkin_blocks(state: CheckinState) -> list[kit.Block]:
    project, occ = state.project, state.occurrence
    assert occ.id is not None
    blocks: list[kit.Block] = [
        kit.header(f"Check-in: {project.problem.name}"),
        kit.section(
            f"{_owner(state)}, time for the {occ.due_at:%A %d %B} check-in on *{kit.esc(project.name)}* "
            f"(`{project.ref}`, {project.stage.label}). Answer below; answers can be changed until the next check-in."
        ),
    ]
    blocks += [kit.context(f"🌴 {kit.esc(a.name)} is away until {kit.date(a.until)}.") for a in state.away.values()]
    for question in Question:
        blocks.append(kit.section(f"*{QUESTIONS[question]}*\n{_answers_line(question, state.responses)}"))
        blocks.append(
            kit.actions(
                *(kit.button(label, action, answer_value(occ.id, question)) for action, label, _ in BUTTONS),
                block_id=f"q:{question.value}",
            )
        )
    details = CheckinDetails(occurrence=occ.id or 0).dump()
    buttons = [kit.button("Add numbers and notes…", Action.CHECKIN_DETAILS, details)]
    snoozed = project.checkin.snoozed_until if project.checkin else None
    if snoozed is None or snoozed <= occ.due_at:
        buttons.append(kit.button("Snooze a week", Action.CHECKIN_SNOOZE, details))
    else:
        blocks.append(kit.context(f"😴 Snoozed until {kit.date(snoozed)}: no nudge, no check-in before then."))
    return blocks + _said(state) + [kit.actions(*buttons, block_id="details")]


def _owner(state: CheckinState) -> str:
    """The owner, mentioned unless they are away (then named, without a ping)."""
    owner = state.project.problem.owner_id
    return f"*{kit.esc(state.away[owner].name)}*" if owner in state.away else f"<@{owner}>"


def _said(state: CheckinState) -> list[kit.Block]:
    """The metric's values, the inputs and the blockers people gave in their details."""
    metric, blocks = state.project.scope.optimizing, []
    unit = metric.unit if metric else ""
    values = [f"<@{r.user_id}>: {measured(r.metric_value, unit)}" for r in state.responses if r.metric_value is not None]
    blockers = [f"<@{r.user_id}>: {kit.esc(r.blockers)}" for r in state.responses if r.blockers]
    if metric is not None:
        blocks.append(
            kit.section(
                f"*{kit.esc(metric.name)} now?* target {measured(metric.target, unit)}"
                + ("\n" + " · ".join(values) if values else "")
            )
        )
    given = [(r.user_id, Inputs.of([r])) for r in state.responses]
    inputs = [f"<@{user}>: {effort.describe()}" for user, effort in given if effort]
    if inputs:
        blocks.append(kit.section("*Inputs since the last check-in*\n" + " · ".join(inputs)))
    if blockers:
        blocks.append(kit.section("*Blockers*\n" + "\n".join(blockers)))
    blocks += _carried(state)
    notes = [f"<@{r.user_id}>: {kit.esc(r.notes)}" for r in state.responses if r.notes]
    if notes:
        blocks.append(kit.section("*Notes*\n" + "\n".join(notes)))
    return blocks


def _carried(state: CheckinState) -> list[kit.Block]:
    """Blockers from earlier check-ins, still open, each with Resolved (the latest ten)."""
    if not state.carried:
        return []
    blocks: list[kit.Block] = [kit.section("*Still open from earlier check-ins*")]
    for b in state.carried[-10:]:
        value = BlockerButton(occurrence=state.occurrence.id or 0, reported_at=b.occurrence_id, reporter=b.user_id)
        text = f"<@{b.user_id}> ({kit.day(b.reported_at)}): {kit.esc(b.text)}"
        blocks.append(kit.section(text, accessory=kit.button("Resolved", Action.CHECKIN_BLOCKER_RESOLVED, value.dump())))
    return blocks


def checkin_text(project: Project) -> str:
    return f"Check-in on {kit.esc(project.name)}: does the metric still hold? does the data?"


def checkin_message(state: CheckinState) -> dict[str, Any]:
    return {"text": checkin_text(state.project), "blocks": checkin_blocks(state)}


def offer_message(state: CheckinState, offer: LoopBackOffer, question: Question) -> dict[str, Any]:
    assert state.occurrence.id is not None
    project = state.project
    if offer.target is project.stage:  # nowhere to loop back to: the step the method takes there
        return _in_place(state, offer)
    text = (
        f"A “No” on this check-in means {offer.reason}. The method's answer is to go back to *{offer.target.label}* "
        f"and revisit it rather than push on. Move *{kit.esc(project.name)}* there now?"
    )
    return {
        "text": text,
        "blocks": [
            kit.section(text),
            kit.actions(
                kit.button(
                    f"Loop back to {offer.target.value}",
                    Action.CHECKIN_LOOP_BACK,
                    answer_value(state.occurrence.id, question),
                    style="primary",
                ),
                block_id="offer",
            ),
        ],
    }


def _in_place(state: CheckinState, offer: LoopBackOffer) -> dict[str, Any]:
    project, occ = state.project, state.occurrence
    text = f"A “No” on this check-in means {offer.reason}. *{kit.esc(project.name)}* is in {project.stage.label} already: "
    if offer.reason.startswith("the metric"):
        text += "agree on the metric again."
        step = kit.button("Revise the metric", Action.CHECKIN_REVISE_METRIC, CardButton(ref=project.ref).dump())
    else:
        text += "write down how it gets the data it lacks."
        step = plan_button(project, channel=occ.channel or "", thread=occ.ts or "")
    return {"text": text, "blocks": [kit.section(text), kit.actions(step, block_id="next_step")]}


def loop_back_modal(form: LoopBackForm, project: Project, offer: LoopBackOffer) -> dict[str, Any]:
    """Asks (optionally) what changed: that text is the loop-back's reason."""
    what = kit.text_input(multiline=True, max_length=400, placeholder="e.g. churn is now measured at 60 days")
    return kit.modal(
        "Loop back",
        [
            kit.section(f"Move *{kit.esc(project.name)}* back to *{offer.target.label}*."),
            kit.input_block(Field.WHAT_CHANGED, "What changed?", what, optional=True, hint="Shown as the reason."),
        ],
        callback_id=Callback.CHECKIN_LOOP_BACK,
        submit="Move back",
        private_metadata=form.dump(),
    )


def moved_message(project: Project, user: str, *, channel: str = "", thread: str = "") -> dict[str, Any]:
    """The offer, once taken: who moved it, why, and the next step back there (the metric to
    revise in planning; in data, a plan for the data, said in the check-in's ``thread``)."""
    reason = project.transitions[-1].reason if project.transitions else ""
    text = f"↩️ <@{user}> moved *{kit.esc(project.name)}* back to {project.stage.label}."
    blocks = [kit.section(text + (f"\n*Why:* {kit.esc(reason)}" if reason else ""))]
    if project.stage is Stage.PLANNING:
        revise = kit.button("Revise the metric", Action.CHECKIN_REVISE_METRIC, CardButton(ref=project.ref).dump())
        blocks.append(kit.actions(revise, block_id="next_step"))
    elif project.stage is Stage.DATA:
        blocks.append(kit.actions(plan_button(project, channel=channel, thread=thread), block_id="next_step"))
    return {"text": text, "blocks": blocks}


def snoozed_text(user: str, project: Project, until: datetime) -> str:
    return f"😴 <@{user}> snoozed check-ins on *{kit.esc(project.name)}* until {kit.date(until)}."


def nudge_text(project: Project) -> str:
    return (
        f"<@{project.problem.owner_id}>, nobody has answered this check-in on *{kit.esc(project.name)}* yet. "
        "Two clicks keep the project honest: does the metric still hold? does the data?"
    )


def details_modal(state: CheckinState, existing: Response | None) -> dict[str, Any]:
    assert state.occurrence.id is not None
    metric = state.project.scope.optimizing
    blocks: list[kit.Block] = []
    if metric is not None:  # typed as people write it ("71.5%", "0,8"), with what it stands at
        value = existing.metric_value if existing else None
        typed = kit.text_input(
            initial=None if value is None else f"{value:g}", max_length=40, placeholder=SCALE_EXAMPLES[scale_of(metric)]
        )
        blocks += [
            kit.section(metric_facts(state.project)),
            kit.input_block(
                Field.VALUE, f"{metric.name} now", typed, optional=True, hint=SCALE_HINTS[scale_of(metric)]
            ),
        ]
    return kit.modal(
        "Check-in details",
        blocks + _detail_inputs(existing),
        callback_id=Callback.CHECKIN_DETAILS,
        submit="Save",
        private_metadata=DetailsForm(occurrence=state.occurrence.id or 0).dump(),
    )


def _detail_inputs(existing: Response | None) -> list[kit.Block]:
    """Experiments, labels, blockers and notes, prefilled with what this person said before."""
    return [
        kit.input_block(
            Field.EXPERIMENTS,
            "Experiments run since the last check-in",
            kit.text_input(
                initial=str(existing.experiments) if existing and existing.experiments is not None else None,
                max_length=20,
            ),
            optional=True,
            hint="Inputs count as much as results: they show the work when the metric has not moved yet.",
        ),
        kit.input_block(
            Field.LABELS,
            "Examples labelled since the last check-in",
            kit.text_input(
                initial=f"{existing.labels:,}" if existing and existing.labels is not None else None,
                max_length=20,
                placeholder="e.g. 3,000",
            ),
            optional=True,
        ),
        kit.input_block(
            Field.BLOCKERS,
            "Blockers",
            kit.text_input(initial=existing.blockers if existing else None, multiline=True, max_length=1000),
            optional=True,
        ),
        kit.input_block(
            Field.NOTE,
            "Notes",
            kit.text_input(initial=existing.notes if existing else None, multiline=True, max_length=1000),
            optional=True,
        ),
    ]
