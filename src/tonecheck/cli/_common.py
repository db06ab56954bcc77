"""What several commands share: configuration, context facts, and reading messages.

Everything that can go wrong with user input is checked here *before* the Checker (and spaCy)
is loaded, so a typo in a path or a context value fails in a fraction of a second with one line
that names the file or option and the problem.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import CliError

if TYPE_CHECKING:
    from ..config import Config
    from ..email import EmailBody
    from ..engine.checker import Checker

#: Files larger than this are refused before reading (an e-mail with attachments fits).
MAX_INPUT_BYTES = 64 * 1024 * 1024
STDIN_LABEL = "<stdin>"


def load_config(path: str | None) -> Config:
    """The named config file, or the discovered one; errors become one line."""
    from ..config import Config, ConfigError

    try:
        return Config.from_file(path) if path else Config.discover()
    except ConfigError as exc:
        raise CliError(str(exc).replace("\n", "; ")) from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read config: {exc.strerror}") from None


def make_checker(config: Config) -> Checker:
    """Build the Checker (this is where spaCy loads); rule pack errors become one line.

    A command builds one Checker and keeps it until it exits. Building it makes about a million
    objects (vocabulary, matchers, rules) that live that long, and every full garbage collection
    would walk them all again: about a tenth of a one-message `tonecheck check`, plus more at
    exit. So collection is paused while they are made, and `gc.freeze` then keeps them out of
    later collections. (Not in `Checker` itself: library users may discard Checkers.)"""
    import gc

    from ..config import ConfigError
    from ..engine.checker import Checker
    from ..rulebook import RulePackError

    gc.disable()
    try:
        checker = Checker(config)
    except (RulePackError, ConfigError) as exc:
        raise CliError(str(exc).replace("\n", "; ")) from None
    finally:
        gc.enable()
    gc.freeze()
    for note in checker.config_warnings:
        sys.stderr.write(f"tonecheck: warning: {note}\n")
    return checker


def resolve_fail_on(option: str | None, config: Config) -> str:
    if option:
        return option
    from enum import Enum

    value = config.fail_on
    return str(value.value) if isinstance(value, Enum) else str(value)


def read_context_file(path: str) -> dict[str, Any]:
    """Context facts from TOML or JSON (chosen by extension, else whichever parses)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: context file not found") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read context file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{path}: context file is not UTF-8 text") from None
    suffix = Path(path).suffix.lower()
    errors = []
    for kind in ("json", "toml") if suffix == ".json" else ("toml", "json"):
        try:
            data: Any = json.loads(text) if kind == "json" else tomllib.loads(text)
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
            errors.append(f"{kind}: {exc}")
            continue
        if not isinstance(data, dict):
            raise CliError(f"{path}: context file must hold a table/object of KEY = VALUE")
        return data
    raise CliError(f"{path}: context file is neither valid TOML nor JSON ({errors[0]})")


def build_context(
    pairs: Sequence[tuple[str, str]], context_file: str | None
) -> dict[str, Any] | None:
    """Merge --context-file and --context (later wins) and validate them as a MessageContext.

    Returns plain JSON-ready data (what the service expects), or None when nothing was given."""
    data: dict[str, Any] = read_context_file(context_file) if context_file else {}
    for key, value in pairs:
        data[key.replace("-", "_")] = value
    if not data:
        return None
    from pydantic import ValidationError

    from ..models import MessageContext

    try:
        context = MessageContext.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"]) or "context"
            message = error["msg"]
            if error["type"] == "extra_forbidden":
                message = f"unknown key; allowed: {', '.join(MessageContext.model_fields)}"
            problems.append(f"{key}: {message}")
        source = "--context-file/--context" if context_file else "--context"
        raise CliError(f"{source}: {'; '.join(problems)}") from None
    dumped: dict[str, Any] = context.model_dump(mode="json", exclude_none=True)
    return dumped


@dataclass
class Loaded:
    """One input, read and decoded, ready to check."""

    label: str
    text: str
    """What the report's offsets refer to: the file's text, or an e-mail's body."""
    kind: str = "text"
    body: EmailBody | None = None
    line_offset: int | None = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    raw: bytes = b""

    @property
    def id(self) -> str | None:
        return None if self.label == STDIN_LABEL else self.label


def read_bytes(label: str) -> bytes:
    """Read a path (or stdin for '-') with errors a person understands."""
    if label == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    path = Path(label)
    try:
        if path.is_dir():
            raise CliError(f"{label}: is a directory, not a message file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise CliError(
                f"{label}: {size:,} bytes is more than the {MAX_INPUT_BYTES:,} byte limit"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{label}: no such file") from None
    except PermissionError:
        raise CliError(f"{label}: permission denied") from None
    except OSError as exc:
        raise CliError(f"{label}: cannot read: {exc.strerror or exc}") from None


def decode_text(label: str, data: bytes, encoding: str) -> str:
    """Plain text: refuse binary files and undecodable bytes, naming the offset."""
    plain_utf8 = encoding.lower().replace("_", "-") in {"utf-8", "utf8"}
    if plain_utf8 and b"\x00" in data[:65536]:
        raise CliError(f"{label}: binary file (contains NUL bytes), not a text message")
    try:
        text = data.decode("utf-8-sig" if plain_utf8 else encoding)
    except LookupError:
        raise CliError(f"--encoding: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        hint = "; convert it to UTF-8 or pass --encoding" if plain_utf8 else ""
        raise CliError(
            f"{label}: not valid {encoding} text (byte 0x{bad} at offset {exc.start}){hint}"
        ) from None
    return text


def load_input(
    label: str, data: bytes, *, kind: str, encoding: str, include_quoted: bool, max_chars: int
) -> Loaded:
    """Decide text or e-mail, decode, and check the size against ``max_chars``."""
    from ..email import EmailInputError, looks_like_email, read_email

    shown = STDIN_LABEL if label == "-" else label
    if len(data) > MAX_INPUT_BYTES:
        raise CliError(f"{shown}: more than {MAX_INPUT_BYTES:,} bytes")
    is_email = kind == "email" or (
        kind == "auto" and (label.lower().endswith(".eml") or looks_like_email(data))
    )
    if is_email:
        if b"\x00" in data[:65536] and not looks_like_email(data):
            raise CliError(f"{shown}: binary file (contains NUL bytes), not an e-mail message")
        try:
            body = read_email(data, include_quoted=include_quoted)
        except EmailInputError as exc:
            raise CliError(f"{shown}: {exc}") from None
        loaded = Loaded(
            label=shown,
            text=body.text,
            kind="email",
            body=body,
            line_offset=body.line_offset,
            notes=body.notes,
            raw=data,
        )
    else:
        loaded = Loaded(label=shown, text=decode_text(shown, data, encoding), raw=data)
    if len(loaded.text) > max_chars:
        raise CliError(
            f"{shown}: {len(loaded.text):,} characters is more than max_chars ({max_chars:,}; "
            "set it in tonecheck.toml)"
        )
    return loaded


def stdin_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return False
