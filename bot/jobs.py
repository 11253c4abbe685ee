"""Moved to ``bot.ticker``. Kept only for bot/cli.py and bot/sandbox/, which another branch is
splitting: delete once they import ``bot.ticker`` (and pass ``bot.app.scheduled_posts()``)."""

from __future__ import annotations

from typing import Any

from bot.app import scheduled_posts
from bot.ticker import Ticker as _Ticker
from bot.ticker import TickReport, post_now

__all__ = ["TickReport", "Ticker", "post_now"]


class Ticker(_Ticker):
    """``bot.ticker.Ticker`` with the features' posters when its ``deps`` has none (``mlscope tick``
    builds its own)."""

    def __init__(self, deps: Any, client_for: Any, **kwargs: Any):
        kwargs.setdefault("posters", deps.posters or scheduled_posts())
        super().__init__(deps, client_for, **kwargs)
