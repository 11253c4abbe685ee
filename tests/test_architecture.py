"""The shape of the house, checked: small modules with a docstring, wiring-only ``register``s, short handlers.

docs/architecture.md explains the layout; these tests keep it from drifting. Limits are lines of
source (blank lines and docstrings included), as a newcomer reading the file counts them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "domain", "storage")
MODULE_LIMIT = 300
REGISTER_LIMIT = 25
HANDLER_LIMIT = 30
BOLT_KINDS = {"command", "action", "view", "view_submission", "view_closed", "event", "options", "shortcut", "message"}


def modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # Alembic's generated revisions are history, not design
            found.append(path)
    return found


def name_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def registers() -> list[Path]:
    return [p for p in modules() if "features" in p.parts and _register(p) is not None]


def _register(path: Path) -> ast.FunctionDef | None:
    tree = ast.parse(path.read_text())
    return next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "register"), None)


def _length(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", modules(), ids=name_of)
def test_every_module_is_short_and_says_why_it_exists(path):
    source = path.read_text()
    lines = source.count("\n") + (not source.endswith("\n"))
    assert lines <= MODULE_LIMIT, f"{name_of(path)} has {lines} lines (limit {MODULE_LIMIT}): split it by job"
    if source.strip():
        assert ast.get_docstring(ast.parse(source)), f"{name_of(path)} has no docstring saying why it exists"


def test_features_exist_and_each_wires_itself():
    features = {p.parent.name for p in registers()}
    assert {"command", "scoping", "card", "checkins", "home"} <= features, features


@pytest.mark.parametrize("path", registers(), ids=name_of)
def test_register_is_wiring_only(path):
    register = _register(path)
    assert register is not None
    assert _length(register) <= REGISTER_LIMIT, f"{name_of(path)}.register is {_length(register)} lines"
    nested = [n.name for n in ast.walk(register) if isinstance(n, ast.FunctionDef | ast.Lambda) and n is not register]
    assert not nested, f"{name_of(path)}.register defines handlers inside it: {nested}"


def handlers() -> list[tuple[str, str]]:
    """(module, expression) for each function a ``register`` hands to Bolt: ``app.kind(...)(handler)``."""
    wired = []
    for path in registers():
        register = _register(path)
        assert register is not None
        for node in ast.walk(register):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Call)
                and isinstance(node.func.func, ast.Attribute)
                and node.func.func.attr in BOLT_KINDS
                and node.args
            ):
                wired.append((name_of(path), ast.unparse(node.args[0])))
    return wired


@pytest.mark.parametrize(("module", "expression"), handlers(), ids=lambda v: v)
def test_every_handler_is_a_short_module_level_function(module, expression):
    namespace = vars(importlib.import_module(module))
    handler = eval(expression, dict(namespace))  # noqa: S307 - a name or dotted name from our own source
    assert inspect.isfunction(handler) and "<locals>" not in handler.__qualname__, expression
    lines = len(inspect.getsourcelines(handler)[0])
    assert lines <= HANDLER_LIMIT, f"{handler.__module__}.{handler.__qualname__} is {lines} lines"


def test_every_subcommand_handler_is_a_short_function():
    """/mlproject's router hands each parsed subcommand to its feature: those are handlers too."""
    from bot.features.command.router import ROUTES

    for kind, handler in ROUTES.items():
        lines = len(inspect.getsourcelines(handler)[0])
        assert lines <= HANDLER_LIMIT, f"{kind.__name__} -> {handler.__qualname__} is {lines} lines"
    assert len(ROUTES) >= 15


def test_there_are_handlers_to_check():
    assert len(handlers()) >= 15


def test_handlers_reach_dependencies_through_bolts_context_not_the_app():
    """Features read Deps and the Origin from the middleware's context; only the composition
    (server, CLI, sandbox) holds the typed app's deps, and nobody needs a type-ignore for it."""
    in_features = [name_of(p) for p in modules() if "features" in p.parts and "app.deps" in p.read_text()]
    ignored = [name_of(p) for p in modules() if "deps  # type: ignore" in p.read_text()]
    assert in_features == [] and ignored == []
