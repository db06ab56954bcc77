"""The audit loop: read -> check (in a process pool) -> redact -> store, resumable.

Every item of the input stream (message or unreadable record) gets a sequence number. Items are
recorded strictly in sequence order, and each commit stores "the first N items are done" with a
digest of those N items (keys and contents). A restarted audit re-reads the inputs, skips the first
N items without checking them, compares the digest (so an edited input is noticed instead of
silently mis-resumed), and carries on from item N+1. Because the check is deterministic and items
are recorded in order, an interrupted-and-resumed audit writes the same rows as an uninterrupted
one, whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..accounts import AccountRecord
from ..config import Config
from ..engine.calls import CheckCall, coerce_channel, unknown_choice
from ..models import MessageContext, Report, Stage
from ..redact import pseudonym, redact_id, redact_report, redact_text
from ..text.textsafety import without_surrogates
from . import interrupts
from .accounts import AccountTap
from .interrupts import Stop, install_fork_hook
from .progress import Progress
from .sources import Item, Source, UsageError
from .stores import ErrorRow, OutputError, Row, RunStats, Store
from .summary import Summary

#: After this many failed pools the audit goes on in one process instead of restarting pools.
MAX_POOL_FAILURES = 3


def clean(value: str | None) -> str | None:
    """Lone surrogates (from JSON escapes or undecodable file names) cannot be stored as UTF-8;
    U+FFFD keeps the length, so finding offsets stay right."""
    return None if value is None else without_surrogates(value)


def _step(digest: str, source_index: int, item: Item) -> str:
    h = hashlib.sha256(digest.encode("ascii"))
    h.update(f"{source_index}\0{item.local_key}\0".encode("utf-8", "surrogatepass"))
    if item.event is not None:
        h.update(f"V{item.account}\0{item.event}\0{item.date}\0".encode("utf-8", "surrogatepass"))
    h.update(b"T" if item.text is not None else b"E")
    h.update(
        (item.text if item.text is not None else item.error or "").encode("utf-8", "surrogatepass")
    )
    return h.hexdigest()


@dataclass
class Settings:
    sources: list[Source]
    store: Store
    config: Config
    workers: int
    channel: str = "email"
    stage: str | None = None
    redact: bool = False
    batch_size: int = 256
    commit_seconds: float = 1.0
    progress: bool = False
    argv: list[str] = field(default_factory=list)
    #: A Dask scheduler address ("tcp://host:8786"): check on that cluster instead of a local pool.
    scheduler: str | None = None
    #: Account-level audit (``--account-column``): collects histories and judges the accounts.
    accounts: AccountTap | None = None


@dataclass
class Result:
    summary: Summary
    messages: int = 0
    input_errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    check_failures: int = 0
    #: Account findings, when the audit is an account audit (None otherwise).
    account_findings: int | None = None

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Entry:
    seq: int
    item: Item
    call: CheckCall | None = None
    error: str | None = None


class Audit:
    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.summary = Summary()
        self.done = 0
        self.digest = ""
        self.stats = RunStats()
        self.last_commit = time.monotonic()
        self._checker: Any = None
        self._sources_index: dict[int, int] = {}
        self.progress: Progress | None = None
        self.rate_started = time.monotonic()

    # -- input ---------------------------------------------------------------------------------

    def _stream(self) -> Iterator[tuple[int, int, Item]]:
        seq = 0
        for index, source in enumerate(self.s.sources):
            for item in source.items():
                for name in (
                    "key",
                    "source",
                    "location",
                    "local_key",
                    "text",
                    "shown",
                    "error",
                    "id",
                    "channel",
                    "stage",
                    "agent",
                    "date",
                    "account",
                    "direction",
                    "event",
                    "thread",
                ):
                    setattr(item, name, clean(getattr(item, name)))
                item.names = tuple(n for n in (clean(x) for x in item.names) if n)
                yield seq, index, item
                seq += 1

    def _prepare(self, item: Item) -> _Entry:
        entry = _Entry(seq=-1, item=item)
        if item.error is None and item.text is None and item.event is not None:
            if self.s.accounts is None:
                entry.error = "an event row without text needs --account-column (an account audit)"
            return entry  # history, not a message: recorded in order by _record_error
        if item.error is not None or item.text is None:
            entry.error = item.error or "no text"
            return entry
        text = item.text
        limit = self.s.config.max_chars
        if len(text) > limit:
            entry.error = (
                f"message is {len(text):,} characters; the limit is {limit:,} (setting: max_chars)"
            )
            return entry
        channel_name = item.channel or self.s.channel
        try:
            channel = coerce_channel(channel_name)
        except ValueError as exc:
            entry.error = str(exc)
            return entry
        stage: Stage | None = None
        stage_name = item.stage or self.s.stage
        if stage_name:
            normal = "-".join(stage_name.strip().lower().replace("_", " ").split())
            try:
                stage = Stage(normal)
            except ValueError:
                entry.error = unknown_choice("stage", stage_name, Stage)
                return entry
        context: MessageContext | None = None
        if item.context:
            try:
                context = MessageContext.model_validate(item.context)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "context"
                entry.error = f"context {where}: {first['msg']}"
                return entry
        entry.call = CheckCall(
            text, id=item.id or item.key, channel=channel, stage=stage, context=context
        )
        return entry

    # -- recording -----------------------------------------------------------------------------

    def _record_event(self, entry: _Entry, source_index: int) -> bool:
        """Put a history row in its account's history; False when it cannot be used (then it
        is an input error)."""
        assert self.s.accounts is not None
        record = self.s.accounts.record(entry.seq, entry.item, None)
        if not isinstance(record, AccountRecord):
            entry.error = record or "an event row needs an account"
            return False
        self._advance(entry, source_index)
        self.s.accounts.add(record)
        self._maybe_commit()
        return True

    def _record_error(self, entry: _Entry, source_index: int) -> None:
        history = entry.error is None and entry.item.event is not None and self.s.accounts
        if history and self._record_event(entry, source_index):
            return
        error = entry.error or "unreadable"
        if self.s.redact:
            error = redact_text(error)
        self._advance(entry, source_index)
        self.summary.add_error(entry.item, error)
        self.s.store.add_error(ErrorRow(seq=entry.seq, item=entry.item, error=error))
        self.stats.input_errors += 1
        self._maybe_commit()

    def _record_report(self, entry: _Entry, source_index: int, report: Report) -> None:
        item = entry.item
        text = item.text or ""
        if item.shown is not None and len(item.shown) == len(text):
            text = item.shown  # same offsets; the reader sees quotes where the check saw blanks
        agent, source_id = item.agent, item.id
        if self.s.redact:
            report = redact_report(report, names=item.names, text=text)
            text = report.text or ""
            # an agent's name is personal data too (docs/audit.md): a stable pseudonym keeps
            # the per-agent totals without saying who
            agent = "agent:" + pseudonym(agent).removeprefix("id:")[:10] if agent else None
            source_id = redact_id(source_id, item.names)
        self._advance(entry, source_index)
        shown = dataclasses.replace(item, agent=agent, id=source_id)
        self.summary.add(shown, report, text)
        self.s.store.add(
            Row(
                seq=entry.seq, item=item, report=report, text=text, agent=agent, source_id=source_id
            )
        )
        self.stats.messages += 1
        if self.s.accounts is not None:
            record = self.s.accounts.record(entry.seq, item, report)
            if isinstance(record, AccountRecord):
                self.s.accounts.add(record)
            elif record is not None:
                self.s.accounts.unplaced += 1
        self._maybe_commit()

    def _advance(self, entry: _Entry, source_index: int) -> None:
        if entry.seq != self.done:
            raise RuntimeError(f"audit items out of order: {entry.seq} after {self.done}")
        self.done += 1
        self.digest = _step(self.digest, source_index, entry.item)
        if self.progress is not None:
            elapsed = time.monotonic() - self.rate_started
            rate = self.stats.messages / elapsed if elapsed > 0.5 else None
            self.progress.advance(entry.item.nbytes, 1, rate)

    def _maybe_commit(self, force: bool = False) -> None:
        store, accounts = self.s.store, self.s.accounts
        now = time.monotonic()
        pending = store.pending + (len(accounts.pending) if accounts is not None else 0)
        if pending and (
            force or pending >= self.s.batch_size or now - self.last_commit >= self.s.commit_seconds
        ):
            if accounts is not None:
                accounts.commit(self.done)  # first: a kill before the next line is cut back
            store.commit(self.done, self.digest, self.summary.to_dict(), self.stats)
            self.last_commit = now

    # -- checking ------------------------------------------------------------------------------

    def _checker_instance(self) -> Any:
        if self._checker is None:
            from ..engine.checker import Checker

            self._checker = Checker(self.s.config)
        return self._checker

    def run(self) -> Result:
        started = time.monotonic()
        store = self.s.store
        resume = store.open(self.s.argv, self.s.workers)
        status = "failed"
        result = Result(summary=self.summary)
        try:
            if self.s.accounts is not None:
                self.s.accounts.resume(resume.done)
            if resume.summary:
                self.summary = Summary.from_dict(resume.summary)
                result.summary = self.summary
            # Sizing a big folder or Maildir means a pass over it: only when a bar is drawn.
            total = sum(source.size() for source in self.s.sources) if self.s.progress else 0
            self.progress = Progress(self.s.progress, total)
            stream = self._stream()
            result.skipped = self._skip(stream, resume.done, resume.digest)
            self.rate_started = time.monotonic()
            install_fork_hook()
            interrupts.running = True
            try:
                with Stop() as stop:
                    self._check_all(stream, stop, result)
                    self._maybe_commit(force=True)
                    result.interrupted = stop.requested
            finally:
                interrupts.running = False
            if self.s.accounts is not None and not result.interrupted:
                result.account_findings = self.s.accounts.finish(store)
            status = "interrupted" if result.interrupted else "completed"
        except KeyboardInterrupt:
            # A forced stop can land between two steps of recording a message, so the buffered
            # batch is dropped rather than committed: the last commit is consistent by itself.
            result.interrupted = True
            status = "interrupted"
        finally:
            if self.progress is not None:
                self.progress.stop()
            result.messages = self.stats.messages
            result.input_errors = self.stats.input_errors
            result.seconds = time.monotonic() - started
            store.close(status, self.stats)
            if self.s.accounts is not None:
                self.s.accounts.close()
        return result

    def _skip(self, stream: Iterator[tuple[int, int, Item]], done: int, digest: str) -> int:
        """Re-read the items an earlier run committed, checking they are the same items."""
        if done == 0:
            return 0
        for _ in range(done):
            try:
                seq, index, item = next(stream)
            except StopIteration:
                raise UsageError(
                    f"the inputs have fewer messages ({self.done}) than the earlier run of this audit "
                    f"saved ({done}); use --restart to audit them from scratch"
                ) from None
            self.done = seq + 1
            self.digest = _step(self.digest, index, item)
            if self.progress is not None:
                self.progress.advance(item.nbytes, 0, None)
        if self.digest != digest:
            raise UsageError(
                "the inputs changed since the earlier run of this audit (the first "
                f"{done:,} messages differ); use --restart to audit them from scratch"
            )
        return done

    def _check_all(
        self, stream: Iterator[tuple[int, int, Item]], stop: Stop, result: Result
    ) -> None:
        pending: deque[tuple[_Entry, int]] = deque()

        def calls() -> Iterator[CheckCall]:
            for seq, index, item in stream:
                entry = self._prepare(item)
                entry.seq = seq
                if entry.call is None:
                    if pending:
                        pending.append((entry, index))
                    else:
                        self._record_error(entry, index)
                    if stop.requested:
                        return
                    continue
                pending.append((entry, index))
                yield entry.call
                if stop.requested:
                    return

        def drain_errors() -> None:
            while pending and pending[0][0].call is None:
                entry, index = pending.popleft()
                self._record_error(entry, index)

        first = next(stream, None)
        if first is None:
            return  # nothing new: do not pay for loading the pipeline
        stream = itertools.chain([first], stream)
        checker = self._checker_instance()
        workers = self.s.workers
        reports = self._reports(checker, calls(), workers)
        while True:
            try:
                report = next(reports)
            except StopIteration:
                break
            except (OutputError, UsageError, KeyboardInterrupt):
                raise
            except Exception as exc:  # a check or a worker failed: isolate the message
                result.check_failures += 1
                print(
                    f"tonecheck audit: a check failed ({self._describe(exc)}); checking the "
                    "affected messages one at a time",
                    file=sys.stderr,
                )
                self._check_pending_here(pending)
                if result.check_failures >= MAX_POOL_FAILURES:
                    workers = 1
                if stop.requested:
                    break
                reports = self._reports(checker, calls(), workers)
                continue
            drain_errors()
            entry, index = pending.popleft()
            self._record_report(entry, index, report)
            if stop.requested:
                break
        close = getattr(reports, "close", None)
        if close is not None:
            close()
        # Items already read ahead are finished here, so the committed prefix is as long as
        # possible when stopping.
        self._check_pending_here(pending)

    def _reports(self, checker: Any, calls: Iterator[CheckCall], workers: int) -> Iterator[Report]:
        """Reports in input order: from a local process pool, or from a Dask cluster."""
        if self.s.scheduler:
            from ..integrations.dask_cluster import audit_on_cluster

            return audit_on_cluster(calls, self.s.scheduler, config=self.s.config)  # type: ignore[return-value]
        return checker.check_many(calls, n_process=workers)  # type: ignore[no-any-return]

    def _describe(self, exc: BaseException) -> str:
        """An exception in one line for logs: short, and masked under --redact, because an
        exception message may quote the text it choked on."""
        text = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return redact_text(text) if self.s.redact else text

    def _check_pending_here(self, pending: deque[tuple[_Entry, int]]) -> None:
        """Check what is left in this process, one at a time, so one bad message cannot take a
        batch down with it; a message whose check raises becomes an input error."""
        checker = self._checker_instance()
        while pending:
            entry, index = pending.popleft()
            if entry.call is None:
                self._record_error(entry, index)
                continue
            try:
                report = entry.call.run(checker)
            except Exception as exc:
                entry.call = None
                entry.error = f"internal error while checking: {self._describe(exc)}"
                print(
                    f"tonecheck audit: {entry.item.location}: {entry.error} (recorded; the audit goes on)",
                    file=sys.stderr,
                )
                self._record_error(entry, index)
                continue
            self._record_report(entry, index, report)
