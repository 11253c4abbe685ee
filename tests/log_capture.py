"""The root logger written to a stream for a test, protected as `mlscope serve` protects it
(``bot.logs.protect``: secrets redacted), and put back as it was afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from bot import logs
from bot.settings import Settings


@contextmanager
def root_logs(stream: IO[str], formatter: logging.Formatter, level: int, settings: Settings) -> Iterator[IO[str]]:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(level)
    installed = logs.protect(settings)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for each in [*root.handlers, logging.lastResort]:
            if each is not None:
                each.removeFilter(installed)
