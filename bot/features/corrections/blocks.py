"""Block Kit for corrections (pure builders): a reading's confirmation with its Undo button, the
readings ``show`` offers to delete, the archive command's question, and the answers to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.features.text import run_link
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


Tokens = dict[tuple[datetime, float, str], str]  # a reading's ReadingKey.identity -> the API token it came through


def reading_text(reading: MetricReading, token: str | None = None, *, link: bool = True) -> str:
    """When, what value, and who: the person who typed it, or the pipeline that pushed it (the
    readings API ``token``'s name, and its run's link or id)."""
    note = f" ({kit.esc(kit.cut(reading.note, 200))})" if reading.note else ""
    return f"{kit.date(reading.at, '{date_num} {time}')} · *{reading.value:g}* {_source(reading, token, link=link)}{note}"


def _source(reading: MetricReading, token: str | None, *, link: bool) -> str:
    if token is None and not (reading.run_id or reading.source_url):
        return f"by <@{reading.actor}>"
    via = f"via the readings API token *{kit.esc(token)}*" if token else "via the readings API"
    run = run_link(reading) if link else ""
    if not run and reading.run_id:
        run = f"run {kit.esc(kit.cut(reading.run_id, 40))}"
    return f"{via}, {run}" if run else via


def listed_readings(project: Project) -> tuple[list[MetricReading], list[MetricReading], int]:
    """What ``show`` lists to delete: the current metric's latest readings, the previous metric's
    latest, and how many more earlier ones it only counts (folded summaries aside)."""
    kept = [r for r in project.readings if r.actor != SUMMARY_ACTOR]
    current = [r for r in kept if r.series == project.metric_series]
    earlier = [r for r in kept if r.series != project.metric_series]
    previous = [r for r in earlier if r.series == max(r.series for r in earlier)] if earlier else []
    return current[-DELETABLE:], previous[-EARLIER_DELETABLE:], len(earlier) - min(len(previous), EARLIER_DELETABLE)


def deletable_readings(project: Project, tokens: Tokens | None = None) -> list[kit.Block]:
    """``show``: the current metric's latest readings one by one, newest first, each with Delete
    (Slack asks first); then, under their own heading, the latest of the previous metric's, and how
    many more earlier ones there are. None for an archived project (it is read-only) nor for a
    summary of folded readings. ``tokens``: the readings API token of those a pipeline pushed."""
    if project.archived:
        return []
    current, previous, rest = listed_readings(project)
    names, metric, tokens = project.series_names(), project.scope.optimizing, tokens or {}
    blocks: list[kit.Block] = []
    if current:
        name = kit.esc(metric.name if metric else names.get(project.metric_series, "the metric"))
        blocks.append(kit.context(f"Latest readings of *{name}* (delete one recorded by mistake):"))
        blocks += [_deletable(project, r, tokens) for r in reversed(current)]
    if previous:
        name = kit.esc(names.get(previous[0].series, "an earlier metric"))
        count = sum(r.series == previous[0].series for r in project.readings if r.actor != SUMMARY_ACTOR)
        blocks.append(kit.context(f"Readings of the earlier metric *{name}* ({count} in all; they do not count now):"))
        blocks += [_deletable(project, r, tokens) for r in reversed(previous)]
    if rest:
        blocks.append(kit.context(f"{rest} more reading{'s' if rest > 1 else ''} of earlier metrics: the metric history above."))
    return blocks


def _deletable(project: Project, reading: MetricReading, tokens: Tokens) -> kit.Block:
    token = tokens.get(ReadingKey.of(reading).identity)
    if reading.series == project.metric_series:
        after = "the current value is then the latest reading left."
    else:
        after = "it was measured on an earlier metric, so the current value stays."
    said = reading_text(reading, token, link=False)  # a confirmation is cut at 300 characters: no link to break
    delete = kit.button(
        "Delete", Action.READING_DELETE, reading_button(project.ref, reading),
        confirm=kit.confirm("Delete this reading?", f"{said} will be removed; {after}", "Delete"),
    )  # fmt: skip
    return kit.section(reading_text(reading, token), accessory=delete)


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
