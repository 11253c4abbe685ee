"""Who a log line is about: the request id, the workspace and Slack's retry number of the request
being handled, and ``LOG_FORMAT=json``'s formatter that writes them.

The values live in context variables: set by the HTTP server for each request (a fresh id; Slack's
own headers are not ids) and by the Bolt dispatch (the team, the retry number; the id in Socket
Mode), reset when the request is answered, and carried into the background work a request hands
off (``bot.background`` runs each task in a copy of its submitter's context).
"""

from __future__ import annotations

import contextvars
import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

_FIELDS: dict[str, contextvars.ContextVar[str | None]] = {
    name: contextvars.ContextVar(f"mlscope_{name}", default=None) for name in ("request_id", "team", "slack_retry")
}

Tokens = list[tuple[contextvars.ContextVar[str | None], contextvars.Token[str | None]]]


def bind(**values: str | None) -> Tokens:
    """Set ``request_id``, ``team``, ``slack_retry`` for this context; ``unbind`` puts back what was there."""
    return [(_FIELDS[name], _FIELDS[name].set(value)) for name, value in values.items()]


def unbind(tokens: Tokens) -> None:
    for var, token in reversed(tokens):
        var.reset(token)


def current_request_id() -> str | None:
    return _FIELDS["request_id"].get()


def current() -> dict[str, str]:
    """The fields set in this context (none of them is a secret)."""
    return {name: value for name, var in _FIELDS.items() if (value := var.get()) is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, then request_id, team and
    slack_retry when known, exception (its traceback) and stack when there are.

    It formats what the handler's ``RedactingFilter`` left: the message already formatted and
    redacted, the traceback as redacted text (``exc_text``).
    """

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line |= current()
        exception = record.exc_text
        if not exception and record.exc_info:
            exception = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if exception:
            line["exception"] = exception
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)
