"""One submitted step of the scoping modal: what it carries, the draft it continues, where its
refusals go, and the project it creates or changes once the last step is submitted.

Refusals name only input blocks of the submitted view (``bot.slack.refusals``); the scoping flow
adds one way: an error about a field of another step goes back to that step, the message on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.deps import Deps
from bot.features.scoping.blocks import step_view
from bot.features.scoping.drafts import checkin_from, project_data, scope_from
from bot.features.scoping.meta import STEPS, FlowMeta, draft_key
from bot.features.scoping.parse import parser_for
from bot.slack import refusals
from bot.slack.forms import Errors
from bot.slack.ids import Field
from bot.slack.origin import Origin
from domain import draft_use_cases, project_queries, workspace_use_cases
from domain.errors import DomainError
from domain.model import Scope
from domain.permissions import IsAdmin
from domain.project import Project, metric_changed
from domain.project_use_cases import Edit, NewProject

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
FLOW_GONE = "This scope was finished or discarded elsewhere. Start again with /mlproject new."


@dataclass
class ScopingStep:
    deps: Deps
    origin: Origin
    view: dict[str, Any]
    meta: FlowMeta
    data: dict[str, Any] = field(default_factory=dict)
    patch: dict[str, Any] = field(default_factory=dict)  # what this step's inputs added to the answers
    scope: Scope | None = None
    before: Project | None = None  # an edit's project as it was when this step was checked

    @classmethod
    def submitted(cls, deps: Deps, origin: Origin, view: dict[str, Any]) -> ScopingStep:
        """The step and the answers so far; a ``DomainError`` when the form is stale or its draft gone."""
        step = cls(deps, origin, view, FlowMeta.of_view(view))
        draft = draft_use_cases.load_draft(deps.uow(), origin.team, step.key)
        if draft is None and step.meta.step > 1:
            raise DomainError(FLOW_GONE, rule="stale_view")
        step.data = dict(draft.data) if draft else {}
        if draft is None and step.meta.mode == "edit" and step.meta.ref:
            # The edit's draft is saved just after its modal opens; should that have failed, the
            # project itself is what the person is editing.
            step.data = project_data(project_queries.get_project(deps.uow(), origin.team, step.meta.ref))
        return step

    @property
    def key(self) -> str:
        return draft_key(self.origin.user, self.meta.mode)

    @property
    def last(self) -> bool:
        return self.meta.step >= STEPS

    def parse(self) -> Errors:
        """Read this step's inputs into the answers; the field errors, if any."""
        parser = parser_for(self.meta.step, self.data, editing=self.meta.mode == "edit")
        patch, errors = parser(self.view["state"]["values"])
        if not errors:
            self.data |= patch
            self.patch = patch
        return errors

    def check(self) -> None:
        """The scope the answers describe so far, checked (``DomainError``); an edit's step 4 also
        checks that a changed optimizing metric says why."""
        existing = self.before = self._existing()
        self.scope = scope_from(self.data, baselines=existing.scope.baselines if existing else None)
        if existing is not None and self.meta.step == 4:
            reason = self.data.get("metric_change_reason", "")
            metric_changed(existing.scope.optimizing, self.scope.optimizing, reason=reason)

    def _existing(self) -> Project | None:
        if self.meta.mode == "edit" and self.meta.ref:
            return project_queries.get_project(self.deps.uow(), self.origin.team, self.meta.ref)
        return None

    def next_view(self) -> dict[str, Any]:
        """Save the answers and show the next step."""
        following = self.meta.model_copy(update={"step": self.meta.step + 1})
        self.save(following.step, self.patch)
        weights = workspace_use_cases.weights_for(self.deps.uow(), self.origin.team)
        return step_view(following, self.data, scope=self.scope, weights=weights)

    def save(self, step: int, patch: dict[str, Any]) -> None:
        """``patch`` merged into the draft as stored now (a background job may have added to it
        since it was read: no lost update), or the whole answers when there is no draft to merge into."""
        here = {"origin_channel": self.meta.origin_channel}
        uow, now, team = self.deps.uow(), self.deps.now(), self.origin.team
        if draft_use_cases.update_draft(uow, team, self.key, patch=patch | here, step=step, now=now) is None:
            draft_use_cases.save_draft(uow, team, self.key, step=step, data=self.data | here, now=now)

    def finish(self, is_admin: IsAdmin) -> Project:
        """Create the project, or save the edit, and discard the draft: one unit of work."""
        now = self.deps.now()
        outcome = self._outcome(checkin_from(self.data, anchor=now))
        return draft_use_cases.finish_scoping(
            self.deps.uow(), self.origin.team, self.key, outcome, actor=self.origin.user, now=now, ref=self.meta.ref,
            is_admin=is_admin,
        )  # fmt: skip

    def _outcome(self, checkin: Any) -> NewProject | Edit:
        data, scope = self.data, self.scope
        assert scope is not None
        if self.meta.mode == "new":
            return NewProject(
                team_id=self.origin.team, name=data["name"], owner_id=data["owner_id"], creator_id=self.origin.user,
                statement=data.get("statement", ""), channel_id=data["channel_id"], scope=scope, checkin=checkin,
            )  # fmt: skip
        return Edit(
            name=data["name"], statement=data.get("statement", ""), owner_id=data["owner_id"],
            channel_id=data["channel_id"], scope=scope, checkin=checkin, clear_checkin=checkin is None,
            metric_change_reason=data.get("metric_change_reason", ""),
        )  # fmt: skip

    def refusal(self, exc: DomainError) -> dict[str, Any]:
        """On this step's block for the error; else back at the step that asks for that field, the
        message on top (the draft remembers the step); else, for a refusal no step can fix, a notice
        (an edit's draft is discarded: it can never be saved)."""
        block = refusals.block_for(self.view, exc, FIELD_BLOCKS)
        if block is not None:
            return {"response_action": "errors", "errors": {block: exc.message}}
        if exc.rule not in refusals.WHOLE:
            back = self._back_to_its_step(exc)
            if back is not None:
                return back
        if self.meta.mode == "edit":
            draft_use_cases.discard_draft(self.deps.uow(), self.origin.team, self.key)
            return refusals.notice(self.view, exc.message)
        if isinstance(exc, draft_use_cases.DraftGone):  # finished elsewhere: no answers are left to offer again
            return refusals.notice(self.view, exc.message)
        kept = "Your answers are kept: /mlproject new offers them again."
        return refusals.notice(self.view, exc.message, outcome=kept)

    def _back_to_its_step(self, exc: DomainError) -> dict[str, Any] | None:
        wanted = FIELD_BLOCKS.get(refusals.field_of(exc))
        weights = workspace_use_cases.weights_for(self.deps.uow(), self.origin.team) if wanted else None
        for step in range(1, STEPS + 1) if wanted else ():
            back = self.meta.model_copy(update={"step": step})
            scope = self.scope if step > 1 else None
            shown = step_view(back, self.data, scope=scope, weights=weights, notice=exc.message)
            if wanted in refusals.input_blocks(shown):
                self.save(step, self.data)
                return {"response_action": "update", "view": shown}
        first = refusals.input_blocks(self.view)[:1]
        return {"response_action": "errors", "errors": {first[0]: exc.message}} if first else None

    def refused_view(self, exc: DomainError) -> dict[str, Any]:
        """The same, shown with views.update after a late check: a field error comes back as this
        step again with the message on top."""
        answer = self.refusal(exc)
        if answer["response_action"] == "errors":
            weights = workspace_use_cases.weights_for(self.deps.uow(), self.origin.team)
            return step_view(self.meta, self.data, scope=self.scope, weights=weights, notice=exc.message)
        return dict(answer["view"])
