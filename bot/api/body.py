"""A reading as a pipeline sends it: a JSON object, bounded in every size, checked field by field.

Every field's problem is answered at once (``{"errors": {"value": "..."}}``), before anything is
read from the database: unknown fields, missing ones, strings too long, a value that is not a
finite number (JSON's ``NaN``/``Infinity``, or a number too large for a double), a source URL that
is not http(s).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from domain.metrics import RUN_ID_MAX, SOURCE_URL_MAX, SOURCE_URL_RULE, linkable
from domain.values import NOTE_MAX

MAX_BODY = 4096  # bytes: the longest valid reading (every string at its limit, escaped) is well under it
PROJECT_MAX = 40


class ReadingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    project: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=PROJECT_MAX)]
    value: float
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)] | None = None
    source_url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=SOURCE_URL_MAX)] | None = None
    run_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=RUN_ID_MAX)] | None = None
    confirm: bool = False  # a value far from the series (ten times off, e.g. 0.62 sent to a % metric) is recorded only so

    @field_validator("source_url")
    @classmethod
    def _http(cls, url: str | None) -> str | None:
        """The domain's own rule: http(s), nothing that would break a Slack link."""
        if url is not None and not linkable(url):
            raise ValueError(SOURCE_URL_RULE)
        return url


class BadReading(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def _message(error: Any) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of a reading (project, value, note, source_url, run_id, confirm)"
    if kind == "string_too_long":
        return f"must be at most {context.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "finite_number":
        return "must be a finite number"
    if kind in ("float_type", "string_type"):
        return "must be a number" if kind == "float_type" else "must be a string"
    return str(error["msg"]).removeprefix("Value error, ")


def parse_reading(raw: bytes) -> ReadingIn:
    """The reading in ``raw``, or BadReading naming each field's problem."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadReading({"body": "must be a JSON object (UTF-8)"}) from None
    if not isinstance(data, dict):
        raise BadReading({"body": "must be a JSON object"})
    try:
        return ReadingIn.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "body"
            errors.setdefault(field[:60], _message(error))
        raise BadReading(errors) from None
