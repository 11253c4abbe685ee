"""``/mlproject new`` and ``edit``: the scoping modal, opened after the ack."""

from __future__ import annotations

from typing import Any

from bot.features.command.asked import Asked
from bot.features.command.grammar import Edit, New
from bot.features.scoping.open import open_edit, start_new


def new(parsed: New, asked: Asked) -> dict[str, Any]:
    asked.deps.background.submit(start_new, asked.client, asked.respond, asked.deps, asked.origin, name=parsed.name)
    return {}


def edit(parsed: Edit, asked: Asked) -> dict[str, Any]:
    asked.refuse_early(parsed.ref, verb="edit")
    asked.deps.background.submit(open_edit, asked.client, asked.deps, asked.origin, ref=parsed.ref)
    return {}
