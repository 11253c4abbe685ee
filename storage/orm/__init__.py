"""Tables. Every one carries ``team_id``: a workspace never reads another's rows.

This package's modules each hold one family of tables (``base``, ``projects``, ``workspaces``,
``scheduling``); importing the package imports them all, so that ``Base.metadata`` is complete
(Alembic compares it with the database) and relationships named by string resolve. Migrations
refer to ``storage.orm.UTCDateTime``: the names below stay importable from here.
"""

from storage.orm.base import ID, NAMING, Base, UTCDateTime
from storage.orm.canvases import CanvasRefusalRow, CanvasRow
from storage.orm.projects import (
    BaselineRow,
    DraftRow,
    HistoryRow,
    MetricChangeRow,
    MetricRow,
    ProjectRow,
    ReadingRow,
    TransitionRow,
)
from storage.orm.scheduling import ChannelDigestRow, OccurrenceRow, OfferRow, ResponseRow, SubscriptionRow
from storage.orm.workspaces import ApiTokenRow, AwayRow, DeliveryRow, LeadRow, WorkspaceRow

__all__ = [
    "ID",
    "ApiTokenRow",
    "AwayRow",
    "NAMING",
    "Base",
    "BaselineRow",
    "CanvasRefusalRow",
    "CanvasRow",
    "ChannelDigestRow",
    "DeliveryRow",
    "DraftRow",
    "HistoryRow",
    "LeadRow",
    "MetricChangeRow",
    "MetricRow",
    "OccurrenceRow",
    "OfferRow",
    "ProjectRow",
    "ReadingRow",
    "ResponseRow",
    "SubscriptionRow",
    "TransitionRow",
    "UTCDateTime",
    "WorkspaceRow",
]
