"""What recording one more reading needs to know of a project, read without loading it whole.

A pipeline may push hundreds of readings a second; loading and saving the whole project for each
(its metrics, baselines, up to 500 readings, stages, metric changes) cost most of a reading's
time. A reading only appends, and its rules need little: whether the project is archived, its
optimizing metric, the current series and its latest value (a far reading needs confirming), how
many readings are stored (past ``MAX_READINGS`` the whole project folds its older half, so that
one takes the whole path), the version it was read at (a concurrent change makes it run again),
and a reading already recorded with the same run id. ``ReadingHead.record`` applies exactly the
rules ``Project.record`` does, with the same refusals.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.metric_scale import typed_value
from domain.metrics import MAX_READINGS, Metric, MetricReading
from domain.project_refusals import archived_refusal, no_metric_refusal


@dataclass(frozen=True)
class ReadingHead:
    id: int
    team_id: str
    ref: str
    archived: bool
    metric: Metric | None  # the optimizing metric
    series: int  # its current definition (``Project.metric_series``)
    latest: float | None  # the current series' latest reading (``Project.current_value``)
    count: int  # readings stored, every series and summaries included
    version: int
    card_ts: str | None
    replay: MetricReading | None = None  # already recorded with the asked run id

    @property
    def folds(self) -> bool:
        """One more reading passes ``MAX_READINGS``: the whole project folds (``Project.record_reading``)."""
        return self.count + 1 > MAX_READINGS

    def require_active(self) -> None:
        """An archived project is read-only (``Project.require_active``), even to a retried run id."""
        if self.archived:
            raise archived_refusal(self.ref)

    def record(self, asked: MetricReading, *, percent: bool, confirmed: bool) -> MetricReading:
        """The reading to append, by ``Project.record``'s rules: an active project with an optimizing
        metric; the value on its scale, confirmed when far from the series; the current series."""
        self.require_active()
        value = typed_value(self.metric, self.latest, asked.value, percent=percent, confirmed=confirmed)
        if self.metric is None:
            raise no_metric_refusal(self.ref)
        return asked.model_copy(update={"value": value, "series": self.series})
