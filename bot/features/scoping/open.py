"""Opening the scoping modal after the ack: a new scope, the offer to resume an unfinished one,
resuming it, editing a project (``bot.slack.modals`` says why views.open comes first). Also the
owner's timezone, fetched for step 5 while the person answers the others."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.features.scoping.blocks import resume_message, step_view
from bot.features.scoping.drafts import project_data, scope_from
from bot.features.scoping.meta import FlowMeta, draft_key
from bot.slack import failures
from bot.slack.modals import open_checked, open_view
from bot.slack.origin import Origin
from domain import draft_use_cases, workspace_use_cases
from domain.project import Project


def open_new(client: WebClient, deps: Deps, origin: Origin, *, name: str = "") -> None:
    """Step 1 of a new scope, prefilled with the caller as owner and this channel as home."""
    channel = origin.channel or ""
    meta = FlowMeta(mode="new", step=1, origin_channel=channel)
    data = {"name": name, "owner_id": origin.user, "channel_id": channel if channel.startswith(("C", "G")) else ""}
    open_view(client, origin.trigger_id, step_view(meta, data, scope=None), user=origin.user, channel=channel)


def start_new(client: WebClient, respond: Respond, deps: Deps, origin: Origin, *, name: str) -> None:
    """``/mlproject new``: step 1, or, if the caller left a scope unfinished, the offer to resume it.

    Runs after the ack, which therefore reads nothing: the draft check was the only database read
    between Slack's request and its answer. The offer goes out through the command's response_url,
    as the ephemeral reply it used to be.
    """
    draft = draft_use_cases.load_draft(deps.uow(), origin.team, draft_key(origin.user, "new"))
    if draft is not None:
        respond(**resume_message(str(draft.data.get("name", "")), draft.step))
        return
    open_new(client, deps, origin, name=name)


def open_resume(client: WebClient, deps: Deps, origin: Origin) -> None:
    """The unfinished scope at the step it was left at, or a new one."""
    uow = deps.uow()
    draft = draft_use_cases.load_draft(uow, origin.team, draft_key(origin.user, "new"))
    if draft is None:
        open_new(client, deps, origin)
        return
    meta = FlowMeta(mode="new", step=draft.step, origin_channel=origin.channel or draft.data.get("origin_channel", ""))
    scope = scope_from(draft.data) if draft.step > 1 else None
    shown = step_view(meta, draft.data, scope=scope, weights=workspace_use_cases.weights_for(uow, origin.team))
    open_view(client, origin.trigger_id, shown, user=origin.user, channel=origin.channel)


def open_edit(client: WebClient, deps: Deps, origin: Origin, *, ref: str, step: int = 1) -> None:
    """The scoping flow at ``step`` (1, or 4 for the metric after a check-in's loop-back), prefilled
    from the project; its draft is saved once it is open, unless that step was submitted first
    (then its answers are the draft: not overwritten)."""

    def first(project: Project) -> dict[str, Any]:
        meta = FlowMeta(mode="edit", step=step, ref=project.ref, origin_channel=origin.channel or "")
        data = project_data(project)
        scope = scope_from(data) if step > 1 else None
        return step_view(meta, data, scope=scope, weights=workspace_use_cases.weights_for(deps.uow(), origin.team))

    key = draft_key(origin.user, "edit")
    before = draft_use_cases.load_draft(deps.uow(), origin.team, key)  # an earlier edit's, left unfinished
    project = open_checked(client, deps, origin, ref=ref, verb="edit", title="Edit project", build=first)
    if project is not None:
        data, now = project_data(project), deps.now()
        draft_use_cases.start_draft(deps.uow(), origin.team, key, step=step, data=data, now=now, over=before)


@failures.after_save(None)  # step 5 then offers UTC
def fetch_owner_timezone(client: WebClient, deps: Deps, *, team: str, key: str, owner: str) -> None:
    """Remember the owner's Slack timezone in the draft; step 5 offers it as the default."""
    try:
        tz = client.users_info(user=owner)["user"].get("tz") or "UTC"
    except SlackApiError:
        return
    draft_use_cases.update_draft(deps.uow(), team, key, patch={"owner_tz": tz}, now=deps.now())
