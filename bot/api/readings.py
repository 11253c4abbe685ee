"""``POST /api/v1/readings``: a pipeline records a reading of a project's optimizing metric.

In order: the body is read within ``MAX_BODY`` (413 past it); the bearer token is looked up by its
SHA-256 (401, one answer for every kind of bad token); the token's bucket is charged (429 with
Retry-After); the body is checked field by field (422); then the domain's append path
(``reading_use_cases.append_reading``) records it by the rules ``/mlproject metric`` follows,
without loading the whole project (an archived or unknown project is 404, a project without an
optimizing metric 422), and the card is refreshed in Slack after the answer is sent. A run id
seen before on that project answers 200 with the first reading. No token is ever logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from bot.api.answers import StartResponse, answer, field_errors, rate_limited, reading_json, unauthorized
from bot.api.body import MAX_BODY, BadReading, parse_reading
from bot.api.refresh import CardRefresher
from bot.deps import Deps
from bot.slack.server import Refused, read_bounded
from bot.slack.throttle import Limiter
from domain import api_token_use_cases, reading_use_cases
from domain.errors import ConcurrentChange, DomainError, NotFound
from domain.metric_scale import FarFromSeries
from domain.ports import ApiToken
from storage.db import is_unavailable

log = logging.getLogger("mlscope.api")
PREFIX = "/api/"
READINGS = "/api/v1/readings"
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def readings_api(deps: Deps, limiter: Limiter) -> WSGIApp:
    """The API's WSGI app, for every path under ``PREFIX``."""
    cards = CardRefresher(deps)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            return respond(environ, start_response)
        except Exception as exc:  # noqa: BLE001 - a pipeline gets JSON and a status it can act on, never a bare 500
            if is_unavailable(exc):
                log.warning("readings API: database unavailable (%s)", type(exc).__name__)
                return answer(start_response, "503 Service Unavailable", {"error": "unavailable"}, [("Retry-After", "30")])
            log.exception("readings API: failed")
            return answer(start_response, "500 Internal Server Error", {"error": "internal"})

    def respond(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != READINGS:
            return answer(start_response, "404 Not Found", {"error": "not_found", "message": "No such API path."})
        if environ.get("REQUEST_METHOD") != "POST":
            return answer(start_response, "405 Method Not Allowed", {"error": "method_not_allowed"}, [("Allow", "POST")])
        try:
            raw = read_bounded(environ, MAX_BODY)
        except Refused as refused:
            return answer(start_response, refused.status, {"errors": {"body": f"must be at most {MAX_BODY} bytes"}})
        token = api_token_use_cases.authenticate(deps.uow(), _bearer(environ), now=deps.now())
        if token is None:
            return unauthorized(start_response)
        wait = limiter.wait(token.team_id, token.name)
        if wait > 0:
            log.info("rate-limited API token %s of %s for %.1f s", token.name, token.team_id, wait)
            return rate_limited(start_response, wait)
        return record(deps, cards, token, raw, start_response)

    return application


def _bearer(environ: dict[str, Any]) -> str | None:
    scheme, _, value = (environ.get("HTTP_AUTHORIZATION") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def record(deps: Deps, cards: CardRefresher, token: ApiToken, raw: bytes, start_response: StartResponse) -> list[bytes]:
    """The reading recorded (201) or found again by its run id (200); the card refreshed afterwards."""
    try:
        given = parse_reading(raw)
        done = reading_use_cases.append_reading(
            deps.uow(), token.team_id, given.project, given.value, note=given.note, actor=token.created_by,
            now=deps.now(), source_url=given.source_url, run_id=given.run_id, via=f"api:{token.name}",
            confirmed=given.confirm,  # far from the series: a 422 unless the pipeline says "confirm": true
        )  # fmt: skip
    except BadReading as bad:
        return field_errors(start_response, bad.errors)
    except FarFromSeries as far:
        said = far.message.replace("confirm it.", 'send it again with "confirm": true.')
        return field_errors(start_response, {"value": said})
    except NotFound as exc:
        return answer(start_response, "404 Not Found", {"error": "not_found", "message": exc.message})
    except ConcurrentChange as exc:
        return answer(start_response, "409 Conflict", {"error": "concurrent_change", "message": exc.message})
    except DomainError as exc:
        if exc.rule == "archived":
            return answer(start_response, "404 Not Found", {"error": "archived", "message": exc.message})
        return field_errors(start_response, {_field(exc): exc.message})
    if done.created and done.card_ts:
        cards.ask(token.team_id, done.ref)
    log.info("reading %s for %s by API token %s", "recorded" if done.created else "replayed", done.ref, token.name)
    status = "201 Created" if done.created else "200 OK"
    return answer(start_response, status, {"reading": reading_json(done.ref, done.reading), "created": done.created})


def _field(exc: DomainError) -> str:
    """The request's field a domain refusal is about (``metric`` rules are about the value)."""
    return {"metric": "value", None: "value"}.get(exc.field, exc.field or "value")
