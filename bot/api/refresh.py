"""The card refresh after a pipeline's reading: at most one at a time per card, the rest folded in.

A pipeline may push many readings a second to one project; each would be a ``chat.update`` of its
card, and Slack rate-limits those per channel. While a card's refresh runs, readings that arrive
only mark it stale; when it ends it runs once more (reading the newest state), so a burst costs
two updates, never one per reading, and the card still ends on the last reading. Per process.
"""

from __future__ import annotations

import threading

from bot.deps import Deps
from bot.features.card.publish import refresh_card

RUNNING, STALE = "running", "stale"


class CardRefresher:
    def __init__(self, deps: Deps):
        self.deps = deps
        self._cards: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def ask(self, team_id: str, ref: str) -> bool:
        """Refresh the card after this request's answer; False if one in progress will run again instead."""
        if self.deps.client_for is None:
            return False
        with self._lock:
            if (team_id, ref) in self._cards:
                self._cards[(team_id, ref)] = STALE
                return False
            self._cards[(team_id, ref)] = RUNNING
        self.deps.background.submit(self._run, team_id, ref)
        return True

    def _run(self, team_id: str, ref: str) -> None:
        assert self.deps.client_for is not None
        key, again = (team_id, ref), True
        try:
            while again:
                with self._lock:
                    self._cards[key] = RUNNING
                refresh_card(self.deps.client_for(team_id), self.deps.uow(), team_id, ref)
                with self._lock:
                    again = self._cards.get(key) == STALE
        finally:
            with self._lock:
                self._cards.pop(key, None)
