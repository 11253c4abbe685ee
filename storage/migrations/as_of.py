"""Projects read through today's ORM from a database at an older revision, for data migrations.

A data migration that scores projects (0018, 0021) needs them as domain objects, which only the ORM
builds (``storage.mapping.to_domain``). But the ORM maps every column of the newest schema, and
a database upgraded from an old revision lacks the columns later migrations add: selecting them
fails. Here every mapped column the live table lacks is deferred (never selected) and set to its
default on the loaded rows (what the later migration gives existing rows: ``{}`` for ``gate``,
``None`` for a nullable number), so a migration written today keeps working when later ones add columns.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from storage.orm import BaselineRow, MetricChangeRow, MetricRow, ProjectRow, ReadingRow, TransitionRow

CHILDREN: dict[str, type[Any]] = {
    "metrics": MetricRow,
    "baselines": BaselineRow,
    "readings": ReadingRow,
    "transitions": TransitionRow,
    "metric_changes": MetricChangeRow,
}


def _default(row_class: type[Any], key: str) -> Any:
    """The value the ORM would give a new row's ``key`` (its Python default), else None."""
    default = sa.inspect(row_class).columns[key].default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _missing(inspector: sa.Inspector, row_class: type[Any]) -> list[str]:
    """The mapped attributes whose columns the live table does not have yet."""
    present = {column["name"] for column in inspector.get_columns(row_class.__tablename__)}
    return [a.key for a in sa.inspect(row_class).column_attrs if a.columns[0].name not in present]


def projects_as_of(session: Session, team_id: str) -> list[ProjectRow]:
    """The workspace's projects with their children, columns added by later migrations read as None."""
    inspector = sa.inspect(session.get_bind())
    missing = {ProjectRow: _missing(inspector, ProjectRow)} | {c: _missing(inspector, c) for c in CHILDREN.values()}
    options: list[Any] = [defer(getattr(ProjectRow, key)) for key in missing[ProjectRow]]
    for name, child in CHILDREN.items():
        load = selectinload(getattr(ProjectRow, name))
        options.append(load.options(*(defer(getattr(child, key)) for key in missing[child])) if missing[child] else load)
    rows = list(session.scalars(sa.select(ProjectRow).where(ProjectRow.team_id == team_id).options(*options)).all())
    for row in rows:
        for key in missing[ProjectRow]:
            set_committed_value(row, key, _default(ProjectRow, key))
        for name, child in CHILDREN.items():
            for item in getattr(row, name):
                for key in missing[child]:
                    set_committed_value(item, key, _default(child, key))
    return rows
