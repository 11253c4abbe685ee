"""``/mlproject settings scoring`` and the Change button of ``settings``: the "Scoring and ranking"
modal, for workspace admins and MLScope leads (others are told who may, and nothing opens).

Submit the form → the same modal shows the preview of the new ranking (``response_action:
update`` at once, saying it is working; the preview after the ack, by ``views.update``); Save → the settings are stored and every project rescored (the permission is checked
again there, so a forged submission changes nothing), and the modal says what changed; Back →
the form again, with the values that were submitted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import refresh_cards
from bot.features.settings.scoring_blocks import TITLE, form_modal, preview_modal, saved_text
from bot.features.settings.scoring_parse import parse_scoring
from bot.slack import refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.metadata import ScoringPreview
from bot.slack.modals import open_when_allowed
from bot.slack.notices import done_modal
from bot.slack.origin import Origin
from domain import workspace_use_cases
from domain.errors import DomainError
from domain.permissions import IsAdmin
from domain.scoring_weights import ScoringWeights, changes

CHECKING = "Checking with Slack that you may change the workspace's settings…"


def open_scoring(client: WebClient, deps: Deps, origin: Origin) -> None:
    """Open the form, prefilled with the current settings, for an admin or a lead."""

    def current(is_admin: IsAdmin) -> ScoringWeights:
        return workspace_use_cases.scoring_settings(deps.uow(), origin.team, actor=origin.user, is_admin=is_admin)

    open_when_allowed(client, deps, origin, check=current, build=form_modal, title=TITLE, checking=CHECKING)


def scoring_clicked(ack: Ack, client: WebClient, context: BoltContext) -> None:
    """The Change button under ``/mlproject settings``."""
    ack()
    deps = deps_of(context)
    deps.background.submit(open_scoring, client, deps, origin_of(context))


Step = Callable[[IsAdmin], dict[str, Any]]  # the view a step shows, given whether the person is an admin


def _after_ack(ack: Ack, client: WebClient, context: BoltContext, view: dict[str, Any], step: Step, doing: str) -> None:
    """Answer at once saying ``doing``; run ``step`` after the ack and show its view (or why not): a
    preview or a rescore of a large portfolio takes longer than the 3 s Slack waits for an answer."""
    deps, origin = deps_of(context), origin_of(context)
    refusals.after_admin_check(
        ack, client, deps, view, team=origin.team, user=origin.user, run=step, doing=doing,
        refused=lambda exc: refusals.notice_view(view, exc.message),
    )  # fmt: skip


def scoring_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The form: field errors, or the preview of the ranking with these settings (nothing saved)."""
    deps, origin = deps_of(context), origin_of(context)
    weights, errors = parse_scoring(view["state"]["values"])
    if weights is None:
        ack(**refusals.field_errors(view, errors))
        return

    def preview(is_admin: IsAdmin) -> dict[str, Any]:
        shown = workspace_use_cases.preview_weights(deps.uow(), origin.team, weights, actor=origin.user, is_admin=is_admin)
        return preview_modal(shown)

    _after_ack(ack, client, context, view, preview, "Working out how the ranking would change…")


def scoring_saved(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The preview's Save: store, rescore, say what changed."""
    deps, origin, chosen = deps_of(context), origin_of(context), ScoringPreview.of_view(view)

    def save(is_admin: IsAdmin) -> dict[str, Any]:
        before = workspace_use_cases.set_weights(
            deps.uow(), origin.team, chosen.proposed, actor=origin.user, now=deps.now(), is_admin=is_admin,
            expected=chosen.before,
        )  # fmt: skip
        moved = changes(before, chosen.proposed)
        if moved:
            deps.background.submit(refresh_cards, client, deps.uow(), origin.team)
        return done_modal(TITLE, saved_text(moved))

    _after_ack(ack, client, context, view, save, "Saving, and rescoring every project…")


def scoring_back(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The preview's Back: the form again, holding the values that were submitted."""
    ack()
    view = body.get("view") or {}
    deps_of(context).background.submit(_back_to_form, client, view)


def _back_to_form(client: WebClient, view: dict[str, Any]) -> None:
    try:
        proposed = ScoringPreview.of_view(view).proposed
    except DomainError as exc:
        client.views_update(view_id=str(view.get("id")), view=refusals.notice_view(view, exc.message))
        return
    client.views_update(view_id=str(view.get("id")), view=form_modal(proposed))
