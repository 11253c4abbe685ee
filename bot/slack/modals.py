"""Opening modals after the ack, and opening one only for someone who may change the project.

A ``trigger_id`` opens one view, within 3 s of the click that Slack sent it with
(https://docs.slack.dev/reference/methods/views.open: ``expired_trigger_id``,
``exchanged_trigger_id``). So, wherever a modal opens:

- ``views.open`` is the first Slack call after the ack. Before it comes only the database reading
  the modal is built from (the project, the draft); writes (the edit's draft) come after it.
- Permission to change a project (edit, move stage, check-in schedule) is checked from the
  database: owner, creator, MLScope leads, and whether the person is a workspace admin *if that
  answer is cached* (``bot.slack.admins``). When only Slack can say (``users.info``), the modal opens
  first with a "checking" view, then Slack is asked, then ``views.update`` (by the view's id)
  shows the form, or says why it cannot be used. No users.info ever comes before views.open.
- Workspace settings (the scoring form) are opened the same way, for admins and MLScope leads
  (``open_when_allowed``: any check that takes the admin answer).
- ``views.open`` and ``views.push`` are never retried (``bot.slack.clients``): the retry would spend the
  same trigger again. When opening fails the person is told what to do (``open_view``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.slack import failures
from bot.slack.admins import AdminUnknown
from bot.slack.errors import error_code
from bot.slack.notices import checking_modal, notice_modal
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import project_use_cases
from domain.errors import DomainError
from domain.permissions import IsAdmin
from domain.project import Project

log = logging.getLogger("mlscope.modals")
T = TypeVar("T")

# What the person is told when a modal does not open, by Slack's error.
NOT_OPENED = {
    "expired_trigger_id": "That took too long to open: Slack allows 3 seconds after your click. "
    "Nothing was changed; please click again.",
    "exchanged_trigger_id": "That form was already opened once for this click. Nothing was changed; please click again.",
    "invalid_trigger_id": "Slack did not accept my request to open the form. Nothing was changed; please click again.",
    "ratelimited": "Slack asked me to slow down, so the form did not open. Nothing was changed; please try again in a moment.",
}
NOT_OPENED_OTHERWISE = "Slack could not open the form ({code}). Nothing was changed; please click again in a moment."


def open_view(
    client: WebClient, trigger_id: str, view: dict[str, Any], *, user: str, channel: str | None
) -> str | None:
    """Open ``view`` with the trigger (once: the client does not retry this call); the view's id,
    or None after telling the person it did not open."""
    try:
        opened = client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        code = error_code(exc)
        log.info("views.open refused: %s", code)
        text = NOT_OPENED.get(code, NOT_OPENED_OTHERWISE.format(code=code))
    except OSError as exc:  # no answer from Slack (the request may or may not have spent the trigger)
        log.warning("views.open unanswered: %s", type(exc).__name__)
        text = NOT_OPENED_OTHERWISE.format(code="no answer")
    else:
        return str((opened.get("view") or {}).get("id") or "") or None
    tell(client, user=user, channel=channel, text=text)
    return None


def open_checked(
    client: WebClient,
    deps: Deps,
    origin: Origin,
    *,
    ref: str,
    verb: str,
    title: str,
    build: Callable[[Project], dict[str, Any]],
) -> Project | None:
    """Open ``build(project)`` for someone who may ``verb`` the project; the project once its form
    is shown, or None (the person was told why not)."""

    def check(is_admin: IsAdmin) -> Project:
        return project_use_cases.check_can_change(deps.uow(), origin.team, ref, actor=origin.user, is_admin=is_admin, verb=verb)

    checking = "Checking with Slack that you may change this project…"
    return open_when_allowed(client, deps, origin, check=check, build=build, title=title, checking=checking)


def open_when_allowed(
    client: WebClient,
    deps: Deps,
    origin: Origin,
    *,
    check: Callable[[IsAdmin], T],
    build: Callable[[T], dict[str, Any]],
    title: str,
    checking: str,
) -> T | None:
    """Open ``build(check(is_admin))``; what ``check`` returned once the form is shown, or None
    (the person was told why not: ``check`` raised a DomainError).

    Decided from the database (and a cached admin answer) before views.open; when only Slack can
    tell, the modal opens first (saying ``checking``) and is updated once Slack has answered."""
    team, user = origin.team, origin.user
    try:
        found = check(deps.cached_admin(team, user))
    except AdminUnknown:
        return _open_then_check(client, deps, origin, check=check, build=build, title=title, checking=checking)
    except DomainError as exc:
        tell(client, user=user, channel=origin.channel, text=exc.message)
        return None
    return found if open_view(client, origin.trigger_id, build(found), user=user, channel=origin.channel) else None


def _open_then_check(
    client: WebClient,
    deps: Deps,
    origin: Origin,
    *,
    check: Callable[[IsAdmin], T],
    build: Callable[[T], dict[str, Any]],
    title: str,
    checking: str,
) -> T | None:
    view_id = open_view(client, origin.trigger_id, checking_modal(title, checking), user=origin.user, channel=origin.channel)
    if view_id is None:
        return None
    found: T | None = None
    try:
        found = check(deps.is_admin(client, origin.team, origin.user))
        shown = build(found)
    except DomainError as exc:
        found, shown = None, notice_modal(title, exc.message, outcome="")
    except Exception as exc:  # noqa: BLE001 - the modal must not stay at "checking"; the log has the rest
        log.exception("permission check after opening failed")
        found, shown = None, notice_modal(title, failures.not_done(exc), outcome="")
    try:
        client.views_update(view_id=view_id, view=shown)
    except SlackApiError as exc:  # closed meanwhile
        log.info("checked modal not updated: %s", error_code(exc))
        return None
    return found
