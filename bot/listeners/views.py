"""Modal submissions: the scoping steps and the card's forms.

The ack carries the answer (next step, field errors, or close), so validation and saving the
draft happen before it; posting and updating cards happen after, in the background.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.flow import STEPS, FlowMeta, checkin_from, draft_key, parser_for, read, read_choices, read_number, scope_from
from bot.ids import Callback, Field
from bot.listeners.openers import fetch_owner_timezone
from bot.origin import installed_team
from bot.publish import post_card, refresh_card
from bot.views.scoping import step_view
from domain import services
from domain.errors import DomainError, parse
from domain.lifecycle import parse_stage
from domain.model import Baseline, ChecklistItem
from domain.services import NewProject

# Which block shows a DomainError about a given field.
FIELD_BLOCKS = {
    "name": Field.NAME,
    "ref": Field.NAME,
    "statement": Field.STATEMENT,
    "owner_id": Field.OWNER,
    "channel_id": Field.CHANNEL,
    "metrics": Field.METRIC_NAME,
    "reason": Field.METRIC_CHANGE_REASON,
    "timezone": Field.TIMEZONE,
    "baselines": Field.BASELINE_KIND,
}


def _block_for(error: DomainError, default: str, mapping: dict[str, str] | None = None) -> str:
    field = (error.field or "").split(".")[0]
    return (mapping or FIELD_BLOCKS).get(field, default)


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.SCOPE_STEP)
    def scope_step(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team, user = installed_team(body), body["user"]["id"]
        meta = FlowMeta.load(view.get("private_metadata"))
        key = draft_key(user, meta.mode)
        uow = deps.uow()
        draft = services.load_draft(uow, team, key)
        if draft is None and meta.step > 1:
            ack(
                response_action="errors",
                errors={
                    _first_input(
                        view
                    ): "This scope was finished or discarded elsewhere. Close this and start again with /mlproject new."
                },
            )
            return
        data = dict(draft.data) if draft else {}
        patch, errors = parser_for(meta.step, data, editing=meta.mode == "edit")(view["state"]["values"])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        data |= patch
        existing = services.get_project(uow, team, meta.ref) if meta.mode == "edit" and meta.ref else None
        try:
            scope = scope_from(data, baselines=existing.scope.baselines if existing else None)
            if existing is not None and meta.step == 4:
                services.metric_changed(
                    existing.scope.optimizing, scope.optimizing, reason=data.get("metric_change_reason", "")
                )
        except DomainError as exc:
            ack(response_action="errors", errors={_block_for(exc, _first_input(view)): exc.message})
            return
        if meta.step < STEPS:
            following = meta.model_copy(update={"step": meta.step + 1})
            services.save_draft(
                uow, team, key, step=following.step, data=data | {"origin_channel": meta.origin_channel}, now=deps.now()
            )
            ack(
                response_action="update",
                view=step_view(following, data, scope=scope, weights=services.weights_for(uow, team)),
            )
            if meta.step == 1 and not data.get("checkin"):
                deps.background.submit(fetch_owner_timezone, client, deps, team=team, key=key, owner=data["owner_id"])
            return
        try:
            project = _finish(deps, meta, data, scope, team=team, user=user, is_admin=deps.is_admin(client, team, user))
        except DomainError as exc:
            ack(response_action="errors", errors={_block_for(exc, _first_input(view)): exc.message})
            return
        services.discard_draft(uow, team, key)
        ack(response_action="clear")
        if meta.mode == "new":
            deps.background.submit(
                post_card, client, deps.uow(), project, notify=user, origin_channel=meta.origin_channel or None
            )
        else:
            deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)

    @app.view(Callback.STAGE)
    def stage_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")
        try:
            target = parse_stage(read(values, Field.STAGE_TARGET) or "")
            services.move_stage(
                deps.uow(),
                team,
                ref,
                target,
                reason=read(values, Field.REASON) or "",
                actor=user,
                now=deps.now(),
                is_admin=deps.is_admin(client, team, user),
            )
        except DomainError as exc:
            ack(
                response_action="errors",
                errors={_block_for(exc, Field.STAGE_TARGET, {"reason": Field.REASON}): exc.message},
            )
            return
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), team, ref)

    @app.view(Callback.METRIC)
    def metric_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")
        errors: dict[str, str] = {}
        value = read_number(values, Field.VALUE, errors)
        if value is None and not errors:
            errors[Field.VALUE] = "Enter the metric's current value."
        if errors or value is None:
            ack(response_action="errors", errors=errors)
            return
        try:
            services.record_metric(
                deps.uow(), team, ref, value, note=read(values, Field.NOTE), actor=user, now=deps.now()
            )
        except DomainError as exc:
            ack(response_action="errors", errors={_block_for(exc, Field.VALUE, {"note": Field.NOTE}): exc.message})
            return
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), team, ref)

    @app.view(Callback.CHECKLIST)
    def checklist_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")
        errors: dict[str, str] = {}
        known = {i.value for i in ChecklistItem}
        stale = "This form is out of date: open the checklist again."
        chosen = read_choices(view["state"]["values"], Field.CHECKLIST, known, errors, unknown=stale)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        services.set_checklist(deps.uow(), team, ref, {ChecklistItem(c) for c in chosen}, actor=user, now=deps.now())
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), team, ref)

    @app.view(Callback.BASELINE)
    def baseline_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")
        errors: dict[str, str] = {}
        value = read_number(values, Field.BASELINE_VALUE, errors)
        kind = read(values, Field.BASELINE_KIND)
        if kind != "human" and read(values, Field.HUMAN_LEVEL):
            errors[Field.HUMAN_LEVEL] = "Only a human baseline has a human level; clear it or change the kind."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        raw = {
            "kind": kind,
            "description": read(values, Field.BASELINE_DESCRIPTION) or "",
            "value": value,
            "source": read(values, Field.BASELINE_SOURCE) or "",
            "human_level": read(values, Field.HUMAN_LEVEL),
        }
        try:
            services.add_baseline(deps.uow(), team, ref, parse(Baseline, raw), actor=user, now=deps.now())
        except DomainError as exc:
            mapping = {
                "description": Field.BASELINE_DESCRIPTION,
                "human_level": Field.HUMAN_LEVEL,
                "source": Field.BASELINE_SOURCE,
            }
            ack(
                response_action="errors",
                errors={
                    _block_for(
                        exc, Field.HUMAN_LEVEL if "human" in exc.message else Field.BASELINE_KIND, mapping
                    ): exc.message
                },
            )
            return
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), team, ref)


def _first_input(view: dict[str, Any]) -> str:
    return next((b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"), Field.NAME)


def _finish(
    deps: Deps, meta: FlowMeta, data: dict[str, Any], scope: Any, *, team: str, user: str, is_admin: Any
) -> Any:
    now = deps.now()
    checkin = checkin_from(data, anchor=now)
    if meta.mode == "new":
        new = NewProject(
            team_id=team,
            name=data["name"],
            owner_id=data["owner_id"],
            creator_id=user,
            statement=data.get("statement", ""),
            channel_id=data["channel_id"],
            scope=scope,
            checkin=checkin,
        )
        return services.create_project(deps.uow(), new, now=now)
    assert meta.ref is not None
    return services.update_project(
        deps.uow(),
        team,
        meta.ref,
        actor=user,
        now=now,
        name=data["name"],
        statement=data.get("statement", ""),
        owner_id=data["owner_id"],
        channel_id=data["channel_id"],
        scope=scope,
        checkin=checkin,
        clear_checkin=checkin is None,
        metric_change_reason=data.get("metric_change_reason", ""),
        is_admin=is_admin,
    )
