"""Scheduled posts: the tick that claims due occurrences and hands each to the feature that
registered its kind (``posts.Poster``), then posts what it prepared, paced and exactly once.
Features use only ``post_now``; the ticker imports no feature."""

from bot.ticker.report import TickReport
from bot.ticker.tick import Ticker, post_now

__all__ = ["TickReport", "Ticker", "post_now"]
