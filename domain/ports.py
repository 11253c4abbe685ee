"""The ports the use cases need. ``storage`` implements them; tests may fake them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, Self

from domain.model import Project
from domain.scoring import ScoringWeights


@dataclass(frozen=True)
class Change:
    """One line of the audit history: who changed what, when."""

    team_id: str
    actor: str
    action: str
    at: datetime
    project_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Draft:
    """A scoping flow in progress, saved at every step so it can be resumed."""

    team_id: str
    user_id: str
    step: int
    data: dict[str, Any]
    updated_at: datetime


class ProjectRepository(Protocol):
    def add(self, project: Project) -> Project: ...
    def get(self, team_id: str, ref: str) -> Project | None: ...
    def get_by_id(self, team_id: str, project_id: int) -> Project | None: ...
    def list(self, team_id: str, *, include_archived: bool = False) -> list[Project]: ...
    def refs(self, team_id: str) -> list[str]: ...
    def save(self, project: Project) -> None: ...


class HistoryRepository(Protocol):
    def add(self, change: Change) -> None: ...
    def for_project(self, team_id: str, project_id: int) -> list[Change]: ...


class DraftRepository(Protocol):
    def get(self, team_id: str, user_id: str) -> Draft | None: ...
    def put(self, draft: Draft) -> None: ...
    def delete(self, team_id: str, user_id: str) -> None: ...


class WorkspaceRepository(Protocol):
    def weights(self, team_id: str) -> ScoringWeights: ...
    def set_weights(self, team_id: str, weights: ScoringWeights) -> None: ...
    def team_ids(self) -> list[str]: ...


class UnitOfWork(Protocol):
    """Everything a use case touches, committed together or not at all."""

    projects: ProjectRepository
    history: HistoryRepository
    drafts: DraftRepository
    workspaces: WorkspaceRepository

    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
