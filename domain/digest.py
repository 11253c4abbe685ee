"""The digest team leads read: the ranked portfolio, what changed, what needs attention.

Pure: ``build_digest`` takes projects, the history since the channel's last digest, and each
project's check-in state, and returns plain data that a view can render within Slack's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from domain import attention, edit_moves
from domain.assessment import Assessment, assess_ranked
from domain.attention import DEFAULT_STUCK_AFTER
from domain.checkin_health import CheckinState, Health, health
from domain.checkins import CheckinNote, Inputs, OpenBlocker
from domain.errors import DomainError
from domain.lifecycle import ORDER
from domain.mentions import USER
from domain.model import Stage
from domain.ports import Change
from domain.project import Project
from domain.ranking import Ranked, rank
from domain.scoring import Quadrant, ScoringWeights
from domain.trend import Movement, movement_since
from domain.worth_inputs import DEFAULT_CURRENCY

DEFAULT_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class DigestFilter:
    """An optional scope: one stage, one owner, or one quadrant."""

    stage: Stage | None = None
    owner_id: str | None = None
    quadrant: Quadrant | None = None

    def matches(self, entry: Ranked) -> bool:
        p = entry.project
        return (
            (self.stage is None or p.stage is self.stage)
            and (self.owner_id is None or p.problem.owner_id == self.owner_id)
            and (self.quadrant is None or entry.priority.quadrant is self.quadrant)
        )

    def describe(self) -> str:
        if self.stage:
            return f"stage {self.stage.value}"
        if self.owner_id:
            return f"owner <@{self.owner_id}>"
        if self.quadrant:
            return f"quadrant {self.quadrant.label}"
        return "all projects"

    def encode(self) -> str:
        return (
            self.stage.value
            if self.stage
            else (f"<@{self.owner_id}>" if self.owner_id else (self.quadrant.value if self.quadrant else ""))
        )


def scope_key(text: str) -> str:
    """A digest's scope as its channel's "changes since" point is kept under: a filtered digest
    never moves a full one's (issue 19). Text no longer a filter counts as the whole portfolio."""
    try:
        return parse_filter(text).encode()
    except DomainError:
        return ""


def parse_filter(text: str, *, caller: str | None = None) -> DigestFilter:
    """``training`` · ``<@U123>`` · ``mine`` · ``do-now``/``quick_win``… or nothing."""
    word = text.strip()
    if not word or word == "all":
        return DigestFilter()
    lowered = word.lower().replace("-", "_")
    if lowered in {s.value for s in ORDER}:
        return DigestFilter(stage=Stage(lowered))
    if lowered in {q.value for q in Quadrant}:
        return DigestFilter(quadrant=Quadrant(lowered))
    if lowered == "mine" and caller:
        return DigestFilter(owner_id=caller)
    mention = USER.fullmatch(word)
    if mention:
        return DigestFilter(owner_id=mention.group(1))
    stages = ", ".join(s.value for s in ORDER)
    quadrants = ", ".join(q.value.replace("_", "-") for q in Quadrant)
    raise DomainError(
        f"“{word[:40]}” is not a digest filter: use a stage ({stages}), a quadrant ({quadrants}), mine, or @someone.",
        field="filter",
        rule="unknown_filter",
    )


@dataclass(frozen=True)
class LineNote:
    """What a project's digest line quotes: the latest check-in note, or its data plan if newer."""

    kind: str  # note | data plan
    text: str
    by: str
    at: datetime


def _line_note(project: Project, note: CheckinNote | None) -> LineNote | None:
    plan = project.data_plan
    if plan is not None and (note is None or plan.at >= note.at):
        return LineNote("data plan", plan.text, plan.actor, plan.at)
    return LineNote("note", note.text, note.user_id, note.at) if note else None


@dataclass(frozen=True)
class Entry:
    ranked: Ranked
    health: Health
    inputs: Inputs = Inputs()  # effort reported at the latest check-in
    movement: Movement | None = None  # the current metric since the channel's last digest
    blockers: tuple[attention.Blocker, ...] = ()  # open: reported at a check-in, not yet resolved
    note: LineNote | None = None  # the latest check-in note, or the data plan if newer

    @cached_property
    def assessment(self) -> Assessment:
        return assess_ranked(self.ranked)


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # new | moved | loop_back | metric | metric_changed | archived
    ref: str
    name: str
    text: str
    by: str | None = None  # who, when the line names a person (a Slack user id)


@dataclass(frozen=True)
class Attention:
    ref: str
    name: str
    reason: str


@dataclass
class Digest:
    team_id: str
    since: datetime
    now: datetime
    scope: DigestFilter
    entries: list[Entry] = field(default_factory=list)
    changes: list[ChangeLine] = field(default_factory=list)
    attention: list[Attention] = field(default_factory=list)
    total_in_workspace: int = 0
    currency: str = DEFAULT_CURRENCY  # the workspace's, for what a model is worth

    @property
    def empty(self) -> bool:
        return not self.entries


def _changes(
    history: list[Change], projects: dict[int, Project], in_scope: set[int], since: datetime
) -> list[ChangeLine]:
    lines: list[ChangeLine] = []
    metric_moves: dict[int, None] = {}  # projects whose metric may have moved or changed, in order
    for change in history:
        pid = change.project_id
        if pid is None or pid not in projects or pid not in in_scope:
            continue
        p = projects[pid]
        if change.action == "created":
            lines.append(ChangeLine("new", p.ref, p.name, "new project"))
        elif change.action == "stage_moved":
            loop = bool(change.detail.get("loop_back"))
            arrow = f"{change.detail.get('from_stage')} → {change.detail.get('to_stage')}"
            reason = f": {change.detail.get('reason')}" if loop and change.detail.get("reason") else ""
            lines.append(
                ChangeLine(
                    "loop_back" if loop else "moved",
                    p.ref,
                    p.name,
                    ("↩️ looped back " if loop else "moved ") + arrow + reason,
                )
            )
        elif change.action in ("metric_recorded", "edited"):
            metric_moves.setdefault(pid, None)  # read from the project: its changes, its current series
            lines += [ChangeLine("edited", p.ref, p.name, text) for text in edit_moves.describe(change.detail)]
        elif change.action == "archived":
            lines.append(ChangeLine("archived", p.ref, p.name, "archived"))
        elif change.action == "data_plan_saved":
            said = "data plan revised" if change.detail.get("revised") else "data plan added"
            lines.append(ChangeLine("data_plan", p.ref, p.name, said, by=change.actor))
    for pid in metric_moves:
        lines += _metric_lines(projects[pid], since)
    return lines


def _metric_lines(p: Project, since: datetime) -> list[ChangeLine]:
    """Since the last digest: each change of the metric (from what, to what, why), then how the
    current metric moved (readings of an earlier definition are not compared with it)."""
    lines = []
    for c in (c for c in p.metric_changes if c.at > since):
        what = "metric changed" if c.new_series else "target moved"
        text = f"{what} from {c.previous or '—'} to {c.current} on {c.at:%Y-%m-%d}: {c.reason}"
        lines.append(ChangeLine("metric_changed", p.ref, p.name, text, by=c.actor))
    name = p.scope.optimizing.name if p.scope.optimizing else "metric"
    unit = p.scope.optimizing.unit if p.scope.optimizing else ""  # plain text: the line is escaped where shown
    moved = movement_since(p, since)
    if moved is not None:
        lines.append(ChangeLine("metric", p.ref, p.name, f"{name} {moved.describe(unit)}"))
    elif any(r.at > since for r in p.series_readings):  # the first reading of this metric
        first = f"{p.series_readings[-1].value:g}{' ' + unit if unit else ''}"
        lines.append(ChangeLine("metric", p.ref, p.name, f"{name} {first} (first reading)"))
    return lines


def _attention(entry: Entry, now: datetime, stuck_after: timedelta, quiet_after: timedelta) -> list[str]:
    p = entry.ranked.project
    return attention.reasons(
        p, entry.assessment, entry.health, entry.blockers, now, stuck_after=stuck_after, quiet_after=quiet_after
    )


@dataclass(frozen=True)
class Said:
    """What people said at check-ins, beyond the latest one's answers: every blocker still open
    (``None``: only the latest check-in's are known) and each project's latest note."""

    open_blockers: dict[int, list[OpenBlocker]] | None = None
    notes: dict[int, CheckinNote] = field(default_factory=dict)

    def blockers(self, project_id: int, state: CheckinState | None) -> tuple[attention.Blocker, ...]:
        if self.open_blockers is not None:
            return tuple(
                attention.Blocker(b.user_id, b.text.strip(), b.reported_at)
                for b in self.open_blockers.get(project_id, [])
                if b.text.strip()
            )
        return tuple(
            attention.Blocker(x.user_id, x.blockers.strip(), x.updated_at)
            for x in (state.responses if state else ())
            if x.blockers.strip() and x.updated_at is not None
        )


def _entry(r: Ranked, state: CheckinState | None, since: datetime, said: Said) -> Entry:
    inputs = Inputs.of(state.responses) if state else Inputs()
    pid = r.project.id or 0
    blockers = said.blockers(pid, state)
    note = _line_note(r.project, said.notes.get(pid))
    return Entry(r, health(r.project, state), inputs, movement_since(r.project, since), blockers, note)


def build_digest(
    team_id: str,
    projects: list[Project],
    *,
    archived: list[Project],
    history: list[Change],
    checkins: dict[int, CheckinState],
    since: datetime,
    now: datetime,
    scope: DigestFilter | None = None,
    weights: ScoringWeights | None = None,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
    quiet_after: timedelta = attention.QUIET_AFTER,
    currency: str = DEFAULT_CURRENCY,
    said: Said | None = None,
) -> Digest:
    scope, said = scope or DigestFilter(), said or Said()
    ranked = rank(projects, weights)
    entries = [_entry(r, checkins.get(r.project.id or 0), since, said) for r in ranked if scope.matches(r)]
    everyone = {p.id: p for p in projects + archived if p.id is not None}
    scoped_ids = {e.ranked.project.id for e in entries if e.ranked.project.id is not None}
    scoped_ids |= {
        p.id
        for p in archived
        if p.id is not None and (scope.owner_id in (None, p.problem.owner_id)) and scope.stage in (None, p.stage)
    }
    attention = [
        Attention(e.ranked.project.ref, e.ranked.project.name, "; ".join(r))
        for e in entries
        if (r := _attention(e, now, stuck_after, quiet_after))
    ]
    return Digest(
        team_id=team_id,
        since=since,
        now=now,
        scope=scope,
        entries=entries,
        changes=_changes(history, everyone, scoped_ids, since),
        attention=attention,
        total_in_workspace=len(projects),
        currency=currency,
    )
