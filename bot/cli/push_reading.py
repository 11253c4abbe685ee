"""``mlscope push-reading``: record a reading through the readings API, for shell scripts and CI.

The token comes from ``MLSCOPE_TOKEN`` only (a flag would show in ``ps`` and in shell history). A
429 (or a 503) is waited out as its Retry-After says, at most ``--retries`` times and at most
``MAX_WAIT`` seconds each; nothing else is retried. Exit codes, for scripts:

    0 recorded (or already recorded under this run id)   3 token refused (401)
    1 could not reach MLScope, or it failed              4 no such project here, or archived (404)
    2 usage: missing token or bad arguments              5 the reading was refused (422, 413)
                                                         6 still rate limited after the retries (429)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

TOKEN_VARIABLE = "MLSCOPE_TOKEN"
MAX_WAIT = 60.0
EXIT = {401: 3, 404: 4, 413: 5, 422: 5, 429: 6}


def add_parser(sub: Any) -> None:
    push = sub.add_parser(
        "push-reading",
        help="record a reading of a project's metric through the readings API (token from MLSCOPE_TOKEN)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    push.add_argument("--url", required=True, help="MLScope's base URL, e.g. https://mlscope.example.com")
    push.add_argument("--project", required=True, help="the project's ref, e.g. churn")
    push.add_argument("--value", required=True, type=float, help="the metric's value, e.g. 0.81")
    push.add_argument("--note", help="a short note shown in the project's history")
    push.add_argument("--source-url", help="http(s) link to the run (shown on the card and in the digest)")
    push.add_argument("--run-id", help="the run's id: a retried push with the same id records once")
    push.add_argument(
        "--confirm", action="store_true", help="record it even if ten times off the latest reading (else refused)"
    )
    push.add_argument("--retries", type=int, default=3, help="times to wait out a 429 or 503 (default 3)")
    push.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer (default 10)")


def _post(url: str, token: str, body: dict[str, Any], timeout: float) -> tuple[int, dict[str, Any], float]:
    """Status, JSON answer and Retry-After (seconds, 0 if none) of one POST."""
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url.rstrip("/") + "/api/v1/readings", data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - the URL the user gave
            status, raw, retry = resp.status, resp.read(), "0"
    except urllib.error.HTTPError as err:
        status, raw, retry = err.code, err.read(), err.headers.get("Retry-After") or "0"
    try:
        answer = json.loads(raw) if raw else {}
    except ValueError:
        answer = {}
    wait = float(retry) if retry.replace(".", "", 1).isdigit() else 1.0
    return status, answer if isinstance(answer, dict) else {}, wait


def _say(status: int, answer: dict[str, Any]) -> str:
    if status in (200, 201):
        reading = answer.get("reading") or {}
        how = "recorded" if status == 201 else "already recorded under this run id"
        return f"{reading.get('project')}: {reading.get('value')} {how}"
    if status in (413, 422):
        errors = answer.get("errors") or {}
        return "refused: " + "; ".join(f"{field} {problem}" for field, problem in errors.items())
    return f"{status}: {answer.get('message') or answer.get('error') or 'no answer'}"


def run_push_reading(args: argparse.Namespace, sleep: Callable[[float], None] | None = None) -> int:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        print(f"Set {TOKEN_VARIABLE} to an API token (`/mlproject token create <name>` in Slack).", file=sys.stderr)
        return 2
    body = {"project": args.project, "value": args.value, "note": args.note, "source_url": args.source_url}
    body = {k: v for k, v in (body | {"run_id": args.run_id}).items() if v is not None}
    if args.confirm:
        body["confirm"] = True
    for attempt in range(args.retries + 1):
        try:
            status, answer, wait = _post(args.url, token, body, args.timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            print(f"Could not reach MLScope at {args.url}: {getattr(exc, 'reason', exc)}", file=sys.stderr)
            return 1
        if status not in (429, 503) or attempt == args.retries:
            break
        (sleep or time.sleep)(min(max(wait, 1.0), MAX_WAIT))
    print(_say(status, answer), file=sys.stdout if status in (200, 201) else sys.stderr)
    return 0 if status in (200, 201) else EXIT.get(status, 1)
