"""``bot.clock.FileClock`` (MLSCOPE_CLOCK_PATH): replicas in a drill or a test share one moving time."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from bot.clock import FileClock


def write(path, text: str) -> None:
    part = path.with_suffix(".part")
    part.write_text(text)
    os.replace(part, path)


def test_a_file_clock_tells_the_instant_in_its_file_and_follows_it_when_the_file_is_replaced(tmp_path):
    path = tmp_path / "clock"
    write(path, "2026-03-03T08:30:00+00:00")
    clock = FileClock(path)
    assert clock() == datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
    write(path, "2026-03-10T09:33:00")  # no offset: UTC
    assert clock() == datetime(2026, 3, 10, 9, 33, tzinfo=UTC)


def test_a_missing_or_malformed_clock_file_stops_start_up(tmp_path):
    with pytest.raises(FileNotFoundError):
        FileClock(tmp_path / "none")
    write(tmp_path / "bad", "next tuesday")
    with pytest.raises(ValueError):
        FileClock(tmp_path / "bad")
