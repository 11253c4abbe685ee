"""Workspace settings and leads: scoring weights, who may read the portfolio, the currency, the digest's
"no reading for N weeks", MLScope leads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain import attention
from domain.attention import DEFAULT_STALE_WEEKS
from domain.concurrency import retrying
from domain.errors import DomainError
from domain.permissions import IsAdmin, require_lead_manager, require_settings_manager
from domain.ports import Change, UnitOfWork
from domain.ranking_preview import RankingPreview, preview
from domain.scoring import ScoringWeights
from domain.visibility import Visibility
from domain.worth_inputs import DEFAULT_CURRENCY
from domain.worth_sentence import currency_code


def weights_for(uow: UnitOfWork, team_id: str) -> ScoringWeights:
    with uow:
        return uow.workspaces.weights(team_id)


def scoring_settings(uow: UnitOfWork, team_id: str, *, actor: str, is_admin: IsAdmin) -> ScoringWeights:
    """The current scoring settings, for the person about to change them (admins and MLScope leads)."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        return uow.workspaces.weights(team_id)


def preview_weights(
    uow: UnitOfWork, team_id: str, weights: ScoringWeights, *, actor: str, is_admin: IsAdmin
) -> RankingPreview:
    """How the active projects' ranking would change with ``weights``; nothing is written."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        before = uow.workspaces.weights(team_id)
        projects = uow.projects.list(team_id)
    return preview(projects, before, weights)


STALE_WEIGHTS = (
    "The scoring settings were changed by someone else after your preview, so it no longer shows what "
    "saving would do. Open `/mlproject settings scoring` again."
)


@retrying
def set_weights(
    uow: UnitOfWork,
    team_id: str,
    weights: ScoringWeights,
    *,
    actor: str,
    now: datetime,
    is_admin: IsAdmin,
    expected: ScoringWeights | None = None,
) -> ScoringWeights:
    """Store the workspace's scoring settings and rescore every project (admins and MLScope leads);
    the settings before. With ``expected`` (what a preview was computed from), refuse if they moved."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        before = uow.workspaces.weights(team_id)
        if expected is not None and before != expected:
            raise DomainError(STALE_WEIGHTS, rule="stale_view")
        if before == weights:
            return before  # nothing to store, rescore or record
        uow.workspaces.set_weights(team_id, weights)
        uow.projects.rescore(team_id, weights)
        uow.history.add(Change(team_id, actor, "weights_changed", now, None, weights.model_dump(mode="json")))
        uow.commit()
        return before


def visibility(uow: UnitOfWork, team_id: str) -> Visibility:
    """Who may read the workspace's portfolio (``domain.visibility``)."""
    with uow:
        return uow.workspaces.visibility(team_id)


def set_visibility(
    uow: UnitOfWork, team_id: str, value: Visibility, *, actor: str, now: datetime, is_admin: IsAdmin
) -> bool:
    """Change who may read the portfolio; only workspace admins and MLScope leads may. True if it changed."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        before = uow.workspaces.visibility(team_id)
        if before is value:
            return False
        uow.workspaces.set_visibility(team_id, value)
        uow.history.add(
            Change(team_id, actor, "visibility_changed", now, None, {"from": before.value, "to": value.value})
        )
        uow.commit()
        return True


def currency(uow: UnitOfWork, team_id: str) -> str:
    """The 3-letter code the card's money line is said in; EUR until someone sets another."""
    with uow:
        return uow.workspaces.currency(team_id) or DEFAULT_CURRENCY


def set_currency(uow: UnitOfWork, team_id: str, code: str, *, actor: str, now: datetime, is_admin: IsAdmin) -> bool:
    """Change the workspace's currency (admins and MLScope leads, as for visibility). True if it changed.

    Only the unit changes: amounts the teams entered are not converted."""
    return _change_setting(
        uow, team_id, currency_code(code), "currency", DEFAULT_CURRENCY, actor=actor, now=now, is_admin=is_admin
    )


def stale_weeks(uow: UnitOfWork, team_id: str) -> int:
    """The N of the digest's "no reading for N weeks": 4 until an admin or lead sets another."""
    with uow:
        return uow.workspaces.stale_readings(team_id) or DEFAULT_STALE_WEEKS


def set_stale_weeks(uow: UnitOfWork, team_id: str, weeks: int, *, actor: str, now: datetime, is_admin: IsAdmin) -> bool:
    """Change it (admins and MLScope leads, 1 to 26 weeks); True if it changed."""
    wanted = attention.stale_weeks(weeks)
    return _change_setting(
        uow, team_id, wanted, "stale_readings", DEFAULT_STALE_WEEKS, actor=actor, now=now, is_admin=is_admin
    )


def _change_setting(
    uow: UnitOfWork, team_id: str, wanted: Any, name: str, default: Any, *, actor: str, now: datetime, is_admin: IsAdmin
) -> bool:
    """A workspace setting (read with ``uow.workspaces.<name>``, written with ``set_<name>``) changed
    by an admin or MLScope lead, with a ``<name>_changed`` history line; False if it already was."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        before = getattr(uow.workspaces, name)(team_id) or default
        if before == wanted:
            return False
        getattr(uow.workspaces, f"set_{name}")(team_id, wanted)
        uow.history.add(Change(team_id, actor, f"{name}_changed", now, None, {"from": before, "to": wanted}))
        uow.commit()
        return True


def list_leads(uow: UnitOfWork, team_id: str) -> set[str]:
    with uow:
        return uow.leads.list(team_id)


def change_lead(
    uow: UnitOfWork, team_id: str, user_id: str, *, add: bool, actor: str, now: datetime, is_admin: IsAdmin
) -> bool:
    """Add or remove an MLScope lead; only admins and existing leads may."""
    with uow:
        require_lead_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        changed = (
            uow.leads.add(team_id, user_id, added_by=actor, now=now) if add else uow.leads.remove(team_id, user_id)
        )
        uow.history.add(Change(team_id, actor, "lead_added" if add else "lead_removed", now, None, {"user": user_id}))
        uow.commit()
        return changed
