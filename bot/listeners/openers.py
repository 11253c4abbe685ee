"""Opening modals after the ack: the scoping flow (new, resume, edit) and the card's forms.

A ``trigger_id`` opens one view, within 3 s of the click that Slack sent it with
(https://docs.slack.dev/reference/methods/views.open: ``expired_trigger_id``,
``exchanged_trigger_id``). So, wherever a modal opens:

- ``views.open`` is the first Slack call after the ack. Before it comes only the database reading
  the modal is built from (the project, the draft); writes (the edit's draft) come after it.
- Permission to change a project (edit, move stage, check-in schedule) is checked from the
  database: owner, creator, MLScope leads, and whether the person is a workspace admin *if that
  answer is cached* (``bot.admins``). When only Slack can say (``users.info``), the modal opens
  first with a "checking" view, then Slack is asked, then ``views.update`` (by the view's id)
  shows the form, or says why it cannot be used. No users.info ever comes before views.open.
- ``views.open`` and ``views.push`` are never retried (``bot.clients``): the retry would spend the
  same trigger again. When opening fails the person is told what to do (``open_view``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import failures
from bot.admins import AdminUnknown
from bot.deps import Deps
from bot.flow import FlowMeta, draft_key, project_data, scope_from
from bot.publish import tell
from bot.slack_errors import error_code
from bot.views import forms, messages
from bot.views.notices import checking_modal, notice_modal
from bot.views.scoping import step_view
from domain import services
from domain.errors import DomainError
from domain.model import Project

log = logging.getLogger("mlscope.openers")

# What the person is told when a modal does not open, by Slack's error.
NOT_OPENED = {
    "expired_trigger_id": "That took too long to open: Slack allows 3 seconds after your click. "
    "Nothing was changed; please click again.",
    "exchanged_trigger_id": "That form was already opened once for this click. Nothing was changed; please click again.",
    "invalid_trigger_id": "Slack did not accept my request to open the form. Nothing was changed; please click again.",
    "ratelimited": "Slack asked me to slow down, so the form did not open. Nothing was changed; please try again in a moment.",
}
NOT_OPENED_OTHERWISE = "Slack could not open the form ({code}). Nothing was changed; please click again in a moment."


def open_view(
    client: WebClient, trigger_id: str, view: dict[str, Any], *, user: str, channel: str | None
) -> str | None:
    """Open ``view`` with the trigger (once: the client does not retry this call); the view's id,
    or None after telling the person it did not open."""
    try:
        opened = client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        code = error_code(exc)
        log.info("views.open refused: %s", code)
        text = NOT_OPENED.get(code, NOT_OPENED_OTHERWISE.format(code=code))
    except OSError as exc:  # no answer from Slack (the request may or may not have spent the trigger)
        log.warning("views.open unanswered: %s", type(exc).__name__)
        text = NOT_OPENED_OTHERWISE.format(code="no answer")
    else:
        return str((opened.get("view") or {}).get("id") or "") or None
    tell(client, user=user, channel=channel, text=text)
    return None


def open_checked(
    client: WebClient,
    deps: Deps,
    *,
    trigger_id: str,
    team: str,
    user: str,
    ref: str,
    channel: str | None,
    verb: str,
    title: str,
    build: Callable[[Project], dict[str, Any]],
) -> Project | None:
    """Open ``build(project)`` for someone who may ``verb`` the project; the project once its form
    is shown, or None (the person was told why not).

    Decided from the database (and a cached admin answer) before views.open; when only Slack can
    tell, the modal opens first and is updated once Slack has answered."""
    try:
        project = services.check_can_change(
            deps.uow(), team, ref, actor=user, is_admin=deps.cached_admin(team, user), verb=verb
        )
    except AdminUnknown:
        return _open_then_check(
            client,
            deps,
            trigger_id=trigger_id,
            team=team,
            user=user,
            ref=ref,
            channel=channel,
            verb=verb,
            title=title,
            build=build,
        )
    except DomainError as exc:
        tell(client, user=user, channel=channel, text=exc.message)
        return None
    return project if open_view(client, trigger_id, build(project), user=user, channel=channel) else None


def _open_then_check(
    client: WebClient,
    deps: Deps,
    *,
    trigger_id: str,
    team: str,
    user: str,
    ref: str,
    channel: str | None,
    verb: str,
    title: str,
    build: Callable[[Project], dict[str, Any]],
) -> Project | None:
    view_id = open_view(
        client,
        trigger_id,
        checking_modal(title, "Checking with Slack that you may change this project…"),
        user=user,
        channel=channel,
    )
    if view_id is None:
        return None
    project: Project | None = None
    try:
        project = services.check_can_change(
            deps.uow(), team, ref, actor=user, is_admin=deps.is_admin(client, team, user), verb=verb
        )
        shown = build(project)
    except DomainError as exc:
        project, shown = None, notice_modal(title, exc.message, outcome="")
    except Exception as exc:  # noqa: BLE001 - the modal must not stay at "checking"; the log has the rest
        log.exception("permission check after opening failed")
        project, shown = None, notice_modal(title, failures.not_done(exc), outcome="")
    try:
        client.views_update(view_id=view_id, view=shown)
    except SlackApiError as exc:  # closed meanwhile
        log.info("checked modal not updated: %s", error_code(exc))
        return None
    return project


def open_new(
    client: WebClient, deps: Deps, *, trigger_id: str, team: str, user: str, channel: str, name: str = ""
) -> None:
    """Step 1 of a new scope, prefilled with the caller as owner and this channel as home."""
    meta = FlowMeta(mode="new", step=1, origin_channel=channel)
    data = {"name": name, "owner_id": user, "channel_id": channel if channel.startswith(("C", "G")) else ""}
    open_view(client, trigger_id, step_view(meta, data, scope=None), user=user, channel=channel)


def start_new(
    client: WebClient, respond: Respond, deps: Deps, *, trigger_id: str, team: str, user: str, channel: str, name: str
) -> None:
    """``/mlproject new``: step 1, or, if the caller left a scope unfinished, the offer to resume it.

    Runs after the ack, which therefore reads nothing: the draft check was the only database read
    between Slack's request and its answer. The offer goes out through the command's response_url,
    as the ephemeral reply it used to be.
    """
    draft = services.load_draft(deps.uow(), team, draft_key(user, "new"))
    if draft is not None:
        respond(**messages.resume_message(str(draft.data.get("name", "")), draft.step))
        return
    open_new(client, deps, trigger_id=trigger_id, team=team, user=user, channel=channel, name=name)


def open_resume(client: WebClient, deps: Deps, *, trigger_id: str, team: str, user: str, channel: str | None) -> None:
    uow = deps.uow()
    draft = services.load_draft(uow, team, draft_key(user, "new"))
    if draft is None:
        open_new(client, deps, trigger_id=trigger_id, team=team, user=user, channel=channel or "")
        return
    meta = FlowMeta(mode="new", step=draft.step, origin_channel=channel or draft.data.get("origin_channel", ""))
    scope = scope_from(draft.data) if draft.step > 1 else None
    weights = services.weights_for(uow, team)
    open_view(client, trigger_id, step_view(meta, draft.data, scope=scope, weights=weights), user=user, channel=channel)


def open_edit(
    client: WebClient, deps: Deps, *, trigger_id: str, team: str, user: str, ref: str, channel: str | None
) -> None:
    """Step 1 of the scoping flow, prefilled from the project; its draft is saved once it is open."""

    def step_1(project: Project) -> dict[str, Any]:
        meta = FlowMeta(mode="edit", step=1, ref=project.ref, origin_channel=channel or "")
        return step_view(meta, project_data(project), scope=None)

    project = open_checked(
        client,
        deps,
        trigger_id=trigger_id,
        team=team,
        user=user,
        ref=ref,
        channel=channel,
        verb="edit",
        title="Edit project",
        build=step_1,
    )
    if project is not None:
        services.save_draft(
            deps.uow(), team, draft_key(user, "edit"), step=1, data=project_data(project), now=deps.now()
        )


# The card's forms that change what only the owner, creator, admins and leads may change.
GUARDED = {
    "stage": ("move the stage of", "Move stage", forms.stage_modal),
    "schedule": ("change the check-ins of", "Check-in schedule", forms.schedule_modal),
}
OPEN_TO_ALL = {"metric": forms.metric_modal, "baseline": forms.baseline_modal, "checklist": forms.checklist_modal}


def open_form(
    client: WebClient, deps: Deps, *, kind: str, trigger_id: str, team: str, user: str, ref: str, channel: str | None
) -> None:
    """The card's small forms: stage, metric, baseline, schedule, checklist (stage and schedule
    need permission)."""
    if kind in GUARDED:
        verb, title, build = GUARDED[kind]
        open_checked(
            client,
            deps,
            trigger_id=trigger_id,
            team=team,
            user=user,
            ref=ref,
            channel=channel,
            verb=verb,
            title=title,
            build=build,
        )
        return
    try:
        project = services.get_project(deps.uow(), team, ref)
    except DomainError as exc:
        tell(client, user=user, channel=channel, text=exc.message)
        return
    if project.archived:
        tell(client, user=user, channel=channel, text=f"`{project.ref}` is archived; it can no longer change.")
        return
    if kind == "metric" and project.scope.optimizing is None:
        tell(
            client,
            user=user,
            channel=channel,
            text=f"`{project.ref}` has no optimizing metric yet: define one with Edit first.",
        )
        return
    open_view(client, trigger_id, OPEN_TO_ALL[kind](project), user=user, channel=channel)


def fetch_owner_timezone(client: WebClient, deps: Deps, *, team: str, key: str, owner: str) -> None:
    """Remember the owner's Slack timezone in the draft; step 5 offers it as the default."""
    try:
        tz = client.users_info(user=owner)["user"].get("tz") or "UTC"
    except SlackApiError:
        return
    services.update_draft(deps.uow(), team, key, patch={"owner_tz": tz}, now=deps.now())
