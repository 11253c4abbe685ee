"""What a tick did, for the log and for ``mlscope tick``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TickReport:
    planned: int = 0
    claimed: int = 0
    posted: int = 0
    reconciled: int = 0
    retried: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: TickReport) -> None:
        for name in ("planned", "claimed", "posted", "reconciled", "retried", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def summary(self) -> str:
        return (
            f"planned {self.planned}, claimed {self.claimed}, posted {self.posted}, reconciled {self.reconciled}, "
            f"retried later {self.retried}, skipped {self.skipped}"
        )
