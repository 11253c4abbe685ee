"""Opening modals after the ack: the scoping flow (new, resume, edit) and the card's forms."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.flow import FlowMeta, draft_key, project_data, scope_from
from bot.publish import tell
from bot.slack_errors import explain
from bot.views import forms, messages
from bot.views.scoping import step_view
from domain import services
from domain.errors import DomainError


def open_view(client: WebClient, trigger_id: str, view: dict[str, Any], *, user: str, channel: str | None) -> None:
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        tell(client, user=user, channel=channel, text=explain(exc, channel=channel or ""))


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
    draft = services.load_draft(deps.uow(), team, draft_key(user, "new"))
    if draft is None:
        open_new(client, deps, trigger_id=trigger_id, team=team, user=user, channel=channel or "")
        return
    meta = FlowMeta(mode="new", step=draft.step, origin_channel=channel or draft.data.get("origin_channel", ""))
    scope = scope_from(draft.data) if draft.step > 1 else None
    weights = services.weights_for(deps.uow(), team)
    open_view(client, trigger_id, step_view(meta, draft.data, scope=scope, weights=weights), user=user, channel=channel)


def open_edit(
    client: WebClient, deps: Deps, *, trigger_id: str, team: str, user: str, ref: str, channel: str | None
) -> None:
    try:
        project = services.check_can_change(
            deps.uow(), team, ref, actor=user, is_admin=deps.is_admin(client, team, user), verb="edit"
        )
    except DomainError as exc:
        tell(client, user=user, channel=channel, text=exc.message)
        return
    data = project_data(project)
    services.save_draft(deps.uow(), team, draft_key(user, "edit"), step=1, data=data, now=deps.now())
    meta = FlowMeta(mode="edit", step=1, ref=project.ref, origin_channel=channel or "")
    open_view(client, trigger_id, step_view(meta, data, scope=None), user=user, channel=channel)


def open_form(
    client: WebClient, deps: Deps, *, kind: str, trigger_id: str, team: str, user: str, ref: str, channel: str | None
) -> None:
    """The card's small forms: stage, metric, baseline, schedule (stage and schedule need permission)."""
    verbs = {"stage": "move the stage of", "schedule": "change the check-ins of"}
    try:
        project = services.get_project(deps.uow(), team, ref)
        if kind in verbs and not project.archived:
            services.check_can_change(
                deps.uow(), team, ref, actor=user, is_admin=deps.is_admin(client, team, user), verb=verbs[kind]
            )
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
    builder = {
        "stage": forms.stage_modal,
        "metric": forms.metric_modal,
        "baseline": forms.baseline_modal,
        "schedule": forms.schedule_modal,
        "checklist": forms.checklist_modal,
    }[kind]
    open_view(client, trigger_id, builder(project), user=user, channel=channel)


def fetch_owner_timezone(client: WebClient, deps: Deps, *, team: str, key: str, owner: str) -> None:
    """Remember the owner's Slack timezone in the draft; step 5 offers it as the default."""
    try:
        tz = client.users_info(user=owner)["user"].get("tz") or "UTC"
    except SlackApiError:
        return
    draft = services.load_draft(deps.uow(), team, key)
    if draft is not None:
        services.save_draft(deps.uow(), team, key, step=draft.step, data=draft.data | {"owner_tz": tz}, now=deps.now())
