"""Spacing posts to one channel once Slack has rate-limited it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SLACK_CHANNEL_INTERVAL = 1.0  # chat.postMessage: about one message per second per channel


@dataclass
class ChannelPace:
    """Slack allows about one message per second per channel, with short bursts. Posting at full
    speed after the first 429 earns a 429 per message and a whole Retry-After second each; pacing
    from the last accepted post instead keeps the channel at the limit, with the database work of
    the next post done while waiting.
    """

    interval: float
    monotonic: Callable[[], float]
    limited: bool = False
    not_before: float = 0.0

    def accepted(self) -> None:
        if self.limited:
            self.not_before = self.monotonic() + self.interval

    def wait(self) -> float:
        """Seconds to wait before the next post (0 until the channel has been rate-limited)."""
        return max(0.0, self.not_before - self.monotonic())
