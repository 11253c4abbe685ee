"""Ephemeral replies to a slash command or through a response_url: the one shape they all take."""

from __future__ import annotations

from typing import Any

from bot.slack import kit


def reply(text: str, blocks: list[kit.Block] | None = None) -> dict[str, Any]:
    """An ephemeral response body (what ack() or response_url takes)."""
    body: dict[str, Any] = {"response_type": "ephemeral", "text": kit.cut(text, 3000)}
    if blocks:
        body["blocks"] = blocks[:50]
    return body


def error_message(text: str) -> dict[str, Any]:
    return reply(f"⚠️ {kit.esc_quoted(text)}")


def done_message(text: str) -> dict[str, Any]:
    return reply(f"✅ {text}")
