"""Projects: stored whole, loaded whole, and ranked pages read in SQL from derived columns.

Reads made to show (a card, a ranked page) go through the read cache under the workspace's
revision, which every write here moves on in the same transaction. Repositories never commit.
"""

from __future__ import annotations

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import ConcurrentChange
from domain.gate import failed
from domain.metrics import MetricReading, MetricRole
from domain.model import Stage
from domain.project import Project
from domain.ranking import QUADRANT_ORDER, WORTH_GAINS, WORTH_LOSES, WORTH_UNKNOWN
from domain.reading_head import ReadingHead
from domain.scoring import Quadrant, RankingPolicy, ScoringWeights
from domain.summary import Page, ProjectSummary
from domain.worth_inputs import DEFAULT_CURRENCY
from storage import reading_heads
from storage.autocommit import read_one
from storage.cache import ReadCache
from storage.collector import collector_paused
from storage.mapping import apply, apply_scores, to_domain
from storage.orm import MetricRow, ProjectRow, WorkspaceRow
from storage.orm.projects import RUN_ID_UNIQUE
from storage.workspaces import ensure_workspace

_LOAD_CHILDREN = (
    selectinload(ProjectRow.metrics),
    selectinload(ProjectRow.baselines),
    selectinload(ProjectRow.readings),
    selectinload(ProjectRow.transitions),
    selectinload(ProjectRow.metric_changes),
)

_REVISION = select(WorkspaceRow.revision, WorkspaceRow.created_at).where(WorkspaceRow.team_id == bindparam("team_id"))


class SqlProjectRepository:
    def __init__(self, session: Session, cache: ReadCache | None = None):
        self.session = session
        self.cache = cache if cache is not None else ReadCache(0)
        # Rows as this unit of work read them: ``save`` writes over the version read here (the
        # session's identity map holds rows only weakly, and a fresh read would see a newer one).
        self._read: dict[int, ProjectRow] = {}

    def revision(self, team_id: str) -> tuple[float, int]:
        """The workspace's committed revision (the read cache's key): on PostgreSQL, trusted from
        an earlier read until a notification says it moved (storage/revisions.py). With it, when the
        workspace's row was created: a workspace purged (``storage.purge``) and written to again
        counts its revisions from 0 again, and must not find the entries of the data it had before."""
        watch = None if self.session.in_transaction() else self.cache.revisions
        if watch is not None:
            trusted = watch.trusted(team_id)
            if trusted is not None:
                return trusted
            epoch = watch.epoch()
        row = read_one(self.session, _REVISION, {"team_id": team_id})
        revision = (row[1].timestamp(), int(row[0])) if row else (0.0, 0)
        if watch is not None:
            watch.remember(team_id, revision, epoch)
        return revision

    def _bump(self, team_id: str) -> None:
        """Every write to a workspace's projects moves its revision on, in the same transaction."""
        self.session.execute(
            update(WorkspaceRow).where(WorkspaceRow.team_id == team_id).values(revision=WorkspaceRow.revision + 1)
        )

    def _row(self, team_id: str, *, ref: str | None = None, project_id: int | None = None) -> ProjectRow | None:
        query = select(ProjectRow).where(ProjectRow.team_id == team_id).options(*_LOAD_CHILDREN)
        query = query.where(ProjectRow.ref == ref) if ref is not None else query.where(ProjectRow.id == project_id)
        return self.session.scalars(query).one_or_none()

    def _weights(self, team_id: str) -> ScoringWeights:
        row = self.session.get(WorkspaceRow, team_id)
        return ScoringWeights.model_validate(row.weights) if row and row.weights else ScoringWeights()

    def add(self, project: Project) -> Project:
        ensure_workspace(self.session, project.team_id, project.created_at)
        row = ProjectRow()
        apply(project, row, self._weights(project.team_id))
        self.session.add(row)
        self.session.flush()
        self._bump(project.team_id)
        return project.model_copy(update={"id": row.id})

    def _remember(self, row: ProjectRow) -> Project:
        self._read[row.id] = row
        return to_domain(row)

    def get(self, team_id: str, ref: str) -> Project | None:
        row = self._row(team_id, ref=ref)
        return self._remember(row) if row else None

    def get_by_id(self, team_id: str, project_id: int) -> Project | None:
        row = self._row(team_id, project_id=project_id)
        return self._remember(row) if row else None

    def by_ids(self, project_ids: list[int]) -> dict[int, Project]:
        """Many projects in one round of queries (a tick preparing all its check-ins at once)."""
        if not project_ids:
            return {}
        query = select(ProjectRow).where(ProjectRow.id.in_(project_ids)).options(*_LOAD_CHILDREN)
        return {row.id: self._remember(row) for row in self.session.scalars(query)}

    def list(self, team_id: str, *, include_archived: bool = False, owner_id: str | None = None) -> list[Project]:
        with collector_paused():
            query = select(ProjectRow).where(ProjectRow.team_id == team_id).options(*_LOAD_CHILDREN)
            if owner_id is not None:
                query = query.where(ProjectRow.owner_id == owner_id)
            if not include_archived:
                query = query.where(ProjectRow.archived.is_(False))
            return [
                to_domain(row)
                for row in self.session.scalars(query.order_by(ProjectRow.id).execution_options(yield_per=500))
            ]

    def archived(self, team_id: str, *, limit: int) -> tuple[list[Project], int]:
        """The latest archived projects (most recently changed first), and how many there are."""
        where = (ProjectRow.team_id == team_id, ProjectRow.archived.is_(True))
        total = self.session.scalar(select(func.count()).select_from(ProjectRow).where(*where)) or 0
        query = select(ProjectRow).where(*where).options(*_LOAD_CHILDREN)
        rows = self.session.scalars(query.order_by(ProjectRow.updated_at.desc(), ProjectRow.id.desc()).limit(limit))
        return [to_domain(row) for row in rows], total

    def refs(self, team_id: str) -> list[str]:
        return list(
            self.session.scalars(select(ProjectRow.ref).where(ProjectRow.team_id == team_id).order_by(ProjectRow.ref))
        )

    def save(self, project: Project) -> None:
        if project.id is None:
            raise ValueError("save() needs a stored project; use add() first")
        row = self._read.get(project.id) or self._row(project.team_id, project_id=project.id)
        if row is None or row.team_id != project.team_id:
            raise LookupError(f"project {project.id} is not in workspace {project.team_id}")
        try:
            apply(project, row, self._weights(project.team_id))
            row.version += 1  # a changed child alone would not UPDATE the row: the version moves anyway
            self.session.flush()
        except StaleDataError:
            raise ConcurrentChange(f"`{project.ref}`") from None
        except IntegrityError as exc:
            if RUN_ID_UNIQUE not in str(exc.orig) and "metric_readings.project_id, metric_readings.run_id" not in str(
                exc.orig
            ):
                raise
            raise ConcurrentChange(f"`{project.ref}`") from None  # the same run id landed first: run again
        self._bump(project.team_id)

    def rescore(self, team_id: str, weights: ScoringWeights) -> None:
        """Recompute every project's derived scores after the workspace's weights changed."""
        query = select(ProjectRow).where(ProjectRow.team_id == team_id).options(*_LOAD_CHILDREN)
        with collector_paused():
            for row in self.session.scalars(query):
                apply_scores(to_domain(row), row, weights)
                row.version += 1  # a save that scored with the old weights must not land after this
            try:
                self.session.flush()
            except StaleDataError:
                raise ConcurrentChange("A project of this workspace") from None
        self._bump(team_id)

    def reading_head(self, team_id: str, ref: str, *, run_id: str | None = None) -> ReadingHead | None:
        return reading_heads.load(self.session, team_id, ref, run_id)

    def append_reading(self, head: ReadingHead, reading: MetricReading) -> None:
        reading_heads.append(self.session, head.team_id, head, reading)

    def card(self, team_id: str, ref: str) -> tuple[Project, ScoringWeights, str | None] | None:
        """A project and its workspace's weights and currency, to show (read-only: shared through the cache)."""

        def load() -> tuple[Project, ScoringWeights, str | None] | None:
            row = self._row(team_id, ref=ref)
            if row is None:
                return None
            workspace = self.session.get(WorkspaceRow, team_id)  # held, so _weights reads it from the session
            weights = self._weights(team_id)
            return to_domain(row), weights, workspace.currency if workspace else None

        return self.cache.get_or_load(("card", team_id, self.revision(team_id), ref), load)  # type: ignore[no-any-return]

    def summaries(
        self, team_id: str, *, owner_id: str | None = None, stage: Stage | None = None, limit: int | None = None
    ) -> Page:
        """Active projects ranked in SQL (same order as ``domain.ranking.rank``), then filtered.

        Pages are cached per workspace revision (see storage/cache.py)."""
        return self.cache.get_or_load(  # type: ignore[no-any-return]
            ("page", team_id, self.revision(team_id), owner_id, stage, limit),
            lambda: self._summaries(team_id, owner_id=owner_id, stage=stage, limit=limit),
        )

    def _summaries(self, team_id: str, *, owner_id: str | None, stage: Stage | None, limit: int | None) -> Page:
        # The workspace's ranking policy, read in the same statement (JSON extraction on SQLite and
        # PostgreSQL alike); by worth (domain.ranking.worth_key) unless it says ``score``.
        policy = (
            select(WorkspaceRow.weights["ranking"].as_string()).where(WorkspaceRow.team_id == team_id).scalar_subquery()
        )
        score_only = func.coalesce(policy, RankingPolicy.WORTH_THEN_SCORE.value) == RankingPolicy.SCORE.value
        worth = ProjectRow.worth_per_month
        group = case((worth > 0, WORTH_GAINS), (worth.is_(None), WORTH_UNKNOWN), else_=WORTH_LOSES)
        order = (
            ProjectRow.gate_failed.asc(),  # blocked by the gate: after all others
            case(*((ProjectRow.quadrant == q.value, n) for q, n in QUADRANT_ORDER.items()), else_=len(QUADRANT_ORDER)),
            case((score_only, 0), else_=group),  # gains, then not known, then loses…
            case((score_only, 0.0), else_=func.coalesce(worth, 0.0)).desc(),  # …the most valuable first
            ProjectRow.combined_score.desc(),
            ProjectRow.impact_score.desc(),
            ProjectRow.feasibility_score.desc(),
            ProjectRow.created_at.asc(),
            ProjectRow.ref.asc(),
        )
        ranked = (
            select(
                ProjectRow.id,
                ProjectRow.ref,
                ProjectRow.name,
                ProjectRow.owner_id,
                ProjectRow.stage,
                ProjectRow.impact_score,
                ProjectRow.feasibility_score,
                ProjectRow.quadrant,
                ProjectRow.impact_rated,
                ProjectRow.feasibility_rated,
                ProjectRow.worth_per_month,
                ProjectRow.metric_name,
                ProjectRow.metric_target,
                ProjectRow.current_value,
                ProjectRow.gate,
                func.row_number().over(order_by=order).label("rank"),
            )
            .where(ProjectRow.team_id == team_id, ProjectRow.archived.is_(False))
            .subquery()
        )
        # One statement: the filtered count rides along as a window over the filtered rows
        # (windows are computed before LIMIT), instead of a second scan for the total.
        currency = select(WorkspaceRow.currency).where(WorkspaceRow.team_id == team_id).scalar_subquery()
        unit = (  # the optimizing metric's unit, for the line's values (a project has at most one)
            select(MetricRow.unit)
            .where(MetricRow.project_id == ranked.c.id, MetricRow.role == MetricRole.OPTIMIZING.value)
            .limit(1)
            .scalar_subquery()
        )
        query = select(ranked, func.count().over().label("total"), currency.label("currency"), unit.label("unit"))
        if owner_id is not None:
            query = query.where(ranked.c.owner_id == owner_id)
        if stage is not None:
            query = query.where(ranked.c.stage == stage.value)
        fetch = None if limit is None else max(1, limit)  # one row even for limit=0: it carries the total
        rows = self.session.execute(query.order_by(ranked.c.rank).limit(fetch)).all()
        total = rows[0].total if rows else 0
        money = (rows[0].currency if rows else None) or DEFAULT_CURRENCY
        rows = rows if limit is None else rows[:limit]
        items = [
            ProjectSummary(
                rank=r.rank,
                ref=r.ref,
                name=r.name,
                owner_id=r.owner_id,
                stage=Stage(r.stage),
                impact=r.impact_score,
                feasibility=r.feasibility_score,
                quadrant=Quadrant(r.quadrant),
                rated=(r.impact_rated, r.feasibility_rated),
                worth=r.worth_per_month,
                metric_name=r.metric_name,
                metric_target=r.metric_target,
                metric_unit=r.unit or "",
                current_value=r.current_value,
                gate_failed=tuple(failed(r.gate or {})),
            )
            for r in rows
        ]
        return Page(total, items, money)
