"""Moved to ``bot.ticker.every_minute``. Kept only for bot/cli.py, which another branch is
splitting: delete once it imports ``bot.ticker.every_minute``."""

from bot.ticker.every_minute import start_scheduler

__all__ = ["start_scheduler"]
