"""Reading messages to audit: CSV/TSV, JSONL, Parquet, mbox, Maildir, folders of .eml/.txt.

Every source is a generator that holds one message (or one Parquet batch) at a time, so memory
stays flat however large the input. Each item gets a stable key (the source as given plus a row,
line, message number or file path) that the resumable audit relies on: the same input read twice
yields the same keys in the same order.

A row or message that cannot be read becomes an ``Item`` with ``error`` set and its location, and
reading goes on; only problems that would make every row fail (a missing file, a column that does
not exist) raise ``UsageError`` before the audit starts.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import json
import mailbox
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import mailtext

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
#: models; tests/test_audit.py keeps the two in step.
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


class UsageError(Exception):
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


class CsvSource(Source):
    """CSV or TSV with a header row. Quoting errors, wrong field counts and undecodable bytes
    become input errors at ``file:line``; the reader resynchronises on the next line."""

    kind = "CSV"

    def __init__(self, path: Path, label: str, options: SourceOptions, delimiter: str) -> None:
        super().__init__(path, label, options)
        self.delimiter = delimiter
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}
        self.header: list[str] = []

    def _open_reader(self, handle: BinaryIO, bad: dict[int, str], counter: list[int]) -> Any:
        limit = self.options.max_record_bytes
        encoding = self.options.encoding

        def lines() -> Iterator[str]:
            for number, (raw, cut) in enumerate(_read_lines(handle, limit), 1):
                counter[0] += len(raw)
                if number == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]
                if cut:
                    bad[number] = f"line {number} is longer than {limit:,} bytes"
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    bad.setdefault(
                        number,
                        f"invalid {encoding} bytes on line {number} (byte 0x{raw[exc.start]:02x} at "
                        f"offset {exc.start}); pass --encoding if the file is not {encoding}",
                    )
                    yield raw.decode(encoding, "replace")

        csv.field_size_limit(max(csv.field_size_limit(), limit))
        return csv.reader(lines(), delimiter=self.delimiter, strict=True)

    def validate(self) -> None:
        try:
            with self.path.open("rb") as handle:
                reader = self._open_reader(handle, {}, [0])
                try:
                    header = next(reader)
                except StopIteration:
                    raise UsageError(
                        f"{self.label}: the file is empty (a header row is needed)"
                    ) from None
                except csv.Error as exc:
                    raise UsageError(f"{self.label}:1: cannot read the header row: {exc}") from None
        except OSError as exc:
            raise UsageError(f"{self.label}: cannot read: {exc.strerror or exc}") from None
        self.header = [h.strip() for h in header]
        self.roles, self.context_columns = resolve_columns(self.header, self.options, self.label)

    def items(self) -> Iterator[Item]:
        bad: dict[int, str] = {}
        counter = [0]
        index = {name: i for i, name in reversed(list(enumerate(self.header)))}
        width = len(self.header)
        with self.path.open("rb") as handle:
            reader = self._open_reader(handle, bad, counter)
            next(reader, None)
            previous_line = reader.line_num
            previous_bytes = counter[0]
            number = 0
            while True:
                start_line = previous_line + 1
                try:
                    row = next(reader)
                    problem: str | None = None
                except StopIteration:
                    return
                except csv.Error as exc:
                    row, problem = [], f"broken CSV quoting: {exc}"
                end_line = reader.line_num
                nbytes = counter[0] - previous_bytes
                previous_line, previous_bytes = end_line, counter[0]
                if not row and problem is None:
                    continue  # blank line
                number += 1
                item = self._item(str(number), f"{self.label}:{start_line}", nbytes)
                decoding = next((bad[n] for n in range(start_line, end_line + 1) if n in bad), None)
                if problem is None and decoding is not None:
                    problem = decoding
                if problem is None and len(row) != width:
                    problem = (
                        f"row has {len(row)} fields but the header has {width} "
                        "(an unquoted delimiter or a missing quote?)"
                    )
                if problem is not None:
                    item.error = problem
                    yield item
                    continue
                record = {name: row[i] for name, i in index.items()}
                yield _record_item(record, self.roles, self.context_columns, item)


class JsonlSource(Source):
    """One JSON object per line. Blank lines are skipped; every other bad line is an error."""

    kind = "JSONL"

    def __init__(self, path: Path, label: str, options: SourceOptions) -> None:
        super().__init__(path, label, options)
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}

    def _parse(self, raw: bytes, cut: bool) -> tuple[dict[str, Any] | None, str | None]:
        limit = self.options.max_record_bytes
        if cut:
            return None, f"line is longer than {limit:,} bytes"
        if raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
        except RecursionError:
            return None, "invalid JSON: nested too deeply"
        if not isinstance(value, dict):
            return None, f"expected a JSON object, got {type(value).__name__}"
        return value, None

    def validate(self) -> None:
        first: dict[str, Any] | None = None
        try:
            with self.path.open("rb") as handle:
                for raw, cut in _read_lines(handle, self.options.max_record_bytes):
                    if not raw.strip():
                        continue
                    first, _ = self._parse(raw, cut)
                    if first is not None:
                        break
        except OSError as exc:
            raise UsageError(f"{self.label}: cannot read: {exc.strerror or exc}") from None
        keys = list(first) if first is not None else []
        if first is None:
            # Nothing readable: every line will be recorded as an input error. Resolve against
            # the user's names so an explicit choice still works.
            keys = [v for v in self.options.columns.values() if v] or ["text"]
        self.roles, self.context_columns = resolve_columns(
            keys, self.options, self.label, kind="key"
        )

    def items(self) -> Iterator[Item]:
        with self.path.open("rb") as handle:
            for number, (raw, cut) in enumerate(
                _read_lines(handle, self.options.max_record_bytes), 1
            ):
                if not raw.strip():
                    continue
                item = self._item(str(number), f"{self.label}:{number}", len(raw))
                value, problem = self._parse(raw, cut)
                if value is None:
                    item.error = problem
                    yield item
                    continue
                roles = self._roles_for(value)
                text_key = roles["text"]
                event_key = roles.get("event")
                has_event = event_key is not None and value.get(event_key) not in (None, "")
                if (text_key is None or text_key not in value) and not has_event:
                    wanted = text_key or " / ".join(ROLE_DEFAULTS["text"])
                    item.error = f"no {wanted!r} key; keys are: {_list_columns(list(value))}"
                    yield item
                    continue
                yield _record_item(value, roles, self.context_columns, item)

    def _roles_for(self, value: dict[str, Any]) -> dict[str, str | None]:
        """JSON objects need not share keys: roles the user did not name are looked up in each
        object by their default names."""
        roles: dict[str, str | None] = {}
        keys = list(value)
        for role, defaults in ROLE_DEFAULTS.items():
            given = self.options.columns.get(role)
            if given:
                roles[role] = self.roles.get(role) or given
            else:
                roles[role] = next((c for d in defaults if (c := _find_column(keys, d))), None)
        return roles


class ParquetSource(Source):
    """Parquet read a batch of rows at a time with pyarrow (optional dependency)."""

    kind = "Parquet"
    batch_rows = 512

    def __init__(self, path: Path, label: str, options: SourceOptions) -> None:
        super().__init__(path, label, options)
        self.roles: dict[str, str | None] = {}
        self.context_columns: dict[str, str] = {}

    def _file(self) -> Any:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise UsageError(
                f"{self.label}: reading Parquet needs pyarrow: pip install 'tonecheck[parquet]'"
            ) from None
        try:
            return pq.ParquetFile(str(self.path))
        except Exception as exc:  # pyarrow raises its own ArrowInvalid/OSError family
            raise UsageError(f"{self.label}: not a readable Parquet file: {exc}") from None

    def validate(self) -> None:
        parquet = self._file()
        names = list(parquet.schema_arrow.names)
        self.roles, self.context_columns = resolve_columns(names, self.options, self.label)

    def items(self) -> Iterator[Item]:
        parquet = self._file()
        total_rows = max(1, parquet.metadata.num_rows)
        per_row = max(1, self.size() // total_rows)
        wanted = sorted({c for c in [*self.roles.values(), *self.context_columns.values()] if c})
        number = 0
        for batch in parquet.iter_batches(batch_size=self.batch_rows, columns=wanted):
            for record in batch.to_pylist():
                number += 1
                item = self._item(str(number), f"{self.label}: row {number}", per_row)
                yield _record_item(record, self.roles, self.context_columns, item)


def _mail_item(item: Item, raw: bytes, options: SourceOptions, max_bytes: int) -> Item:
    if len(raw) > max_bytes:
        item.error = f"message is {len(raw):,} bytes; the limit is {max_bytes:,}"
        return item
    try:
        message = mailtext.parse(raw)
        body = mailtext.body_text(message, raw)
    except mailtext.MailError as exc:
        item.error = str(exc)
        return item
    except Exception as exc:  # the stdlib parser is lenient, but a broken MIME tree can still raise
        item.error = f"cannot parse the message: {type(exc).__name__}: {exc}"
        return item
    if not body.checked.strip():
        item.error = "the message has no text"
        return item
    columns = {**MAIL_DEFAULTS, **{k: v for k, v in options.columns.items() if v}}
    item.text = body.checked
    item.shown = body.shown
    message_id = mailtext.header(message, columns["id"])
    item.id = message_id.strip("<>") if message_id else None
    item.date = normalise_date(mailtext.header(message, columns["date"]))
    item.agent = mailtext.sender(message, columns["agent"])
    if columns.get("channel"):
        item.channel = normalise_channel(mailtext.header(message, columns["channel"]))
    if columns.get("stage"):
        item.stage = mailtext.header(message, columns["stage"])
    if columns.get("account"):
        # Mail is grouped by correspondent (the address in the header named, e.g. To) and
        # within an account by thread (the first Message-ID the References header names).
        value = mailtext.header(message, columns["account"])
        address = email.utils.parseaddr(value)[1].lower() if value else ""
        item.account = address or value
        if columns.get("direction"):
            item.direction = mailtext.header(message, columns["direction"])
        references = (mailtext.header(message, "References") or "").split()
        reply_to = mailtext.header(message, "In-Reply-To")
        root = references[0] if references else reply_to or message_id
        item.thread = root.strip().strip("<>") if root else None
    item.names = mailtext.recipient_names(message)
    context: dict[str, Any] = {}
    for name, header in options.context_columns.items():
        value = mailtext.header(message, header)
        if value:
            context[name] = value
    if context:
        item.context = context
        if context.get("name"):
            item.names = (*item.names, str(context["name"]))
    return item


class MboxSource(Source):
    """An mbox file through the stdlib ``mailbox`` module (which keeps only an offset table)."""

    kind = "mbox"

    def validate(self) -> None:
        try:
            with self.path.open("rb") as handle:
                head = handle.read(5)
        except OSError as exc:
            raise UsageError(f"{self.label}: cannot read: {exc.strerror or exc}") from None
        if head and head != b"From ":
            raise UsageError(
                f"{self.label}: not an mbox file (it does not start with a 'From ' line)"
            )

    def items(self) -> Iterator[Item]:
        box = mailbox.mbox(str(self.path), create=False)
        try:
            for number, key in enumerate(box.iterkeys(), 1):
                item = self._item(str(number), f"{self.label}: message {number}")
                try:
                    raw = box.get_bytes(key)
                except (OSError, KeyError, ValueError) as exc:
                    item.error = f"cannot read the message: {exc}"
                    yield item
                    continue
                item.nbytes = len(raw)
                yield _mail_item(item, raw, self.options, self.options.max_record_bytes * 64)
        finally:
            box.close()


class MaildirSource(Source):
    """A Maildir (cur/ and new/); messages in key order so every run sees the same order."""

    kind = "Maildir"

    def size(self) -> int:
        total = 0
        for sub in ("cur", "new"):
            try:
                with os.scandir(self.path / sub) as entries:
                    total += sum(e.stat().st_size for e in entries if e.is_file())
            except OSError:
                continue
        return total

    def items(self) -> Iterator[Item]:
        box = mailbox.Maildir(str(self.path), factory=None, create=False)
        for key in sorted(box.iterkeys()):
            item = self._item(key, f"{self.label}: {key}")
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError) as exc:
                item.error = f"cannot read the message: {exc}"
                yield item
                continue
            item.nbytes = len(raw)
            yield _mail_item(item, raw, self.options, self.options.max_record_bytes * 64)


def _text_file_item(item: Item, path: Path, options: SourceOptions) -> Item:
    limit = options.max_record_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            item.error = f"file is {size:,} bytes; the limit is {limit:,}"
            return item
        raw = path.read_bytes()
    except OSError as exc:
        item.error = f"cannot read: {exc.strerror or exc}"
        return item
    item.nbytes = len(raw)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode(options.encoding)
    except UnicodeDecodeError as exc:
        item.error = (
            f"invalid {options.encoding} bytes (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "pass --encoding if the file is not UTF-8"
        )
        return item
    if not text.strip():
        item.error = "the text is empty"
        return item
    item.text = text
    return item


class FolderSource(Source):
    """A folder (searched recursively, in name order) of .eml and .txt files."""

    kind = "folder"

    def _files(self) -> Iterator[Path]:
        for root, dirs, files in os.walk(self.path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or Path(name).suffix.lower() not in _MAIL_SUFFIXES:
                    continue
                yield Path(root) / name

    def size(self) -> int:
        total = 0
        for path in self._files():
            try:
                total += path.stat().st_size
            except OSError:
                continue
        return total

    def items(self) -> Iterator[Item]:
        for path in self._files():
            relative = path.relative_to(self.path).as_posix()
            shown = f"{self.label.rstrip('/')}/{relative}"
            item = self._item(relative, shown)
            yield _file_item(item, path, self.options)


class FileSource(Source):
    """A single .eml or .txt file named on the command line."""

    kind = "file"

    def items(self) -> Iterator[Item]:
        item = self._item(self.path.name, self.label)
        yield _file_item(item, self.path, self.options)


def _file_item(item: Item, path: Path, options: SourceOptions) -> Item:
    if path.suffix.lower() == ".eml":
        limit = options.max_record_bytes * 64
        try:
            size = path.stat().st_size
            if size > limit:
                item.error = f"message is {size:,} bytes; the limit is {limit:,}"
                return item
            raw = path.read_bytes()
        except OSError as exc:
            item.error = f"cannot read: {exc.strerror or exc}"
            return item
        item.nbytes = len(raw)
        return _mail_item(item, raw, options, limit)
    return _text_file_item(item, path, options)


SUPPORTED = ".csv, .tsv, .jsonl/.ndjson, .parquet, .mbox, .eml, .txt, a Maildir or a folder"


def open_source(label: str, options: SourceOptions) -> Source:
    """The reader for one command-line path, chosen by what it is; UsageError if unsupported."""
    path = Path(label)
    if not path.exists():
        raise UsageError(f"{label}: no such file or folder")
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MaildirSource(path, label, options)
        return FolderSource(path, label, options)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvSource(path, label, options, ",")
    if suffix in (".tsv", ".tab"):
        return CsvSource(path, label, options, "\t")
    if suffix in (".jsonl", ".ndjson"):
        return JsonlSource(path, label, options)
    if suffix in (".parquet", ".pq"):
        return ParquetSource(path, label, options)
    if suffix in (".mbox", ".mbx") or path.name.lower() == "mbox":
        return MboxSource(path, label, options)
    if suffix in _MAIL_SUFFIXES:
        return FileSource(path, label, options)
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise UsageError(f"{label}: cannot read: {exc.strerror or exc}") from None
    if head == b"From ":
        return MboxSource(path, label, options)
    raise UsageError(f"{label}: unsupported input; supported: {SUPPORTED}")
