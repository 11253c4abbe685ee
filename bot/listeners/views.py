"""Modal submissions: the scoping steps and the card's forms.

The ack carries the answer (next step, field errors, or close), so validation and saving the
draft happen before it; posting and updating cards happen after, in the background. Nothing
before the ack calls Slack: permission checks use the database and the cached admin answer, and
when only Slack can say whether the person is an admin the answer is a "checking" modal and the
change is made after the ack (``answers.after_admin_check``). Refusals name only input blocks of
the submitted view, or replace it with a notice (``bot.listeners.answers``).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.flow import (
    STEPS,
    FlowMeta,
    checkin_from,
    draft_key,
    parser_for,
    project_data,
    read,
    read_choices,
    read_number,
    scope_from,
)
from bot.ids import Callback, Field
from bot.listeners import answers
from bot.listeners.openers import fetch_owner_timezone
from bot.origin import installed_team
from bot.publish import post_card, refresh_card
from bot.views.kit import esc
from bot.views.notices import done_modal, title_of
from bot.views.scoping import step_view
from domain import services
from domain.errors import DomainError, parse
from domain.lifecycle import parse_stage
from domain.model import Baseline, ChecklistItem, Project
from domain.permissions import IsAdmin
from domain.services import NewProject

# Which block shows a DomainError about a given field, in whichever step has it.
FIELD_BLOCKS = {
    "name": Field.NAME,
    "ref": Field.NAME,
    "statement": Field.STATEMENT,
    "owner_id": Field.OWNER,
    "channel_id": Field.CHANNEL,
    "metrics": Field.METRIC_NAME,
    "reason": Field.METRIC_CHANGE_REASON,
    "timezone": Field.TIMEZONE,
    "cadence": Field.CADENCE,
    "weekday": Field.WEEKDAY,
    "local_time": Field.TIME,
    "baselines": Field.BASELINE_KIND,
}
STAGE_BLOCKS = {"stage": Field.STAGE_TARGET, "reason": Field.REASON}
METRIC_BLOCKS = {"value": Field.VALUE, "note": Field.NOTE}
BASELINE_BLOCKS = {
    "kind": Field.BASELINE_KIND,
    "description": Field.BASELINE_DESCRIPTION,
    "value": Field.BASELINE_VALUE,
    "source": Field.BASELINE_SOURCE,
    "human_level": Field.HUMAN_LEVEL,
}
FLOW_GONE = "This scope was finished or discarded elsewhere. Start again with /mlproject new."


class _Flow:
    """One submission of a scoping step: where its refusals go (see ``refusal``)."""

    def __init__(self, deps: Deps, view: dict[str, Any], meta: FlowMeta, *, team: str, key: str):
        self.deps, self.view, self.meta, self.team, self.key = deps, view, meta, team, key

    def refusal(self, exc: DomainError, data: dict[str, Any], scope: Any) -> dict[str, Any]:
        """On this step's block for the error; else back at the step that asks for that field, the
        message on top (the draft remembers the step); else, for a refusal no step can fix, a notice
        (an edit's draft is discarded: it can never be saved)."""
        block = answers.block_for(self.view, exc, FIELD_BLOCKS)
        if block is not None:
            return {"response_action": "errors", "errors": {block: exc.message}}
        if exc.rule not in answers.WHOLE:
            wanted = FIELD_BLOCKS.get(answers.field_of(exc))
            weights = services.weights_for(self.deps.uow(), self.team) if wanted else None
            for step in range(1, STEPS + 1) if wanted else ():
                back = self.meta.model_copy(update={"step": step})
                shown = step_view(back, data, scope=scope if step > 1 else None, weights=weights, notice=exc.message)
                if wanted in answers.input_blocks(shown):
                    self.save(step, data)
                    return {"response_action": "update", "view": shown}
            first = answers.input_blocks(self.view)[:1]
            if first:
                return {"response_action": "errors", "errors": {first[0]: exc.message}}
        if self.meta.mode == "edit":
            services.discard_draft(self.deps.uow(), self.team, self.key)
            return answers.notice(self.view, exc.message)
        return answers.notice(
            self.view, exc.message, outcome="Your answers are kept: /mlproject new offers them again."
        )

    def refused_view(self, exc: DomainError, data: dict[str, Any], scope: Any) -> dict[str, Any]:
        """The same, shown with views.update after a late check: a field error comes back as this
        step again with the message on top."""
        answer = self.refusal(exc, data, scope)
        if answer["response_action"] == "errors":
            weights = services.weights_for(self.deps.uow(), self.team)
            return step_view(self.meta, data, scope=scope, weights=weights, notice=exc.message)
        return dict(answer["view"])

    def save(self, step: int, data: dict[str, Any], patch: dict[str, Any] | None = None) -> None:
        """This step's answers (``patch``; by default all of ``data``) merged into the draft as
        stored now (a background job may have added to it since it was read), or the whole draft
        when there is none to merge into."""
        here = {"origin_channel": self.meta.origin_channel}
        uow, now = self.deps.uow(), self.deps.now()
        changed = data if patch is None else patch
        if services.update_draft(uow, self.team, self.key, patch=changed | here, step=step, now=now) is None:
            services.save_draft(uow, self.team, self.key, step=step, data=data | here, now=now)


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.SCOPE_STEP)
    def scope_step(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team, user = installed_team(body), body["user"]["id"]
        try:
            meta = FlowMeta.load(view.get("private_metadata"))
        except DomainError as exc:
            ack(**answers.notice(view, exc.message))
            return
        key = draft_key(user, meta.mode)
        uow = deps.uow()
        draft = services.load_draft(uow, team, key)
        if draft is None and meta.step > 1:
            ack(**answers.notice(view, FLOW_GONE))
            return
        data = dict(draft.data) if draft else {}
        if draft is None and meta.mode == "edit" and meta.ref:
            # The edit's draft is saved just after its modal opens; should that have failed, the
            # project itself is what the person is editing.
            try:
                data = project_data(services.get_project(uow, team, meta.ref))
            except DomainError as exc:
                ack(**answers.notice(view, exc.message))
                return
        patch, errors = parser_for(meta.step, data, editing=meta.mode == "edit")(view["state"]["values"])
        if errors:
            ack(**answers.field_errors(view, errors))
            return
        data |= patch
        flow = _Flow(deps, view, meta, team=team, key=key)
        scope = None
        try:
            existing = services.get_project(uow, team, meta.ref) if meta.mode == "edit" and meta.ref else None
            scope = scope_from(data, baselines=existing.scope.baselines if existing else None)
            if existing is not None and meta.step == 4:
                services.metric_changed(
                    existing.scope.optimizing, scope.optimizing, reason=data.get("metric_change_reason", "")
                )
        except DomainError as exc:
            ack(**flow.refusal(exc, data, scope))
            return
        if meta.step < STEPS:
            following = meta.model_copy(update={"step": meta.step + 1})
            flow.save(following.step, data, patch)
            ack(
                response_action="update",
                view=step_view(following, data, scope=scope, weights=services.weights_for(uow, team)),
            )
            if meta.step == 1 and not data.get("checkin"):
                deps.background.submit(fetch_owner_timezone, client, deps, team=team, key=key, owner=data["owner_id"])
            return

        def publish(project: Project) -> None:
            """Post or update the card, in the background (``bot.failures`` knows this work)."""
            if meta.mode == "new":
                deps.background.submit(
                    post_card, client, deps.uow(), project, notify=user, origin_channel=meta.origin_channel or None
                )
            else:
                deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)

        def save_late(is_admin: IsAdmin) -> dict[str, Any]:
            project = _finish(deps, meta, data, scope, team=team, user=user, is_admin=is_admin)
            publish(project)
            return done_modal(title_of(view), f"Saved your changes to *{esc(project.name)}*.")

        project = answers.submit_checked(
            ack,
            client,
            deps,
            view,
            team=team,
            user=user,
            act=lambda is_admin: _finish(deps, meta, data, scope, team=team, user=user, is_admin=is_admin),
            late=save_late,
            refused=lambda exc: flow.refused_view(exc, data, scope),
            refusal=lambda exc: flow.refusal(exc, data, scope),
        )
        if project is not answers.NOT_DONE:
            ack(response_action="clear")
            publish(project)

    @app.view(Callback.STAGE)
    def stage_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")

        def move(is_admin: IsAdmin) -> Project:
            target = parse_stage(read(values, Field.STAGE_TARGET) or "")
            return services.move_stage(
                deps.uow(),
                team,
                ref,
                target,
                reason=read(values, Field.REASON) or "",
                actor=user,
                now=deps.now(),
                is_admin=is_admin,
            )

        def move_late(is_admin: IsAdmin) -> dict[str, Any]:
            project = move(is_admin)
            deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)
            return done_modal(title_of(view), f"Moved *{esc(project.name)}* to {project.stage.label}.")

        moved = answers.submit_checked(
            ack,
            client,
            deps,
            view,
            team=team,
            user=user,
            act=move,
            late=move_late,
            refused=lambda exc: answers.notice_view(view, exc.message),
            refusal=lambda exc: answers.refusal(view, exc, blocks=STAGE_BLOCKS),
        )
        if moved is not answers.NOT_DONE:
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
            ack(**answers.field_errors(view, errors))
            return
        try:
            services.record_metric(
                deps.uow(), team, ref, value, note=read(values, Field.NOTE), actor=user, now=deps.now()
            )
        except DomainError as exc:
            ack(**answers.refusal(view, exc, blocks=METRIC_BLOCKS))
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
            ack(**answers.field_errors(view, errors))
            return
        try:
            services.set_checklist(
                deps.uow(), team, ref, {ChecklistItem(c) for c in chosen}, actor=user, now=deps.now()
            )
        except DomainError as exc:
            ack(**answers.refusal(view, exc, blocks={}))
            return
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
            ack(**answers.field_errors(view, errors))
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
            # The model's own check (a human baseline needs its level) names no field.
            about_humans = exc.field is None and "human" in exc.message
            ack(
                **answers.refusal(
                    view, exc, blocks=BASELINE_BLOCKS, fallback=Field.HUMAN_LEVEL if about_humans else None
                )
            )
            return
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), team, ref)


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
        return services.create_project(deps.uow(), new, now=now, finishing_draft=draft_key(user, meta.mode))
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
        finishing_draft=draft_key(user, meta.mode),
    )
