"""``mlscope``: run the bot, migrate the database, export the portfolio.

One module per subcommand (``serve``, ``sandbox``, ``tick``, ``db``, ``export``), the parser and
its help text in ``parser``, what an operator is told when start-up fails in ``start_failures``,
and ``main`` tying them together. ``entry`` is the installed ``mlscope`` command.
"""

from bot.cli.main import entry, main

__all__ = ["entry", "main"]
