"""What Slack traffic is counted and logged: each request to the bot (kind, status, time, its
request id and team in the log), and each Web API call the bot makes (method, outcome).

Web API calls are seen by a retry handler that never retries (``CountCalls``): slack_sdk shows
every attempt's answer to each retry handler in turn — a 200 with its parsed body, an HTTP error
such as 429, or the exception of a call that got no answer — so the first handler of a client sees
them all, retries included. Bolt copies the app client's retry handlers into the client it makes
for each request, so calls made in listeners are counted too.
https://docs.slack.dev/tools/python-slack-sdk/web#retryhandler
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot import log_context, metrics

if TYPE_CHECKING:  # mlscope tick imports this module through bot.slack.clients, and no Bolt
    from slack_bolt import BoltRequest, BoltResponse

log = logging.getLogger("mlscope.requests")


class CountCalls(RetryHandler):
    """First in every client's retry handlers: counts each attempt by method and outcome."""

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = metrics.bounded(request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
        if response is None:
            outcome = "no_answer"
        elif response.status_code == 429:
            outcome = "rate_limited"
        elif response.status_code != 200:
            outcome = "http_error"
        elif isinstance(response.body, dict) and response.body.get("ok") is False:
            outcome = "error"
            metrics.SLACK_ERRORS.labels(method, metrics.bounded(str(response.body.get("error")))).inc()
        else:
            outcome = "ok"
        metrics.SLACK_CALLS.labels(method, outcome).inc()
        return False


def kind_of(body: dict[str, Any]) -> str:
    """command, action, view or event (``metrics.REQUEST_KINDS``); other for the rest."""
    if body.get("command"):
        return "command"
    kind = body.get("type")
    if kind in ("block_actions", "block_suggestion", "interactive_message"):
        return "action"
    if kind in ("view_submission", "view_closed"):
        return "view"
    if kind in ("event_callback", "url_verification", "app_rate_limited"):
        return "event"
    return "other"


def observed(req: BoltRequest, dispatch: Callable[[BoltRequest], BoltResponse]) -> BoltResponse:
    """``dispatch(req)`` with the request's id, team and Slack's retry number in the log context,
    counted and timed by kind. Over HTTP the server has set the id already; in Socket Mode it is set here."""
    body = req.body if isinstance(req.body, dict) else {}
    kind = kind_of(body)
    retry = (req.headers.get("x-slack-retry-num") or [None])[0]
    retry = None if retry in ("", "0") else retry  # Socket Mode numbers the first delivery 0
    given = log_context.current_request_id()
    tokens = log_context.bind(request_id=given or uuid.uuid4().hex, team=req.context.team_id, slack_retry=retry)
    started = time.perf_counter()
    status = 500
    try:
        response = dispatch(req)
        status = response.status
        return response
    finally:
        seconds = time.perf_counter() - started
        metrics.REQUESTS.labels(kind, f"{status // 100}xx").inc()
        metrics.REQUEST_SECONDS.labels(kind).observe(seconds)
        log.info(
            "%s answered %d in %.0f ms%s", kind, status, seconds * 1000, f" (Slack's retry {retry})" if retry else ""
        )
        log_context.unbind(tokens)


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


def counted(kind: str, app: WSGIApp) -> WSGIApp:
    """A WSGI app whose requests are counted and timed as ``kind`` (the readings API: ``api``)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        status = ["500"]

        def seen(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = line
            return start_response(line, headers, exc_info)

        started = time.perf_counter()
        try:
            return app(environ, seen)
        finally:
            metrics.REQUESTS.labels(kind, f"{status[0][:1]}xx").inc()
            metrics.REQUEST_SECONDS.labels(kind).observe(time.perf_counter() - started)

    return application
