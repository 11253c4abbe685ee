"""A running sandbox (the real bot, SQLite, the stand-in with its page) and a headless Chromium.

The browser is Debian's Chromium driven by Debian's ChromeDriver through Selenium: nothing is
downloaded at test time. `.ci/run` installs both if they are missing; without them these tests
fail on CI and skip, saying why, elsewhere.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.run import Sandbox

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """A fresh sandbox on a free port; scheduled work runs only when a test moves the clock."""
    running = Sandbox(tmp_path / "sandbox", port=0, tick_seconds=0)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        message = "Debian's chromium and chromium-driver are needed: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[FAILED] = report.failed


FAILED = pytest.StashKey[bool]()


def keep_evidence(request: pytest.FixtureRequest, driver: object, where: Path) -> None:
    """After a failed browser test, keep a screenshot and the page's HTML (paths printed)."""
    if not request.node.stash.get(FAILED, False):
        return
    where.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(where / "screenshot.png"))  # type: ignore[attr-defined]
    (where / "page.html").write_text(driver.page_source)  # type: ignore[attr-defined]
    print(f"\nbrowser evidence kept in {where}")
