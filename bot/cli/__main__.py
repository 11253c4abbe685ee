"""``python -m bot.cli``: the ``mlscope`` command."""

from bot.cli.main import entry

entry()
