"""Errors a person can read: each names the field and the rule it broke."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class DomainError(ValueError):
    """A rule of the method or of the data was broken; nothing was written."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None):
        message = _without_field(message, field)
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule

    def __str__(self) -> str:
        return self.message


def _without_field(message: str, field: str | None) -> str:
    """People read these: "value: recall lies between 0 and 1" becomes "Recall lies between 0 and 1"
    (the field is known from ``field``; an input's error sits under that input anyway). A first word
    that is not a plain word (a metric's name such as recall@20, a `ref`) keeps its case."""
    if not field or not message.startswith(f"{field}: "):
        return message
    rest = message[len(field) + 2 :]
    first = rest.split(" ", 1)[0]
    return rest[:1].upper() + rest[1:] if first.isalpha() and first.islower() else rest


class NotFound(DomainError):
    """The thing named does not exist in this workspace (or belongs to another one)."""

    def __init__(self, message: str, *, suggestions: list[str] | None = None):
        super().__init__(message, rule="not_found")
        self.suggestions = suggestions or []


class Conflict(DomainError):
    """The change clashes with existing data (e.g. a ref already taken)."""


class ConcurrentChange(DomainError):
    """Someone else changed the same thing between our read and our write; nothing was written.

    Use cases that read, change and write run again on it (``domain.concurrency.retrying``); the
    person hears this only if it happens every time."""

    def __init__(self, what: str):
        super().__init__(
            f"{what} changed at the same moment elsewhere and nothing was saved; please try again.",
            rule="concurrent_change",
        )


def from_validation(exc: ValidationError, *, prefix: str = "") -> DomainError:
    """Turn pydantic's report into one DomainError naming the first broken field."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"] if part != "__root__")
    field = f"{prefix}{loc}" if loc else prefix.rstrip(".") or None
    msg = first["msg"].removeprefix("Value error, ")
    text = f"{field}: {msg}" if field else msg
    return DomainError(text, field=field, rule=first["type"])


def parse(model: type[M], data: object, *, prefix: str = "") -> M:
    """Validate ``data`` into ``model`` or raise a DomainError naming the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, prefix=prefix) from None
