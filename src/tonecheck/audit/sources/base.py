"""What every input reader shares: the item, the options, column roles and normalising."""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ...errors import TonecheckError

#: Column roles and the names picked when the user names none (case-insensitive).
ROLE_DEFAULTS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "message"),
    "id": ("id",),
    "date": ("date",),
    "channel": ("channel",),
    "agent": ("agent",),
    "stage": ("stage",),
    # Account audits (docs/accounts.md) are asked for by name, never switched on by a column
    # that happens to be called "account".
    "account": (),
    "direction": (),
    "event": (),
}
#: For e-mail sources the "columns" are headers.
MAIL_DEFAULTS: dict[str, str] = {"id": "Message-ID", "date": "Date", "agent": "From"}
CHANNEL_ALIASES = {
    "e-mail": "email",
    "mail": "email",
    "text": "sms",
    "txt": "sms",
    "text message": "sms",
    "phone": "voice",
    "call": "voice",
    "voicemail": "voice",
    "post": "letter",
    "paper": "letter",
}
#: `MessageContext`'s fields, spelled out so `tonecheck audit --help` need not import the pydantic
#: models; tests/audit/test_audit.py keeps the two in step.
CONTEXT_FIELDS = (
    "name",
    "amount",
    "currency",
    "due_date",
    "creditor",
    "contact",
    "jurisdiction",
    "sender_type",
)
_BOM = codecs.BOM_UTF8
_MAIL_SUFFIXES = {".eml", ".txt"}


class UsageError(TonecheckError):
    """A problem with the command itself (exit 2): one line naming the file and the fix."""


@dataclass(slots=True)
class Item:
    """One message to check, or one unreadable record (``error`` set)."""

    key: str
    source: str
    location: str
    local_key: str
    nbytes: int = 0
    text: str | None = None
    #: The text as the reader saw it, when it differs from what is checked (e-mail quotes are
    #: blanked for the check but kept for display); always the same length as ``text``.
    shown: str | None = None
    error: str | None = None
    id: str | None = None
    channel: str | None = None
    stage: str | None = None
    agent: str | None = None
    date: str | None = None
    context: dict[str, Any] | None = None
    names: tuple[str, ...] = ()
    #: Account audits: the account, "inbound"/"outbound", and the event of a history row (a row
    #: with an event and no text is history, not a message to check).
    account: str | None = None
    direction: str | None = None
    event: str | None = None
    thread: str | None = None


@dataclass
class SourceOptions:
    """What the command line says about columns and decoding."""

    columns: dict[str, str | None] = field(default_factory=dict)
    context_columns: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    max_chars: int = 100_000

    @property
    def max_record_bytes(self) -> int:
        """Longest line or file read; a few times max_chars allows for markup and encoding."""
        return max(1 << 20, 8 * self.max_chars)


def normalise_channel(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    return CHANNEL_ALIASES.get(text, text)


def normalise_date(value: Any) -> str | None:
    """ISO 8601 when the value is a date we can read (ISO, RFC 2822, epoch seconds); else the
    value as given, so nothing is lost, but only ISO values feed the over-time chart."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return text


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _find_column(available: Sequence[str], wanted: str) -> str | None:
    if wanted in available:
        return wanted
    folded = [c for c in available if c.strip().lower() == wanted.strip().lower()]
    return folded[0] if len(folded) == 1 else None


def _list_columns(available: Sequence[str]) -> str:
    shown = ", ".join(repr(c) for c in list(available)[:40])
    return shown + (", …" if len(available) > 40 else "") if available else "(none)"


def resolve_columns(
    available: Sequence[str], options: SourceOptions, label: str, kind: str = "column"
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Map roles (text, id, …) and context fields to the source's real column names, or raise
    UsageError naming the columns that do exist."""
    roles: dict[str, str | None] = {}
    for role, defaults in ROLE_DEFAULTS.items():
        given = options.columns.get(role)
        if given:
            found = _find_column(available, given)
            if found is None:
                raise UsageError(
                    f"{label}: no {kind} {given!r} (--{role}-column); {kind}s are: {_list_columns(available)}"
                )
            roles[role] = found
        else:
            roles[role] = next((c for d in defaults if (c := _find_column(available, d))), None)
    if roles["text"] is None:
        raise UsageError(
            f"{label}: no text {kind} (looked for {', '.join(ROLE_DEFAULTS['text'])}); "
            f"{kind}s are: {_list_columns(available)}; choose one with --text-column"
        )
    context: dict[str, str] = {}
    for name, column in options.context_columns.items():
        found = _find_column(available, column)
        if found is None:
            raise UsageError(
                f"{label}: no {kind} {column!r} (--context-column {name}={column}); "
                f"{kind}s are: {_list_columns(available)}"
            )
        context[name] = found
    return roles, context


def _record_item(
    record: Any, roles: dict[str, str | None], context_columns: dict[str, str], base: Item
) -> Item:
    """Fill an item from a row/object (a mapping or a list indexed like the header)."""

    def get(column: str | None) -> Any:
        if column is None:
            return None
        return record.get(column)

    text = get(roles["text"])
    base.account = _str_or_none(get(roles.get("account")))
    base.direction = _str_or_none(get(roles.get("direction")))
    base.event = _str_or_none(get(roles.get("event")))
    if text is None or (isinstance(text, str) and not text.strip()):
        if base.event is not None:
            _history_row(record, roles, context_columns, base)
            return base
        base.error = "the text is empty"
        return base
    if not isinstance(text, str):
        base.error = f"the text must be a string, not {type(text).__name__}"
        return base
    base.text = text
    base.id = _str_or_none(get(roles["id"]))
    base.date = normalise_date(get(roles["date"]))
    base.channel = normalise_channel(get(roles["channel"]))
    base.stage = _str_or_none(get(roles["stage"]))
    base.agent = _str_or_none(get(roles["agent"]))
    context: dict[str, Any] = {}
    embedded = record.get("context") if isinstance(record, dict) else None
    if isinstance(embedded, dict):
        context.update(embedded)
    for name, column in context_columns.items():
        value = get(column)
        if value is not None and value != "":
            context[name] = value
    base.context = context or None
    if context.get("name"):
        base.names = (str(context["name"]),)
    return base


def _history_row(
    record: Any, roles: dict[str, str | None], context_columns: dict[str, str], item: Item
) -> None:
    """A row that records an event (payment, dispute, call…) for the account's history."""
    item.id = _str_or_none(record.get(roles["id"])) if roles["id"] else None
    item.date = normalise_date(record.get(roles["date"])) if roles["date"] else None
    item.channel = normalise_channel(record.get(roles["channel"])) if roles["channel"] else None
    context = {
        name: record.get(column)
        for name, column in context_columns.items()
        if record.get(column) not in (None, "")
    }
    item.context = context or None


class Source:
    """One path on the command line."""

    kind = "source"

    def __init__(self, path: Path, label: str, options: SourceOptions) -> None:
        self.path = path
        self.label = label
        self.options = options

    def validate(self) -> None:
        """Raise UsageError now for problems that would make every record fail."""

    def size(self) -> int:
        """Bytes to read, for the progress bar's ETA."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def _item(self, local_key: str, location: str, nbytes: int = 0) -> Item:
        return Item(
            key=f"{self.label}#{local_key}",
            source=self.label,
            location=location,
            local_key=local_key,
            nbytes=nbytes,
        )


def _read_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[bytes, bool]]:
    """Physical lines (with their end) and whether each was cut at ``limit`` bytes."""
    while True:
        line = handle.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(b"\n"):
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = handle.readline(limit)
            yield line, True
        else:
            yield line, False
