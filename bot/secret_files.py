"""Settings given as files: ``<NAME>_FILE`` names a file whose content is the setting ``<NAME>``.

Docker secrets (``/run/secrets/…``) and Kubernetes Secrets mounted as a volume hand a container its
secrets as files, which ``docker inspect``, ``kubectl describe`` and ``/proc/<pid>/environ`` do not
show, unlike environment variables. So every setting may be given that way
(``SLACK_BOT_TOKEN_FILE``, ``SLACK_SIGNING_SECRET_FILE``, ``DATABASE_URL_FILE``,
``MLSCOPE_ENCRYPTION_KEY_FILE``, …): the file's content, less its trailing newline (``echo`` and
most editors add one), is the value.

Giving a setting both ways is refused: which one wins would be a guess, and a stale value left in
``.env`` beside a rotated secret file is exactly the mistake to catch. A file that is missing,
unreadable, empty, too large to be a secret or not UTF-8 text is refused with a sentence naming the
variable; the file's content is never shown, and nor is a path with no ``/`` in it (it may be the
secret itself, set in ``…_FILE`` by mistake). What the files hold then goes through the settings'
own checks, as a value set in the environment does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from bot.logs import Redactor

SUFFIX = "_file"
MAX_BYTES = 64 * 1024  # far above any key, token or URL; a larger file is not a secret


def read_setting_files(names: Iterable[str], *given: Mapping[str, str | None]) -> tuple[dict[str, str], list[str]]:
    """The settings that ``given`` (the environment, then ``.env``; lower-case names) gives as files.

    Returns the values read, by setting name, and one problem per setting that could not be read.
    """
    values: dict[str, str] = {}
    problems: list[str] = []
    for name in names:
        path = next((source[name + SUFFIX] for source in given if source.get(name + SUFFIX)), None)
        if path is None:
            continue
        variable = name.upper()
        if any(source.get(name) for source in given):
            problems.append(
                f"{variable} and {variable}{SUFFIX.upper()} are both set: keep one (the value, or the file that holds it)"
            )
            continue
        hidden = "/" not in path and os.sep not in path
        value, problem = _read(path, "the path it names" if hidden else Redactor()(path))
        if problem is not None:
            if hidden:
                problem += (
                    " (that path is not shown: with no / in it, it may be the secret itself, set there by mistake)"
                )
            problems.append(f"{variable}{SUFFIX.upper()}: {problem}")
        else:
            values[name] = value
    return values, problems


def _read(path: str, shown: str) -> tuple[str, str | None]:
    """The file's text less its trailing newline, or what is wrong with it (``shown`` names the file)."""
    try:
        with open(path, "rb") as file:
            content = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return "", f"no file at {shown}"
    except IsADirectoryError:
        return "", f"{shown} is a directory, not a file"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return "", f"cannot read {shown}: {reason} (this process runs as user {os.getuid()})"
    if len(content) > MAX_BYTES:
        return "", f"{shown} is larger than {MAX_BYTES // 1024} KiB: not a secret"
    try:
        text = content.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return "", f"{shown} is not UTF-8 text"
    if not text:
        return "", f"{shown} is empty"
    return text, None
