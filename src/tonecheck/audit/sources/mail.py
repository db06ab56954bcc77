"""E-mail input: mbox, Maildir, single .eml/.txt files and folders of them."""

from __future__ import annotations

import email.utils
import mailbox
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import mailtext
from .base import (
    _BOM,
    _MAIL_SUFFIXES,
    MAIL_DEFAULTS,
    Item,
    Source,
    SourceOptions,
    UsageError,
    normalise_channel,
    normalise_date,
)


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


def _read_bytes(item: Item, path: Path, limit: int, what: str) -> bytes | None:
    """The file's bytes, or None with `item.error` set when it is over `limit` or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            item.error = f"{what} is {size:,} bytes; the limit is {limit:,}"
            return None
        raw = path.read_bytes()
    except OSError as exc:
        item.error = f"cannot read: {exc.strerror or exc}"
        return None
    item.nbytes = len(raw)
    return raw


def _text_file_item(item: Item, path: Path, options: SourceOptions) -> Item:
    raw = _read_bytes(item, path, options.max_record_bytes, "file")
    if raw is None:
        return item
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
        raw = _read_bytes(item, path, limit, "message")
        return item if raw is None else _mail_item(item, raw, options, limit)
    return _text_file_item(item, path, options)
