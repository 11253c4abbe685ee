"""Logging that never writes a secret, whichever library logs it and at whatever level.

At DEBUG, slack_sdk logs every Web API response whole (``oauth.v2.access`` answers with the bot's
``access_token`` and, with token rotation, its ``refresh_token``), SQLAlchemy logs each statement's
parameters (an installation's row holds its tokens), and any library may log an exception whose
message quotes a URL or a request. Rather than trust each of them, every handler the app logs
through carries ``RedactingFilter``: the formatted message, an exception's traceback and a stack
trace are searched for

- Slack tokens by their prefixes (``xoxb-`` bot, ``xoxp-`` user, ``xoxa-``, ``xoxr-``, ``xoxs-``,
  ``xoxe-`` refresh tokens and ``xoxe.xoxb-`` rotating tokens, ``xapp-`` app-level tokens);
- values of keys that name a secret (``access_token``, ``refresh_token``, ``client_secret``,
  ``bot_token``, ``signing_secret``, ``password``, ``token``, …) in JSON, Python reprs, form bodies
  and query strings, and an OAuth ``code`` in a query string or form body;
- MLScope's own readings-API tokens by their prefix (``mls_``: bot/api, domain/api_token_use_cases.py);
- ``Authorization`` credentials (``Bearer …``, ``Basic …``), a password in a URL
  (``scheme://user:password@host``) and incoming-webhook URLs;
- the exact values of this run's secrets (signing, client and state secrets, the bot and app
  tokens, the database password, the encryption key, the metrics token), wherever they appear.

``configure`` installs it on the root logger's handlers (after ``basicConfig``), on every handler
another logger already has, and on ``logging.lastResort`` (what prints warnings when no handler is
configured, as in ``mlscope tick``).
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
SHORTEST_SECRET = 6  # a shorter setting value would redact ordinary words

# xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe- (refresh), xoxe.xoxb- (rotating access token), xapp-.
_SLACK_TOKEN = re.compile(r"\b(xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9_-]+")
# A key naming a secret, then = or : (quoted or not, escaped quotes included), then its value (or the
# first of a list of them, as a parsed query string has it: {'code': ['…']}).
_SECRET_KEY = r"(?:\w+_)?(?:token|secret|password|passwd)|api_key|private_key"
_KEY_VALUE = re.compile(
    r"(?P<key>(?<![A-Za-z0-9])(?:" + _SECRET_KEY + r"))(?P<sep>[\\\"']*\s*[:=]\s*[\[(\\\"']*)"
    r"(?P<value>(?!\[?redacted\]|None\b|null\b)[^\s\"'\\&,;(){}\[\]]+)",
    re.IGNORECASE,
)
# An OAuth code travels in the redirect's query string and in oauth.v2.access's form body.
_OAUTH_CODE = re.compile(r"(?P<lead>[?&]code=|\bcode['\"]?\s*:\s*[\[(]?['\"])(?P<value>(?!\[?redacted\])[^\s\"'&,;(){}\[\]]+)")
_AUTHORIZATION = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{16,}")  # not "Basic Information"
_URL_PASSWORD = re.compile(r"(?P<lead>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/:@'\"]*:)(?P<password>[^\s/@'\"]+)@")
_WEBHOOK = re.compile(r"(https://hooks\.slack\.com/)[^\s\"'<>]+")
_API_TOKEN = re.compile(r"\bmls_(?!\[redacted\])[A-Za-z0-9_-]+")  # the readings API's tokens


class Redactor:
    """Replaces secrets in text with ``[redacted]``; ``secrets`` are exact values known to this run."""

    def __init__(self, secrets: Iterable[str | None] = ()):
        values: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= SHORTEST_SECRET:
                values |= {secret, quote(secret, safe=""), quote_plus(secret)}
        ordered = sorted(values, key=len, reverse=True)  # a secret that contains another goes first
        self._known = re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None

    def __call__(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub(REDACTED, text)
        text = _KEY_VALUE.sub(lambda m: m.group("key") + m.group("sep") + REDACTED, text)
        text = _OAUTH_CODE.sub(lambda m: m.group("lead") + REDACTED, text)
        text = _AUTHORIZATION.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
        text = _URL_PASSWORD.sub(lambda m: m.group("lead") + REDACTED + "@", text)
        text = _WEBHOOK.sub(lambda m: m.group(1) + REDACTED, text)
        text = _API_TOKEN.sub(f"mls_{REDACTED}", text)
        return _SLACK_TOKEN.sub(lambda m: f"{m.group(1)}-{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """A handler filter: the record leaves with its message, traceback and stack redacted.

    The message is formatted here (``msg % args``) and the result kept with no args, so no handler
    formats the raw arguments again; the traceback is formatted here too and kept as ``exc_text``
    (what ``logging.Formatter`` prints) with ``exc_info`` dropped, so no handler formats the raw
    exception either. A record that is already redacted passes through unchanged.
    """

    def __init__(self, redactor: Redactor):
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string: keep what there is, redacted
            message = f"{record.msg!s} (unformattable, arguments: {record.args!r})"
        record.msg, record.args = self.redactor(message), ()
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redactor(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor(record.stack_info)
        record._redacted = True
        return True


def secrets_of(settings: Any) -> list[str | None]:
    """Every secret a ``Settings`` holds: tokens, signing/client/state secrets, key, metrics token, database password."""
    from sqlalchemy.engine import make_url

    try:
        password = make_url(settings.database_url).password
    except Exception:  # noqa: BLE001 - a malformed URL is reported elsewhere; nothing to add here
        password = None
    names = (
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "slack_client_secret",
        "slack_state_secret",
        "mlscope_encryption_key",
        "metrics_token",
    )
    values: list[str | None] = [getattr(settings, name, None) for name in names]
    key = getattr(settings, "mlscope_encryption_key", None)
    values += [part.strip() for part in key.split(",")] if key else []
    return values + [str(password) if password else None]


def protect(settings: Any) -> RedactingFilter:
    """Put a ``RedactingFilter`` on every handler there is now, and on ``logging.lastResort``."""
    redacting = RedactingFilter(Redactor(secrets_of(settings)))
    handlers: list[logging.Handler] = list(logging.getLogger().handlers)
    for logger in list(logging.Logger.manager.loggerDict.values()):
        handlers += getattr(logger, "handlers", [])
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redacting)
    return redacting


def configure(settings: Any) -> RedactingFilter:
    """The app's logging: ``LOG_LEVEL`` on the root logger, one stream handler, redacted; its lines
    as text, or with ``LOG_FORMAT=json`` one JSON object each (``bot.log_context.JsonFormatter``)."""
    if getattr(settings, "log_format", "text") == "json":
        from bot.log_context import JsonFormatter

        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.basicConfig(level=settings.log_level, handlers=[handler])
    else:
        logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    return protect(settings)
