"""Prometheus metrics of one replica, served at ``/metrics`` (``bot.slack.probes``) when
``METRICS_TOKEN`` is set.

Each process counts its own (one registry per process, no shared files): Prometheus scrapes every
replica and sums. Labels are few and bounded — a request's kind, a Slack method, an outcome — and
never a team, a user or a channel. Counters and histograms move as things happen; the database's
numbers (its pool, the scheduled posts waiting) are read when Prometheus scrapes
(``DatabaseCollector``), so they are current and cost one small indexed query a scrape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from storage.db import Database
from storage.health import occurrences_waiting

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # Prometheus's text format, which every Prometheus reads

disable_created_metrics()  # no *_created series beside every counter: Prometheus needs none of them
PROCESS = CollectorRegistry()
ProcessCollector(registry=PROCESS)  # CPU, memory, open files of this process
PlatformCollector(registry=PROCESS)  # python_info

REQUEST_KINDS = ("command", "action", "view", "event", "api", "other")
REQUESTS = Counter(
    "mlscope_requests",
    "Requests answered, by kind (command, action, view, event, api, other) and HTTP status class",
    ["kind", "status"],
    registry=PROCESS,
)
REQUEST_SECONDS = Histogram(
    "mlscope_request_duration_seconds",
    "Time to answer a request (Slack's ack is due within 3 s), by kind",
    ["kind"],
    registry=PROCESS,
)
REFUSED = Counter(
    "mlscope_requests_refused",
    "Requests refused before any parsing: invalid_signature, request_too_large, bad_content_length",
    ["reason"],
    registry=PROCESS,
)
SLACK_CALLS = Counter(
    "mlscope_slack_api_calls",
    "Slack Web API calls, each attempt, by method and outcome: ok, error (ok: false), rate_limited (429), "
    "http_error (another HTTP status), no_answer (connection failed or timed out)",
    ["method", "outcome"],
    registry=PROCESS,
)
SLACK_ERRORS = Counter(
    "mlscope_slack_api_errors",
    "Slack Web API answers with ok: false, by method and Slack's error code",
    ["method", "error"],
    registry=PROCESS,
)
TICK_SECONDS = Histogram(
    "mlscope_tick_duration_seconds",
    "Time a scheduled tick took (plan, claim, prepare, post); its budget is 50 s",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 120),
    registry=PROCESS,
)
TICK_POSTS = Counter(
    "mlscope_tick_posts",
    "Scheduled posts handled by this replica, by outcome: posted, reconciled (found in Slack after an unknown "
    "outcome), failed (to be tried again), skipped (no longer needed, or refused for good)",
    ["outcome"],
    registry=PROCESS,
)
DIGEST_SECONDS = Histogram(
    "mlscope_digest_build_seconds",
    "Time to build a scheduled digest's message, or its chart, from the portfolio",
    ["part"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=PROCESS,
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,59}")


def bounded(value: str | None, fallback: str = "other") -> str:
    """A label value as Slack spells methods and error codes, or ``fallback``: no label can carry
    free text."""
    return value if value and _NAME.fullmatch(value) else fallback


def count_ticked(report: Any) -> None:
    """A tick's ``TickReport`` into ``TICK_POSTS``."""
    for outcome, n in (
        ("posted", report.posted),
        ("reconciled", report.reconciled),
        ("failed", report.retried),
        ("skipped", report.skipped),
    ):
        if n:
            TICK_POSTS.labels(outcome).inc(n)


class DatabaseCollector(Collector):
    """Read at scrape time: the connection pool's use and the scheduled posts waiting.

    When the database does not answer, ``mlscope_database_up`` is 0 and the occurrence gauges are
    left out rather than reported as zero.
    """

    def __init__(self, database: Database):
        self.database = database

    def collect(self) -> Iterator[Any]:
        pool = self.database.engine.pool
        if hasattr(pool, "size") and hasattr(pool, "checkedout"):  # QueuePool: PostgreSQL, a SQLite file
            yield GaugeMetricFamily("mlscope_db_pool_size", "Connections the pool keeps open (pool_size)", pool.size())
            yield GaugeMetricFamily(
                "mlscope_db_pool_checked_out", "Connections in use now (beyond pool_size: overflow)", pool.checkedout()
            )
        waiting = occurrences_waiting(self.database.engine)
        yield GaugeMetricFamily("mlscope_database_up", "1 if the database answered this scrape", int(waiting is not None))
        if waiting is not None:
            gauge = GaugeMetricFamily(
                "mlscope_occurrences",
                "Scheduled posts not done yet, in every replica, by state: pending (due, or to be tried again), "
                "posting (a replica is calling Slack, or its outcome is to be looked for)",
                labels=["state"],
            )
            for state, n in waiting.items():
                gauge.add_metric([state], n)
            yield gauge


class Exposition:
    """What ``/metrics`` answers: this process's metrics, then the database's read now."""

    def __init__(self, database: Database):
        self.database_registry = CollectorRegistry()
        self.database_registry.register(DatabaseCollector(database))

    def render(self) -> bytes:
        return generate_latest(PROCESS) + generate_latest(self.database_registry)
