"""Slack tokens encrypted at rest with Fernet (``cryptography``), keyed by MLSCOPE_ENCRYPTION_KEY.

Fernet is authenticated encryption (AES-128-CBC with an HMAC-SHA256), so a value changed in the
database fails to decrypt instead of decrypting to garbage. The key setting holds one key, or
several separated by commas to rotate keys: the first encrypts, every one decrypts, and a value
sealed with an older key is sealed again with the first whenever it is saved.

A stored value is recognised as sealed by Fernet's own prefix (version byte 0x80 and a timestamp,
``gAAAAA`` in base64); Slack's tokens start with ``xox``/``xapp`` and webhook URLs with
``https``, so a value without that prefix is plaintext from before a key was set: it is read as
is and sealed on its next save; ``storage.slack_oauth.seal_stored`` seals them all at once when
``mlscope serve`` starts, and seals again under the first key what an older key sealed.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

SEALED_PREFIX = "gAAAAA"
HOW_TO_GENERATE = '.venv/bin/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class TokenKeyError(RuntimeError):
    """Stored tokens are encrypted and the key that would open them is not given."""


def parse_keys(setting: str) -> MultiFernet:
    """The keys of ``MLSCOPE_ENCRYPTION_KEY`` (comma-separated, the first encrypts); ValueError if malformed."""
    parts = [part.strip() for part in setting.split(",") if part.strip()]
    if not parts:
        raise ValueError("is empty")
    try:
        return MultiFernet([Fernet(part) for part in parts])
    except (ValueError, TypeError):
        raise ValueError("must be Fernet keys, comma-separated (each 32 url-safe base64-encoded bytes)") from None


def is_sealed(value: str | None) -> bool:
    return bool(value) and str(value).startswith(SEALED_PREFIX)


class TokenCipher:
    """Seals and opens token values; ``None`` passes through both ways."""

    def __init__(self, setting: str):
        self._fernet = parse_keys(setting)
        self._first = Fernet(setting.split(",")[0].strip())

    def needs_sealing(self, value: str | None) -> bool:
        """Plaintext, or sealed under a key other than the first (after a key rotation)."""
        if value is None:
            return False
        if not is_sealed(value):
            return True
        try:
            self._first.decrypt(value.encode())
        except InvalidToken:
            return True
        return False

    def seal(self, value: str | None) -> str | None:
        if value is None:
            return None
        if is_sealed(value):
            try:
                return self._fernet.rotate(value.encode()).decode()  # already sealed: under the first key
            except InvalidToken:
                pass  # not ours after all: seal it like any other value
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str | None) -> str | None:
        if value is None or not is_sealed(value):
            return value  # plaintext from before a key was set
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken:
            raise TokenKeyError(
                "A stored Slack token was encrypted with a key MLSCOPE_ENCRYPTION_KEY does not list: "
                "add that key (comma-separated, after the current one) or reinstall the app."
            ) from None


class NoCipher:
    """No key: values are stored as given; a sealed value cannot be opened and says why."""

    def seal(self, value: str | None) -> str | None:
        return value

    def open(self, value: str | None) -> str | None:
        if is_sealed(value):
            raise TokenKeyError(
                "Stored Slack tokens are encrypted, and MLSCOPE_ENCRYPTION_KEY is not set: "
                "set it to the key they were encrypted with."
            )
        return value


def cipher_for(setting: str | None) -> TokenCipher | NoCipher:
    return TokenCipher(setting) if setting else NoCipher()
