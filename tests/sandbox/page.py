"""The sandbox page as a person uses it: type, click, fill modals, move the clock."""

from __future__ import annotations

from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 20


class Page:
    def __init__(self, driver: WebDriver, url: str):
        self.driver, self.url = driver, url

    def open(self) -> Page:
        self.driver.get(self.url)
        self.driver.execute_script("localStorage.clear()")
        self.driver.get(self.url)
        self.wait(lambda d: d.find_element(By.ID, "acting-as").get_attribute("innerHTML"))
        return self

    def wait(self, condition: Any, timeout: float = TIMEOUT) -> Any:
        return WebDriverWait(self.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
            condition
        )

    def find(self, css: str) -> WebElement:
        return self.wait(lambda d: d.find_element(By.CSS_SELECTOR, css))

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    # --- the workspace ------------------------------------------------------------------
    def go(self, channel: str) -> None:
        def clicked(d: WebDriver) -> bool:
            # found and clicked in one go: the sidebar is redrawn as the bot works (a stale link is looked up again)
            d.find_element(By.CSS_SELECTOR, f"[data-testid=channel-{channel}]").click()
            return True

        self.wait(clicked)
        self.wait(
            lambda d: channel in d.find_element(By.CSS_SELECTOR, ".sidebar a.active").get_attribute("data-channel")
        )

    def act_as(self, user: str) -> None:
        Select(self.find("[data-testid=acting-as]")).select_by_value(user)

    def type(self, text: str) -> None:
        box = self.find("[data-testid=composer]")
        box.send_keys(text)
        self.find("[data-testid=send]").click()

    def message_with(self, text: str) -> WebElement:
        """The newest message whose text contains ``text`` (waits for it)."""

        def found(d: WebDriver) -> WebElement | bool:
            hits = [m for m in d.find_elements(By.CSS_SELECTOR, "[data-testid=message]") if text in m.text]
            return hits[-1] if hits else False

        return self.wait(found)

    def message_text(self, text: str) -> str:
        """The text of the newest message containing ``text``, read in one go (the timeline is
        redrawn as the bot works: a message found a moment ago may be a new element now)."""
        return self.wait(lambda d: self.message_with(text).text)  # type: ignore[no-any-return]

    def message_buttons(self, text: str) -> set[str]:
        return self.wait(  # type: ignore[no-any-return]
            lambda d: {b.text for b in self.message_with(text).find_elements(By.CSS_SELECTOR, "button")}
        )

    def click(self, label: str, *, message: str, block: str | None = None) -> None:
        """Click the button labelled ``label`` in the newest message containing ``message`` (in its
        block ``block`` if given). The timeline re-renders as the bot works, so look it up afresh."""

        def clicked(d: WebDriver) -> bool:
            root: Any = self.message_with(message)
            if block:
                root = root.find_element(By.CSS_SELECTOR, f'[data-block-id="{block}"]')
            buttons = [b for b in root.find_elements(By.CSS_SELECTOR, "button[data-action-id]") if b.text == label]
            if not buttons:
                return False
            buttons[-1].click()
            return True

        self.wait(clicked)

    def advance(self, which: str) -> None:
        before = self.find("[data-testid=clock]").get_attribute("data-iso")
        self.find(f"[data-testid=advance-{which}]").click()
        self.wait(lambda d: d.find_element(By.CSS_SELECTOR, f"[data-testid=advance-{which}]").is_enabled())
        self.wait(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=clock]").get_attribute("data-iso") != before)

    # --- modals -------------------------------------------------------------------------
    def modal(self) -> WebElement:
        return self.wait(
            lambda d: d.find_element(By.ID, "modal-overlay").is_displayed() and d.find_element(By.ID, "modal")
        )

    def modal_text(self) -> str:
        return self.modal().text

    def fill(self, answers: dict[str, Any]) -> None:
        modal = self.modal()
        for name, value in answers.items():
            fields = modal.find_elements(By.CSS_SELECTOR, f'[name="{name}"]')
            assert fields, f"the modal has no field {name!r}"
            field = fields[0]
            kind = field.get_attribute("type")
            if field.tag_name == "select":
                chooser = Select(field)
                if chooser.is_multiple:
                    chooser.deselect_all()
                    for v in value:
                        chooser.select_by_value(v)
                else:
                    chooser.select_by_value(str(value))
            elif kind in ("radio", "checkbox"):
                wanted = {str(v) for v in (value if isinstance(value, list) else [value])}
                for box in fields:
                    if (box.get_attribute("value") in wanted) != box.is_selected():
                        box.click()
            elif kind in ("time", "date"):
                self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
            else:
                field.clear()
                field.send_keys(str(value))

    def submit(self) -> None:
        """Press the modal's submit button and wait until the app has answered."""
        before = (
            self.modal().get_attribute("data-view-id"),
            self.modal().find_element(By.CSS_SELECTOR, ".modal-body").text,
        )
        self.find("[data-testid=modal-submit]").click()

        def answered(d: WebDriver) -> bool:
            overlay = d.find_element(By.ID, "modal-overlay")
            if not overlay.is_displayed():
                return True
            modal = d.find_element(By.ID, "modal")
            errors = [e for e in modal.find_elements(By.CSS_SELECTOR, "[data-error-for]") if e.text]
            body = modal.find_element(By.CSS_SELECTOR, ".modal-body").text
            return bool(errors) or (modal.get_attribute("data-view-id"), body) != before

        self.wait(answered)

    def modal_is_closed(self) -> bool:
        return not self.driver.find_element(By.ID, "modal-overlay").is_displayed()

    def field_error(self, block_id: str) -> str:
        return self.find(f'[data-error-for="{block_id}"]').text
