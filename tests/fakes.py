"""A fake unit of work: in-memory repositories implementing ``domain.ports``, for use-case tests.

As in Cosmic Python: a use case's rules are tested against these in microseconds, and the real
repositories are tested against SQLite and PostgreSQL for what only storage can get wrong
(round trips, queries, locks, caches). Like the real one, the fake is transactional: a unit of
work works on a copy of the committed state and publishes it only on ``commit()``, so "a refusal
writes nothing" can be tested here too. ``store.uow(fail_commit=...)`` makes commits fail (all of
them, or those a predicate picks), to test that a use case's writes land together or not at all.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Self

from domain.errors import ConcurrentChange
from domain.gate import failed
from domain.metrics import MetricReading
from domain.ports import Change, Draft
from domain.project import Project
from domain.project_worth import monthly_value
from domain.ranking import rank
from domain.reading_head import ReadingHead
from domain.scoring import ScoringWeights
from domain.summary import Page, ProjectSummary
from domain.visibility import DEFAULT_VISIBILITY, Visibility

FailWhen = bool | Callable[["FakeUnitOfWork"], bool]  # True: every commit fails; a predicate: those it picks


class CommitFailed(RuntimeError):
    """The fake's stand-in for a database refusing a commit (connection lost, serialization failure)."""


@dataclass
class State:
    """Everything a workspace stores, as the fake keeps it."""

    projects: dict[int, Project] = field(default_factory=dict)
    history: list[Change] = field(default_factory=list)
    drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)
    weights: dict[str, ScoringWeights] = field(default_factory=dict)
    visibility: dict[str, Visibility] = field(default_factory=dict)
    currency: dict[str, str] = field(default_factory=dict)
    holidays: dict[str, list[date]] = field(default_factory=dict)
    stale_readings: dict[str, int] = field(default_factory=dict)
    leads: dict[str, set[str]] = field(default_factory=dict)
    next_id: int = 1


class FakeStore:
    """The committed state, shared by every unit of work made from it (as a database is)."""

    def __init__(self) -> None:
        self.state = State()
        self.commits = 0

    def uow(self, *, fail_commit: FailWhen = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self, fail_commit=fail_commit)


class FakeProjectRepository:
    def __init__(self, state: State):
        self._state = state

    def add(self, project: Project) -> Project:
        stored = project.model_copy(deep=True, update={"id": self._state.next_id})
        self._state.next_id += 1
        self._state.projects[stored.id or 0] = stored
        return stored.model_copy(deep=True)

    def _of(self, team_id: str) -> list[Project]:
        return [p for p in self._state.projects.values() if p.team_id == team_id]

    def get(self, team_id: str, ref: str) -> Project | None:
        found = next((p for p in self._of(team_id) if p.ref == ref), None)
        return found.model_copy(deep=True) if found else None

    def get_by_id(self, team_id: str, project_id: int) -> Project | None:
        found = self._state.projects.get(project_id)
        return found.model_copy(deep=True) if found and found.team_id == team_id else None

    def by_ids(self, project_ids: list[int]) -> dict[int, Project]:
        return {i: self._state.projects[i].model_copy(deep=True) for i in project_ids if i in self._state.projects}

    def list(self, team_id: str, *, include_archived: bool = False, owner_id: str | None = None) -> list[Project]:
        return [
            p.model_copy(deep=True)
            for p in self._of(team_id)
            if (include_archived or not p.archived) and owner_id in (None, p.problem.owner_id)
        ]

    def archived(self, team_id: str, *, limit: int) -> tuple[list[Project], int]:
        found = sorted((p for p in self._of(team_id) if p.archived), key=lambda p: (p.updated_at, p.id or 0), reverse=True)
        return [p.model_copy(deep=True) for p in found[:limit]], len(found)

    def refs(self, team_id: str) -> list[str]:
        return sorted(p.ref for p in self._of(team_id))

    def save(self, project: Project) -> None:
        assert project.id in self._state.projects, "save() is for a project that was added"
        self._state.projects[project.id] = project.model_copy(deep=True)

    def rescore(self, team_id: str, weights: ScoringWeights) -> None:
        """Scores are computed when read here; nothing is stored to refresh."""

    def reading_head(self, team_id: str, ref: str, *, run_id: str | None = None) -> ReadingHead | None:
        found = self.get(team_id, ref)
        if found is None or found.id is None:
            return None
        replay = next((r for r in found.readings if run_id and r.run_id == run_id), None)
        return ReadingHead(found.id, team_id, found.ref, found.archived, found.scope.optimizing, found.metric_series,
                           found.current_value, len(found.readings), 0, found.card_ts, replay)  # fmt: skip

    def append_reading(self, head: ReadingHead, reading: MetricReading) -> None:
        stored = self._state.projects[head.id]
        stored.readings.append(reading)
        stored.updated_at = reading.at

    def card(self, team_id: str, ref: str) -> tuple[Project, ScoringWeights, str | None] | None:
        project = self.get(team_id, ref)
        weights = self._state.weights.get(team_id, ScoringWeights())
        return (project, weights, self._state.currency.get(team_id)) if project else None

    def summaries(
        self, team_id: str, *, owner_id: str | None = None, stage: Any = None, limit: int | None = None
    ) -> Page:
        ranked = rank(self.list(team_id), self._state.weights.get(team_id, ScoringWeights()))
        kept = [r for r in ranked if owner_id in (None, r.project.problem.owner_id) and stage in (None, r.project.stage)]
        items = [
            ProjectSummary(
                rank=r.rank,
                ref=r.project.ref,
                name=r.project.name,
                owner_id=r.project.problem.owner_id,
                stage=r.project.stage,
                impact=r.priority.impact.value,
                feasibility=r.priority.feasibility.value,
                quadrant=r.priority.quadrant,
                metric_name=r.project.scope.optimizing.name if r.project.scope.optimizing else None,
                metric_target=r.project.scope.optimizing.target if r.project.scope.optimizing else None,
                current_value=r.project.current_value,
                metric_unit=r.project.scope.optimizing.unit if r.project.scope.optimizing else "",
                gate_failed=tuple(failed(r.project.scope.gate)),
                rated=(r.priority.impact.rated, r.priority.feasibility.rated),
                worth=monthly_value(r.project.scope),
            )
            for r in kept
        ]
        currency = self._state.currency.get(team_id) or "EUR"
        return Page(len(items), items if limit is None else items[:limit], currency)


class FakeHistoryRepository:
    def __init__(self, state: State):
        self._state = state

    def add(self, change: Change) -> None:
        self._state.history.append(change)

    def for_project(self, team_id: str, project_id: int) -> list[Change]:
        return [c for c in self._state.history if c.team_id == team_id and c.project_id == project_id]

    def recorded_since(self, team_id: str, project_id: int, since: Any) -> list[Change]:
        return [c for c in self.for_project(team_id, project_id) if c.action == "metric_recorded" and c.at >= since]


class FakeDraftRepository:
    def __init__(self, state: State):
        self._state = state

    def get(self, team_id: str, user_id: str) -> Draft | None:
        return copy.deepcopy(self._state.drafts.get((team_id, user_id)))

    def put(self, draft: Draft) -> None:
        self._state.drafts[(draft.team_id, draft.user_id)] = copy.deepcopy(draft)

    def create(self, draft: Draft) -> None:
        """Insert-if-absent, as storage does."""
        if (draft.team_id, draft.user_id) in self._state.drafts:
            raise ConcurrentChange("Your draft")
        self._state.drafts[(draft.team_id, draft.user_id)] = replace(copy.deepcopy(draft), version=1)

    def replace(self, draft: Draft) -> None:
        """Compare-and-set, as storage does: only over the version the draft was read at."""
        stored = self._state.drafts.get((draft.team_id, draft.user_id))
        if stored is None or stored.version != draft.version:
            raise ConcurrentChange("Your draft")
        self._state.drafts[(draft.team_id, draft.user_id)] = replace(copy.deepcopy(draft), version=draft.version + 1)

    def delete(self, team_id: str, user_id: str) -> bool:
        return self._state.drafts.pop((team_id, user_id), None) is not None


class FakeWorkspaceRepository:
    def __init__(self, state: State):
        self._state = state

    def weights(self, team_id: str) -> ScoringWeights:
        return self._state.weights.get(team_id, ScoringWeights())

    def set_weights(self, team_id: str, weights: ScoringWeights) -> None:
        self._state.weights[team_id] = weights

    def visibility(self, team_id: str) -> Visibility:
        return self._state.visibility.get(team_id, DEFAULT_VISIBILITY)

    def set_visibility(self, team_id: str, visibility: Visibility) -> None:
        self._state.visibility[team_id] = visibility

    def currency(self, team_id: str) -> str | None:
        return self._state.currency.get(team_id)

    def set_currency(self, team_id: str, currency: str) -> None:
        self._state.currency[team_id] = currency

    def holidays(self, team_id: str) -> list[date]:
        return self._state.holidays.get(team_id, [])

    def set_holidays(self, team_id: str, days: list[date]) -> None:
        self._state.holidays[team_id] = sorted(set(days))

    def stale_readings(self, team_id: str) -> int | None:
        return self._state.stale_readings.get(team_id)

    def set_stale_readings(self, team_id: str, weeks: int) -> None:
        self._state.stale_readings[team_id] = weeks

    def team_ids(self) -> list[str]:
        return sorted({p.team_id for p in self._state.projects.values()} | set(self._state.weights))


class FakeLeadRepository:
    def __init__(self, state: State):
        self._state = state

    def list(self, team_id: str) -> set[str]:
        return set(self._state.leads.get(team_id, set()))

    def add(self, team_id: str, user_id: str, *, added_by: str, now: datetime) -> bool:
        leads = self._state.leads.setdefault(team_id, set())
        new = user_id not in leads
        leads.add(user_id)
        return new

    def remove(self, team_id: str, user_id: str) -> bool:
        leads = self._state.leads.get(team_id, set())
        present = user_id in leads
        leads.discard(user_id)
        return present


class Unfaked:
    """A port no fake implements yet: its use cases are tested against the real databases."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        raise NotImplementedError(f"tests.fakes has no {self._name} repository; use the `database` fixture")


class FakeDigestRepository(Unfaked):
    """No check-in is ever posted in the fake store: a project's latest check-in is none."""

    def __init__(self) -> None:
        super().__init__("digest")

    def latest_checkin(self, team_id: str, project_id: int) -> None:
        return None


class FakeUnitOfWork:
    """Works on a copy of the store's state; ``commit()`` publishes it, leaving without one discards it."""

    def __init__(self, store: FakeStore, *, fail_commit: FailWhen = False):
        self._store = store
        self._fail_commit = fail_commit
        self._depth = 0
        self.committed = False

    def __enter__(self) -> Self:
        if self._depth == 0:
            self._open()
        self._depth += 1
        return self

    def _open(self) -> None:
        working = copy.deepcopy(self._store.state)
        self.projects = FakeProjectRepository(working)
        self.history = FakeHistoryRepository(working)
        self.drafts = FakeDraftRepository(working)
        self.workspaces = FakeWorkspaceRepository(working)
        self.leads = FakeLeadRepository(working)
        self.occurrences = Unfaked("occurrence")
        self.responses = Unfaked("response")
        self.digests = FakeDigestRepository()
        self.away = Unfaked("away")
        self.canvases = Unfaked("canvases")
        self._working = working

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0:
            del self._working

    def commit(self) -> None:
        if self._fail_commit is True or (callable(self._fail_commit) and self._fail_commit(self)):
            raise CommitFailed("the fake database refused the commit")
        self._store.state = copy.deepcopy(self._working)
        self._store.commits += 1
        self.committed = True

    def rollback(self) -> None:
        self._open()
