"""Refusals a project's rules share between the ``Project`` aggregate and the readings' append
path (``domain.reading_head``), so that both say the same thing."""

from __future__ import annotations

from domain.errors import DomainError


def archived_refusal(ref: str) -> DomainError:
    """An archived project is read-only (``Project.require_active``, and the readings' append path)."""
    return DomainError(
        f"`{ref}` is archived; it can no longer change (`/mlproject unarchive {ref}` brings it back).",
        field="ref",
        rule="archived",
    )


def no_metric_refusal(ref: str) -> DomainError:
    """A reading needs an optimizing metric to be a reading of (``Project.record``, the append path)."""
    return DomainError(
        f"metric: `{ref}` has no optimizing metric yet; define one with edit first",
        field="metric",
        rule="no_optimizing_metric",
    )
