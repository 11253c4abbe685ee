"""Block Kit for corrections (pure builders): a reading's confirmation with its Undo button, the
readings ``show`` offers to delete, the archive command's question, and the answers to them."""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.ids import Action, Callback
from bot.slack.metadata import CardButton, ReadingButton
from bot.slack.replies import reply
from domain.metric_series import ReadingKey
from domain.metrics import SUMMARY_ACTOR, MetricReading
from domain.project import Project

DELETABLE = 5  # the latest readings of the current metric ``show`` lists with a Delete button
EARLIER_DELETABLE = 3  # and of the previous metric (a series of its own); the rest are counted


def reading_button(ref: str, reading: MetricReading, *, occurrence: int | None = None) -> str:
    key = ReadingKey.of(reading)
    return ReadingButton(
        ref=ref, at=key.at, value=key.value, actor=key.actor, occurrence=occurrence, series=reading.series
    ).dump()


def key_of(button: ReadingButton) -> ReadingKey:
    return ReadingKey(at=button.at, value=button.value, actor=button.actor)


def undo_actions(ref: str, reading: MetricReading, *, occurrence: int | None = None) -> kit.Block:
    value = reading_button(ref, reading, occurrence=occurrence)
    return kit.actions(kit.button("Undo", Action.READING_UNDO, value), block_id="reading_undo")


def recorded_reply(text: str, ref: str, reading: MetricReading) -> dict[str, Any]:
    """The ephemeral confirmation of ``/mlproject metric`` (``text`` is escaped mrkdwn)."""
    return reply(f"✅ {text}", [kit.section(f"✅ {text}"), undo_actions(ref, reading)])


def recorded_modal(
    title: str, text: str, ref: str, reading: MetricReading, *, occurrence: int | None = None
) -> dict[str, Any]:
    """A form's confirmation in place of the form (the card's Record metric, a check-in's details)."""
    blocks = [kit.section(f"✅ {text}"), undo_actions(ref, reading, occurrence=occurrence)]
    return kit.modal(title, blocks, callback_id=Callback.NOTICE, submit=None, close="Close")


def reading_text(reading: MetricReading) -> str:
    note = f" ({kit.esc(kit.cut(reading.note, 200))})" if reading.note else ""
    return f"{kit.date(reading.at, '{date_num} {time}')} · *{reading.value:g}* by <@{reading.actor}>{note}"


def deletable_readings(project: Project) -> list[kit.Block]:
    """``show``: the current metric's latest readings one by one, newest first, each with Delete
    (Slack asks first); then, under their own heading, the latest of the previous metric's, and how
    many more earlier ones there are. None for an archived project (it is read-only) nor for a
    summary of folded readings."""
    if project.archived:
        return []
    kept = [r for r in project.readings if r.actor != SUMMARY_ACTOR]
    current = [r for r in kept if r.series == project.metric_series]
    earlier = [r for r in kept if r.series != project.metric_series]
    names = project.series_names()
    metric = project.scope.optimizing
    blocks: list[kit.Block] = []
    if current:
        name = kit.esc(metric.name if metric else names.get(project.metric_series, "the metric"))
        blocks.append(kit.context(f"Latest readings of *{name}* (delete one recorded by mistake):"))
        blocks += [_deletable(project, r) for r in reversed(current[-DELETABLE:])]
    if earlier:
        series = max(r.series for r in earlier)
        theirs = [r for r in earlier if r.series == series]
        name = kit.esc(names.get(series, "an earlier metric"))
        blocks.append(kit.context(f"Readings of the earlier metric *{name}* ({len(theirs)} in all; they do not count now):"))
        blocks += [_deletable(project, r) for r in reversed(theirs[-EARLIER_DELETABLE:])]
        rest = len(earlier) - min(len(theirs), EARLIER_DELETABLE)
        if rest:
            blocks.append(kit.context(f"{rest} more reading{'s' if rest > 1 else ''} of earlier metrics: the metric history above."))
    return blocks


def _deletable(project: Project, reading: MetricReading) -> kit.Block:
    if reading.series == project.metric_series:
        after = "the current value is then the latest reading left."
    else:
        after = "it was measured on an earlier metric, so the current value stays."
    delete = kit.button(
        "Delete", Action.READING_DELETE, reading_button(project.ref, reading),
        confirm=kit.confirm("Delete this reading?", f"{reading_text(reading)} will be removed; {after}", "Delete"),
    )  # fmt: skip
    return kit.section(reading_text(reading), accessory=delete)


def removed_text(project: Project, key: ReadingKey, *, how: str, series: int | None = None) -> str:
    """What was taken back, named with the metric it measured (``series``: an earlier definition's
    reading says so, and that the current value stays); ``None`` (an older button): the current."""
    said = f"recorded by <@{key.actor}> {kit.date(key.at)}"  # in the reader's timezone
    metric = project.scope.optimizing
    if series is not None and series != project.metric_series:
        earlier = kit.esc(project.series_names().get(series, "an earlier metric"))
        now = f"*{kit.esc(metric.name)}*, the current metric, is unchanged" if metric else "the current value is unchanged"
        return (
            f"↩️ {how.capitalize()}: the reading {key.value:g} of the earlier metric *{earlier}*, {said}, "
            f"is removed from *{kit.esc(project.name)}*; {now}."
        )
    gone = f"↩️ {how.capitalize()}: the reading {key.value:g} {said}"
    name = kit.esc(metric.name) if metric else "the metric"
    current = project.current_value
    now = f"{name} is now {current:g}" if current is not None else f"{name} has no reading now"
    return f"{gone} is removed from *{kit.esc(project.name)}*; {now}."


def archive_question(project: Project) -> dict[str, Any]:
    """``/mlproject archive``: what archiving does, and the buttons that do it or not."""
    text = (
        f"Archive *{kit.esc(project.name)}* (`{project.ref}`)? It leaves the ranked portfolio and the digests, "
        "its check-ins stop and its card can no longer change. `/mlproject unarchive` brings it back."
    )
    buttons = kit.actions(
        kit.button("Archive", Action.ARCHIVE_CONFIRM, CardButton(ref=project.ref).dump(), style="danger"),
        kit.button("Cancel", Action.ARCHIVE_CANCEL, CardButton(ref=project.ref).dump()),
        block_id=f"archive:{project.ref}",
    )
    return reply(text, [kit.section(text), buttons])


def unarchive_button(project: Project) -> dict[str, Any]:
    return kit.button("Unarchive", Action.HOME_UNARCHIVE, CardButton(ref=project.ref).dump())
