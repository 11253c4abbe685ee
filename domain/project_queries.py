"""Read-only use cases about projects: find one, list and rank the portfolio, read the history."""

from __future__ import annotations

from datetime import datetime

from domain.assessment import Assessment, assess
from domain.metric_series import ReadingKey
from domain.metrics import MetricReading
from domain.model import Stage
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import not_found, require
from domain.ranking import Ranked, rank
from domain.summary import Page
from domain.worth_inputs import DEFAULT_CURRENCY


def get_project(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    with uow:
        return require(uow, team_id, ref)


def project_card(uow: UnitOfWork, team_id: str, ref: str) -> Assessment:
    """A project assessed, to show. Read-only: the project may be shared by a read cache."""
    with uow:
        found = uow.projects.card(team_id, ref.strip().lower())
        if found is None:
            not_found(uow, team_id, ref)
        project, weights, currency = found
        checkin = uow.digests.latest_checkin(team_id, project.id) if project.id is not None else None
        return assess(project, weights, currency or DEFAULT_CURRENCY, checkin)


def card_assessments(uow: UnitOfWork, team_id: str) -> list[Assessment]:
    """Every active project that has a card, as its card shows it: one read of the workspace's
    settings and of the latest check-ins for all of them (not a query per card)."""
    with uow:
        projects = [p for p in uow.projects.list(team_id) if p.card_channel and p.card_ts]
        weights, currency = uow.workspaces.weights(team_id), uow.workspaces.currency(team_id) or DEFAULT_CURRENCY
        checkins = uow.digests.checkin_states(team_id) if projects else {}
    return [assess(p, weights, currency, checkins.get(p.id or 0)) for p in projects]


def card_assessment(uow: UnitOfWork, project: Project) -> Assessment:
    """A project as its card shows it: its workspace's weights and currency, its latest check-in."""
    with uow:
        team = project.team_id
        weights, currency = uow.workspaces.weights(team), uow.workspaces.currency(team) or DEFAULT_CURRENCY
        checkin = uow.digests.latest_checkin(team, project.id) if project.id is not None else None
    return assess(project, weights, currency, checkin)


def list_projects(
    uow: UnitOfWork,
    team_id: str,
    *,
    owner_id: str | None = None,
    stage: Stage | None = None,
    include_archived: bool = False,
) -> list[Ranked]:
    """The workspace's portfolio, ranked, optionally filtered (ranks are portfolio-wide)."""
    with uow:
        projects = uow.projects.list(team_id, include_archived=include_archived)
        weights = uow.workspaces.weights(team_id)
    ranked = rank(projects, weights)
    return [
        r
        for r in ranked
        if (owner_id is None or r.project.problem.owner_id == owner_id) and (stage is None or r.project.stage is stage)
    ]


def ranked_page(
    uow: UnitOfWork, team_id: str, *, owner_id: str | None = None, stage: Stage | None = None, limit: int | None = None
) -> Page:
    """The ranked portfolio as a list shows it, ranked by the database (no project is loaded whole)."""
    with uow:
        return uow.projects.summaries(team_id, owner_id=owner_id, stage=stage, limit=limit)


def assessments_owned_by(uow: UnitOfWork, team_id: str, owner_id: str) -> list[Assessment]:
    """Each of someone's projects assessed (App Home shows their open advice)."""
    with uow:
        projects = uow.projects.list(team_id, owner_id=owner_id)
        weights = uow.workspaces.weights(team_id)
        currency = uow.workspaces.currency(team_id) or DEFAULT_CURRENCY
    return [assess(project, weights, currency) for project in projects]


def archived_projects(uow: UnitOfWork, team_id: str, *, limit: int) -> tuple[list[Project], int]:
    """The latest archived projects (App Home offers to unarchive them), and how many there are."""
    with uow:
        return uow.projects.archived(team_id, limit=limit)


def reading_tokens(
    uow: UnitOfWork, team_id: str, project: Project, readings: list[MetricReading]
) -> dict[tuple[datetime, float, str], str]:
    """The name of the readings API token each of ``readings`` came through (the history's ``via``),
    by ``ReadingKey.identity``; a reading typed in Slack has none."""
    if not readings or project.id is None:
        return {}
    with uow:
        changes = uow.history.recorded_since(team_id, project.id, min(r.at for r in readings))
    via = {
        ReadingKey(at=c.at, value=c.detail["value"], actor=c.actor).identity: str(c.detail["via"]).removeprefix("api:")
        for c in changes
        if str(c.detail.get("via", "")).startswith("api:") and isinstance(c.detail.get("value"), int | float)
    }
    return {key: via[key] for r in readings if (key := ReadingKey.of(r).identity) in via}


def history(uow: UnitOfWork, team_id: str, ref: str) -> list[Change]:
    with uow:
        project = require(uow, team_id, ref)
        assert project.id is not None
        return uow.history.for_project(team_id, project.id)
