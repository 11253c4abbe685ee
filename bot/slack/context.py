"""The one middleware that hands every listener what it needs, through Bolt's ``context``.

Bolt injects a fixed set of arguments into listeners (``ack``, ``body``, ``client``, ``context``,
``respond``, ``view``, ...; https://docs.slack.dev/tools/bolt-python/concepts/listener-middleware,
``slack_bolt.kwargs_injection``). What MLScope adds — its dependencies and the request's
``Origin`` — goes into ``context`` once per request, here, so handlers are plain module-level
functions (no closures over ``deps``, no ``team, user = body[...]`` in each). Netflix Dispatch's
Slack plugin does the same for its database session and typed ``private_metadata``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.deps import Deps
from bot.slack.origin import Origin

DEPS, ORIGIN = "mlscope_deps", "mlscope_origin"


def provide(deps: Deps) -> Callable[..., Any]:
    """The middleware: ``deps`` and the request's origin into ``context``, then the listener."""

    def middleware(context: BoltContext, body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 - Bolt's name
        context[DEPS] = deps
        context[ORIGIN] = Origin.of(body)
        return next()

    return middleware


def deps_of(context: BoltContext) -> Deps:
    return context[DEPS]


def origin_of(context: BoltContext) -> Origin:
    return context[ORIGIN]
