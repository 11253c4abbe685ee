"""A project's brief: created once by "Open brief" on its card, shared with its home channel, and
kept current part by part after every change (``keep_current``, called where the card is refreshed).

Updating a part: ``canvases.sections.lookup`` finds the part's paragraph by its lead
(``contains_text``, ``bot.features.canvases.markdown``), ``canvases.edit`` replaces that section
(one change a call, as Slack allows). Only the parts whose Markdown changed are edited (their
digests are stored, migration 0028). Should a lead not be found exactly once (someone edited the
canvas by hand), the whole document is replaced instead (``replace`` without a section): the
brief is never recreated. A brief deleted in Slack is forgotten; the next click creates one.

canvases.create is never resent (``bot.slack.clients.CREATES``): when its answer is lost the claim
stays and the person is asked to try again in a couple of minutes. The brief follows its project's
home channel: the channel it is shared with is kept in the record's parts (``shared:<channel>``),
and a new home channel is given read access and the old one's removed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps, utc_now
from bot.features.canvases.markdown import HEAD_MARK, HEADINGS, brief_document, brief_head, brief_parts, brief_title
from bot.features.canvases.slack import canvas_link, forbids, outcome_unknown, refusal_text, remember
from bot.slack.errors import error_code
from bot.slack.kit import esc
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import canvas_use_cases, project_queries
from domain.assessment import Assessment
from domain.canvases import CanvasKind, CanvasRecord, digest_of
from domain.errors import DomainError
from domain.ports import UnitOfWork
from domain.project import Project

log = logging.getLogger("mlscope.canvases")
BRIEF = CanvasKind.BRIEF
GONE = {"canvas_not_found", "canvas_deleted"}
SHARED = "shared:"  # a record part key: the channel the brief is shared with


HEAD, TITLE = "_head", "_title"  # kept current beside the parts (a part key never starts with "_")


def open_brief(client: WebClient, deps: Deps, origin: Origin, ref: str) -> None:
    """After the click's ack: the brief's link, creating (once) and sharing it if needed."""
    try:
        project = project_queries.get_project(deps.uow(), origin.team, ref)
    except DomainError as exc:
        return _say(client, origin, exc.message)
    refusal = canvas_use_cases.refusal(deps.uow(), origin.team)
    if refusal is not None and not refusal.asks_again(deps.now()):
        return _say(client, origin, refusal_text(refusal))
    if refusal is not None:  # an hour later, someone asks: Slack is asked once more
        canvas_use_cases.allowed_again(deps.uow(), origin.team)
    existing = canvas_use_cases.canvas(deps.uow(), origin.team, BRIEF, str(project.id))
    if existing is not None and existing.canvas_id:
        if refusal is not None:
            keep_current(client, deps.uow(), project)  # what it missed meanwhile
        link = canvas_link(client, origin.team, existing.canvas_id)
        return _say(client, origin, f"The brief of *{esc(project.name)}*: <{link}|open it>.")
    claimed = canvas_use_cases.claim(deps.uow(), origin.team, BRIEF, str(project.id), now=deps.now())
    if claimed is None:
        return _say(client, origin, f"The brief of *{esc(project.name)}* is being created by someone else; ask again in a minute for its link.")
    _create(client, deps, origin, project)


def _create(client: WebClient, deps: Deps, origin: Origin, project: Project) -> None:
    assessment = project_queries.card_assessment(deps.uow(), project)
    parts = brief_parts(assessment)
    markdown = {"type": "markdown", "markdown": brief_document(assessment, parts)}
    try:
        canvas_id = str(client.canvases_create(title=brief_title(assessment), document_content=markdown)["canvas_id"])
    except Exception as exc:
        if outcome_unknown(exc):  # the claim stays: the brief may exist, and a second one must not follow at once
            log.warning("brief of %s: Slack's answer to canvases.create was lost (%s)", project.ref,
                        error_code(exc) if isinstance(exc, SlackApiError) else type(exc).__name__)  # fmt: skip
            return _say(client, origin, f"Slack did not say whether the brief of *{esc(project.name)}* was created. Ask again in a couple of minutes.")
        canvas_use_cases.forget(deps.uow(), origin.team, BRIEF, str(project.id))
        if not isinstance(exc, SlackApiError) or not forbids(exc):
            raise
        return _say(client, origin, refusal_text(remember(deps.uow(), origin.team, exc, "canvases.create", deps.now())))
    canvas_use_cases.created(deps.uow(), origin.team, BRIEF, str(project.id), canvas_id, _whole(assessment, parts))
    canvas_use_cases.allowed_again(deps.uow(), origin.team)
    home = project.problem.channel_id
    shared = f" and shared it with <#{home}>"
    try:
        client.canvases_access_set(canvas_id=canvas_id, access_level="read", channel_ids=[home])
        _shared_with(deps.uow(), project, home)
    except SlackApiError as exc:
        log.warning("brief of %s not shared with its home channel: %s", project.ref, error_code(exc))
        shared = f"; I could not share it with <#{home}> ({error_code(exc)}), so share it from the canvas"
    link = canvas_link(client, origin.team, canvas_id)
    _say(client, origin, f"Created the brief of *{esc(project.name)}*{shared}: <{link}|open it>. It stays current as the project changes.")


def keep_current(
    client: WebClient, uow: UnitOfWork, project: Project, assessment: Assessment | None = None,
    *, now: Callable[[], datetime] | None = None,
) -> None:  # fmt: skip
    """After a change: edit the brief's changed parts and follow its home channel. Never raises:
    the change is saved and the card shows it; a brief that cannot follow is logged and catches up
    with the next change. ``now``: the clock a refusal is remembered with (``Deps.now``; the real
    clock, which ``Deps`` has by default, when the caller has none)."""
    try:
        _keep_current(client, uow, project, assessment, now or utc_now)
    except Exception as exc:  # noqa: BLE001 - the brief is a copy; the project and its card are what count
        log.warning("brief of %s not updated: %s", project.ref, error_code(exc) if isinstance(exc, SlackApiError) else exc)


def keep_all_current(
    client: WebClient, uow: UnitOfWork, team_id: str, assessments: list[Assessment], *, now: Callable[[], datetime] | None = None
) -> None:
    """After a setting every card shows changed: the briefs of those projects that have one."""
    briefs = canvas_use_cases.canvases_of(uow, team_id, BRIEF)
    for assessment in assessments:
        if str(assessment.project.id) in briefs:
            keep_current(client, uow, assessment.project, assessment, now=now)


def _keep_current(
    client: WebClient, uow: UnitOfWork, project: Project, assessment: Assessment | None, now: Callable[[], datetime]
) -> None:
    record = canvas_use_cases.canvas(uow, project.team_id, BRIEF, str(project.id))
    if record is None or record.canvas_id is None or canvas_use_cases.refusal(uow, project.team_id) is not None:
        return  # no brief, or canvases are forbidden here: nothing asks Slack in the background
    assessment = assessment or project_queries.card_assessment(uow, project)
    parts = brief_parts(assessment)
    written = _whole(assessment, parts)
    changed = record.changed(written)
    try:
        for key in changed:
            if key == TITLE:
                _rename(client, record.canvas_id, written[TITLE])
            elif not _edit_part(client, record.canvas_id, key, written[key]):
                _replace_all(client, record.canvas_id, brief_document(assessment, parts))
                changed = list(dict.fromkeys([*changed, *(k for k in written if k != TITLE)]))
                break
    except SlackApiError as exc:
        if error_code(exc) in GONE:
            canvas_use_cases.forget(uow, project.team_id, BRIEF, str(project.id))
        elif forbids(exc):
            remember(uow, project.team_id, exc, "canvases.edit", now())
        raise
    canvas_use_cases.written(uow, project.team_id, BRIEF, str(project.id), {k: written[k] for k in changed})
    _follow_home(client, uow, project, record)  # a refusal here is logged (keep_current), not remembered


def _follow_home(client: WebClient, uow: UnitOfWork, project: Project, record: CanvasRecord) -> None:
    """Share the brief with the project's home channel and remove the channel it was shared with
    before, should the home channel have changed. canvases.access.delete: Tier 3, canvases:write.
    https://docs.slack.dev/reference/methods/canvases.access.set,
    https://docs.slack.dev/reference/methods/canvases.access.delete"""
    assert record.canvas_id is not None
    home = project.problem.channel_id
    before = [key.removeprefix(SHARED) for key in record.parts if key.startswith(SHARED)]
    if before == [home]:
        return
    client.canvases_access_set(canvas_id=record.canvas_id, access_level="read", channel_ids=[home])
    for old in before:
        if old != home:
            try:
                client.canvases_access_delete(canvas_id=record.canvas_id, channel_ids=[old])
            except SlackApiError as exc:
                if error_code(exc) != "channel_not_found":  # a deleted channel has no access left to remove
                    raise
    _shared_with(uow, project, home)


def _shared_with(uow: UnitOfWork, project: Project, channel: str) -> None:
    """Remember that the brief is shared with ``channel`` (and no longer with any other)."""
    with uow:
        found = uow.canvases.get(project.team_id, BRIEF, str(project.id))
        if found is None or found.canvas_id is None:
            return
        parts = {k: v for k, v in found.parts.items() if not k.startswith(SHARED)} | {SHARED + channel: digest_of(channel)}
        uow.canvases.set(project.team_id, BRIEF, str(project.id), canvas_id=found.canvas_id, parts=parts)
        uow.commit()


def _whole(assessment: Assessment, parts: dict[str, str]) -> dict[str, str]:
    """What the brief keeps current, by key: its parts, its opening line and its title."""
    return parts | {HEAD: brief_head(assessment), TITLE: brief_title(assessment)}


def _rename(client: WebClient, canvas_id: str, title: str) -> None:
    client.canvases_edit(canvas_id=canvas_id, changes=[{"operation": "rename", "title_content": _md(title)}])


def _edit_part(client: WebClient, canvas_id: str, key: str, markdown: str) -> bool:
    """Replace the part's paragraph (or the opening line); False when its lead is not found exactly once."""
    lead = HEAD_MARK if key == HEAD else f"{HEADINGS[key]} ·"
    found = client.canvases_sections_lookup(canvas_id=canvas_id, criteria={"contains_text": lead})["sections"]
    if len(found) != 1:
        return False
    change = {"operation": "replace", "section_id": found[0]["id"], "document_content": _md(markdown)}
    client.canvases_edit(canvas_id=canvas_id, changes=[change])
    return True


def _replace_all(client: WebClient, canvas_id: str, markdown: str) -> None:
    client.canvases_edit(canvas_id=canvas_id, changes=[{"operation": "replace", "document_content": _md(markdown)}])


def _md(markdown: str) -> dict[str, str]:
    return {"type": "markdown", "markdown": markdown}


def _say(client: WebClient, origin: Origin, text: str) -> None:
    tell(client, user=origin.user, channel=origin.channel, text=text)

