"""Slack's Block Kit limits, checked on every payload the stand-in receives.

Numbers from Slack's Block Kit reference (docs.slack.dev): a message holds 50 blocks, a modal or
Home tab 100; modal title/submit/close 24 characters; private_metadata 3000; section text 3000;
option text 75 and value 150; and so on (tables and markdown blocks: ``bot.standin.rich_limits``).
A violation is described in words, with its path.
"""

from __future__ import annotations

from typing import Any

from bot.standin import rich_limits

MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
TEXT_LIMITS = {
    "section": 3000,
    "header": 150,
    "image_title": 2000,
    "context_element": 2000,
    "field": 2000,
    "button": 75,
    "option": 75,
    "option_description": 75,
    "placeholder": 150,
    "label": 2000,
    "hint": 2000,
    "view_title": 24,
    "view_button": 24,
    "confirm_title": 100,
    "confirm_text": 300,
    "confirm_button": 30,
}
OPTIONS_MAX = {"static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10, "overflow": 5}
ELEMENTS_MAX = {"actions": 25, "context": 10}
MESSAGE_TEXT_MAX = 40000
ID_MAX = 255
VALUE_MAX = 150
BUTTON_VALUE_MAX = 2000
PRIVATE_METADATA_MAX = 3000
PLAIN_TEXT_INPUT_MAX = 3000


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def length(self, path: str, text: str, limit: int) -> None:
        if len(text) > limit:
            self.problems.append(f"{path}: {len(text)} characters, limit {limit}")

    def text_obj(self, path: str, obj: Any, kind: str) -> None:
        if obj is not None:
            if isinstance(obj, dict) and obj.get("type") not in ("plain_text", "mrkdwn"):
                self.problems.append(f"{path}: text object without a valid type")
            self.length(path, _text(obj), TEXT_LIMITS[kind])

    def option(self, path: str, option: dict[str, Any]) -> None:
        self.text_obj(f"{path}.text", option.get("text"), "option")
        self.text_obj(f"{path}.description", option.get("description"), "option_description")
        self.length(f"{path}.value", str(option.get("value", "")), VALUE_MAX)

    def element(self, path: str, el: dict[str, Any]) -> None:
        kind = el.get("type", "")
        if "action_id" in el:
            self.length(f"{path}.action_id", str(el["action_id"]), ID_MAX)
        if kind == "button":
            self.text_obj(f"{path}.text", el.get("text"), "button")
            self.length(f"{path}.value", str(el.get("value", "")), BUTTON_VALUE_MAX)
        self.text_obj(f"{path}.placeholder", el.get("placeholder"), "placeholder")
        options = el.get("options") or []
        for group in el.get("option_groups") or []:
            options = options + list(group.get("options", []))
        if kind in OPTIONS_MAX and len(options) > OPTIONS_MAX[kind]:
            self.problems.append(f"{path}.options: {len(options)} options, limit {OPTIONS_MAX[kind]}")
        for i, option in enumerate(options):
            self.option(f"{path}.options[{i}]", option)
        if kind == "plain_text_input" and int(el.get("max_length", 0) or 0) > PLAIN_TEXT_INPUT_MAX:
            self.problems.append(f"{path}.max_length: above {PLAIN_TEXT_INPUT_MAX}")
        if kind == "plain_text_input" and len(str(el.get("initial_value", ""))) > PLAIN_TEXT_INPUT_MAX:
            self.problems.append(f"{path}.initial_value: above {PLAIN_TEXT_INPUT_MAX} characters")
        confirm = el.get("confirm")
        if confirm:
            self.text_obj(f"{path}.confirm.title", confirm.get("title"), "confirm_title")
            self.text_obj(f"{path}.confirm.text", confirm.get("text"), "confirm_text")
            self.text_obj(f"{path}.confirm.confirm", confirm.get("confirm"), "confirm_button")
            self.text_obj(f"{path}.confirm.deny", confirm.get("deny"), "confirm_button")

    def block(self, path: str, block: dict[str, Any]) -> None:
        kind = block.get("type")
        if "block_id" in block:
            self.length(f"{path}.block_id", str(block["block_id"]), ID_MAX)
        if kind == "section":
            self.text_obj(f"{path}.text", block.get("text"), "section")
            fields = block.get("fields") or []
            if len(fields) > 10:
                self.problems.append(f"{path}.fields: {len(fields)} fields, limit 10")
            for i, field in enumerate(fields):
                self.text_obj(f"{path}.fields[{i}]", field, "field")
            if not block.get("text") and not fields:
                self.problems.append(f"{path}: a section needs text or fields")
            if block.get("accessory"):
                self.element(f"{path}.accessory", block["accessory"])
        elif kind == "header":
            self.text_obj(f"{path}.text", block.get("text"), "header")
        elif kind in ELEMENTS_MAX:
            elements = block.get("elements") or []
            if not elements or len(elements) > ELEMENTS_MAX[kind]:
                self.problems.append(f"{path}.elements: {len(elements)} elements, allowed 1-{ELEMENTS_MAX[kind]}")
            for i, el in enumerate(elements):
                if kind == "context":
                    if el.get("type") in ("plain_text", "mrkdwn"):
                        self.text_obj(f"{path}.elements[{i}]", el, "context_element")
                else:
                    self.element(f"{path}.elements[{i}]", el)
        elif kind == "input":
            self.text_obj(f"{path}.label", block.get("label"), "label")
            self.text_obj(f"{path}.hint", block.get("hint"), "hint")
            if not block.get("element"):
                self.problems.append(f"{path}: an input block needs an element")
            else:
                self.element(f"{path}.element", block["element"])
        elif kind == "image":
            # https://docs.slack.dev/reference/block-kit/blocks/image-block: image_url or slack_file, alt_text required
            self.length(f"{path}.alt_text", str(block.get("alt_text", "")), 2000)
            if not block.get("alt_text"):
                self.problems.append(f"{path}: an image block needs alt_text")
            if bool(block.get("image_url")) == bool(block.get("slack_file")):
                self.problems.append(f"{path}: an image block needs exactly one of image_url and slack_file")
            self.text_obj(f"{path}.title", block.get("title"), "image_title")
        elif kind == "table":
            self.problems += rich_limits.table_problems(path, block)
        elif kind == "markdown":
            self.problems += rich_limits.markdown_problems(path, block)
        elif kind not in ("divider", "rich_text", "file", "video"):
            self.problems.append(f"{path}: unknown block type {kind!r}")

    def blocks(self, blocks: list[dict[str, Any]], surface: str) -> None:
        if len(blocks) > MAX_BLOCKS[surface]:
            self.problems.append(f"blocks: {len(blocks)} blocks, limit {MAX_BLOCKS[surface]} for a {surface}")
        self.problems += rich_limits.payload_problems(blocks, surface)
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            self.block(f"blocks[{i}]", block)
            block_id = block.get("block_id")
            if block_id:
                if block_id in seen:
                    self.problems.append(f"blocks[{i}].block_id: duplicate {block_id!r}")
                seen.add(block_id)


def message_violations(text: str | None, blocks: list[dict[str, Any]] | None) -> list[str]:
    checker = _Checker()
    if text and len(text) > MESSAGE_TEXT_MAX:
        checker.problems.append(f"text: {len(text)} characters, limit {MESSAGE_TEXT_MAX}")
    checker.blocks(blocks or [], "message")
    return checker.problems


def view_violations(view: dict[str, Any]) -> list[str]:
    checker = _Checker()
    surface = view.get("type")
    if surface not in ("modal", "home"):
        return [f"view.type: {surface!r} is not modal or home"]
    checker.blocks(view.get("blocks") or [], surface)
    checker.length("view.private_metadata", str(view.get("private_metadata", "")), PRIVATE_METADATA_MAX)
    checker.length("view.callback_id", str(view.get("callback_id", "")), ID_MAX)
    if surface == "modal":
        checker.text_obj("view.title", view.get("title"), "view_title")
        checker.text_obj("view.submit", view.get("submit"), "view_button")
        checker.text_obj("view.close", view.get("close"), "view_button")
        has_input = any(b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and not view.get("submit"):
            checker.problems.append("view.submit: required when the modal has input blocks")
    return checker.problems
