"""Moved to ``bot.slack.clients``. Kept only for bot/cli.py, bot/sandbox/ and bot/standin/, which another
branch is splitting: delete once they import ``bot.slack.clients``."""

from bot.slack.clients import *  # noqa: F403
