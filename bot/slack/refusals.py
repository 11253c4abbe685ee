"""What a modal submission answers when it cannot go through as submitted.

``response_action: errors`` may only name input blocks of the view that was submitted; any other
key makes Slack show the person "We had some trouble connecting" instead of the message
(https://docs.slack.dev/surfaces/modals#displaying_errors; the stand-in's harness records it as a
violation). So a refusal goes, in this order:

1. on the block the error is about, if this view has it;
2. on the fallback block the handler names as sensible for the error, if this view has it;
3. otherwise the modal is replaced (``response_action: update``) by a notice saying what happened
   and that nothing was saved. Refusals about the project as a whole (archived, gone, no longer
   the person's to change, a form or check-in out of date) always take this way: no field of any
   form can fix them.

The scoping flow adds a step between 2 and 3 (``bot.features.scoping.step``): an error about a field of
another step goes back to that step, with the message on top.

Only Slack knows whether someone is a workspace admin, and a submission must be answered within
3 s: when the permission check needs that answer and it is not cached, ``after_admin_check``
answers at once with a "checking" modal, asks Slack after the ack, runs the change and shows its
outcome with ``views.update``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.slack import failures
from bot.slack.admins import AdminUnknown
from bot.slack.errors import error_code
from bot.slack.notices import checking_modal, notice_modal, title_of
from domain.errors import DomainError
from domain.permissions import IsAdmin

log = logging.getLogger("mlscope.refusals")

# Refusals about the project (or the form) as a whole: no input can carry them.
WHOLE = frozenset({"archived", "not_found", "permission_denied", "stale_view", "stale_checkin"})
NOTHING_SAVED = "Nothing was saved."

Answer = dict[str, Any]  # keyword arguments for ack()


def input_blocks(view: dict[str, Any]) -> list[str]:
    return [str(b.get("block_id")) for b in view.get("blocks") or [] if b.get("type") == "input"]


def field_of(error: DomainError) -> str:
    return (error.field or "").split(".")[0]


def block_for(
    view: dict[str, Any], error: DomainError, blocks: Mapping[str, str], fallback: str | None = None
) -> str | None:
    """The input block of ``view`` that should show ``error``, or None if none should."""
    if error.rule in WHOLE:
        return None
    inputs = input_blocks(view)
    for candidate in (blocks.get(field_of(error)), fallback):
        if candidate is not None and candidate in inputs:
            return candidate
    return None


def notice(view: dict[str, Any], text: str, *, outcome: str = NOTHING_SAVED) -> Answer:
    """Replace the submitted modal by one saying ``text``."""
    return {"response_action": "update", "view": notice_view(view, text, outcome=outcome)}


def refusal(
    view: dict[str, Any],
    error: DomainError,
    *,
    blocks: Mapping[str, str],
    fallback: str | None = None,
    outcome: str = NOTHING_SAVED,
) -> Answer:
    block = block_for(view, error, blocks, fallback)
    if block is None:
        return notice(view, error.message, outcome=outcome)
    return {"response_action": "errors", "errors": {block: error.message}}


def field_errors(view: dict[str, Any], errors: dict[str, str]) -> Answer:
    """Parsers' errors keyed by the blocks they read. Any key the view lacks (a form older than
    the code reading it) joins the view's first input; a view without inputs gets a notice."""
    inputs = input_blocks(view)
    shown = {k: v for k, v in errors.items() if k in inputs}
    stray = [v for k, v in errors.items() if k not in inputs]
    if not stray:
        return {"response_action": "errors", "errors": shown}
    if not inputs:
        return notice(view, " ".join(stray))
    first = inputs[0]
    shown[first] = " ".join(([shown[first]] if first in shown else []) + stray)
    return {"response_action": "errors", "errors": shown}


def notice_view(view: dict[str, Any], text: str, *, outcome: str = NOTHING_SAVED) -> dict[str, Any]:
    """The notice itself, for views.update."""
    return notice_modal(title_of(view), text, outcome=outcome)


NOT_DONE = object()  # submit_checked: the submission was answered already (refused, or checking)


def submit_checked(
    ack: Ack,
    client: WebClient,
    deps: Deps,
    view: dict[str, Any],
    *,
    team: str,
    user: str,
    act: Callable[[IsAdmin], Any],
    late: Callable[[IsAdmin], dict[str, Any]],
    refused: Callable[[DomainError], dict[str, Any]],
    refusal: Callable[[DomainError], dict[str, Any]],
) -> Any:
    """Run a submission's change with the cached admin answer and return its result, for the
    caller to ack; when only Slack can tell, answer "checking" and run ``late`` after the ack
    (its view, or ``refused``'s, replaces the modal); a refusal is acked with ``refusal``'s
    answer. Returns ``NOT_DONE`` when the submission has been answered here."""
    try:
        return act(deps.cached_admin(team, user))
    except AdminUnknown:  # only Slack can tell whether this person is an admin: ask after the ack
        after_admin_check(ack, client, deps, view, team=team, user=user, run=late, refused=refused)
    except DomainError as exc:
        ack(**refusal(exc))
    return NOT_DONE


def submit_form(
    ack: Ack, client: WebClient, deps: Deps, view: dict[str, Any], *, team: str, user: str,
    act: Callable[[IsAdmin], Any], late: Callable[[IsAdmin], dict[str, Any]], blocks: Mapping[str, str],
) -> Any:  # fmt: skip
    """``submit_checked`` for a one-view form: a refusal is a field error on ``blocks`` (or a notice
    in place of the form), and a change made now is acked (the modal closes). Returns the change's
    result, or ``NOT_DONE``."""
    done = submit_checked(
        ack, client, deps, view, team=team, user=user, act=act, late=late,
        refused=lambda exc: notice_view(view, exc.message), refusal=lambda exc: refusal(view, exc, blocks=blocks),
    )  # fmt: skip
    if done is not NOT_DONE:
        ack()
    return done


def after_admin_check(
    ack: Ack,
    client: WebClient,
    deps: Deps,
    view: dict[str, Any],
    *,
    team: str,
    user: str,
    run: Callable[[IsAdmin], dict[str, Any]],
    refused: Callable[[DomainError], dict[str, Any]],
    doing: str = "Checking with Slack that you may make this change…",
) -> None:
    """Answer now with a "checking" modal (saying ``doing``); after the ack ask Slack whether ``user``
    is an admin (unless cached), then ``run`` the change with that answer and show the view it
    returns (or ``refused``'s). Also for work too long for the 3 s a submission's answer has."""
    ack(response_action="update", view=checking_modal(title_of(view), doing))
    deps.background.submit(_finish_after_check, client, deps, str(view.get("id") or ""), team, user, run, refused)


def _finish_after_check(
    client: WebClient,
    deps: Deps,
    view_id: str,
    team: str,
    user: str,
    run: Callable[[IsAdmin], dict[str, Any]],
    refused: Callable[[DomainError], dict[str, Any]],
) -> None:
    try:
        shown = run(deps.is_admin(client, team, user))
    except DomainError as exc:
        shown = refused(exc)
    except Exception as exc:  # noqa: BLE001 - the modal must not stay at "checking"; the log has the rest
        log.exception("a submission checked after its ack failed")
        shown = notice_modal("MLScope", failures.not_done(exc), outcome="")
    try:
        client.views_update(view_id=view_id, view=shown)
    except SlackApiError as exc:  # the person closed the modal meanwhile; the change (if any) stands
        log.info("outcome of a submission not shown: %s", error_code(exc))
