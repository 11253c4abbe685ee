"""Running `mlscope` as a real process in tests: a free port, an environment without Slack, and
`mlscope serve` started, awaited healthy and stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_without_slack(**settings: str) -> dict[str, str]:
    """This process's environment minus every SLACK_* variable, plus ``settings``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")} | settings


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 30, stderr_file: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = stderr_file.read_text() if stderr_file else (proc.stderr.read() if proc.stderr else "")
            raise AssertionError(f"mlscope serve exited: {output[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("mlscope serve did not become healthy")


@contextmanager
def serving(cwd: Path, env: dict[str, str], *, stop_within: float = 30) -> Iterator[tuple[subprocess.Popen, int, Path]]:
    """``mlscope serve`` on a free port with ``env``, its output in ``cwd/serve.log``: (process, port,
    log) once healthy; SIGTERM at the end, after which ``process.returncode`` says how it stopped."""
    port = free_port()
    log = cwd / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
            env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc, stderr_file=log)
            yield proc, port, log
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=stop_within)
