"""No lost updates: a use case that read, changed and wrote runs again when another writer got there first.

Writes are compare-and-set (a version per project and per draft, see storage): a writer that read
an older version changes nothing and raises ``ConcurrentChange``. Running the whole use case again
— load, decide, write — decides on what is there now, so the earlier writer's change stays and
this one is applied on top (Cosmic Python, chapter 7: optimistic concurrency, retry on conflict).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from domain.errors import ConcurrentChange

ATTEMPTS = 5

P = ParamSpec("P")
R = TypeVar("R")


def retrying(use_case: Callable[P, R]) -> Callable[P, R]:
    """Run ``use_case`` again on ``ConcurrentChange``; after ``ATTEMPTS`` the person hears it."""

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for _ in range(ATTEMPTS - 1):
            try:
                return use_case(*args, **kwargs)
            except ConcurrentChange:
                continue
        return use_case(*args, **kwargs)

    return run
