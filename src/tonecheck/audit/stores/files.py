"""Append-only file stores: rows are fsync'ed, then a state file is replaced atomically.

On restart the output is cut back to the offsets in the state file, which drops any rows
written after the last marker. `JsonlStore` and `CsvStore` only say how a row is encoded.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from abc import abstractmethod
from pathlib import Path
from typing import Any

from ..sources import UsageError
from .base import (
    FORMAT_VERSION,
    STATE_SUFFIX,
    ErrorRow,
    OutputError,
    ResumePoint,
    Row,
    RunStats,
    Store,
    _now,
    describe_os_error,
)


class FileStore(Store):
    """Append-only output file(s) plus an atomically replaced state file."""

    suffix = ""

    def __init__(self, path: Path, fingerprint: dict[str, Any], restart: bool) -> None:
        super().__init__(path, fingerprint, restart)
        self.state_path = Path(str(path) + STATE_SUFFIX)
        self.errors_path = path.with_name(path.stem + ".errors" + path.suffix)
        self.state: dict[str, Any] = {}
        self.handles: dict[str, io.FileIO] = {}

    # subclass hooks
    def header(self) -> bytes:
        return b""

    def error_header(self) -> bytes:
        return b""

    @abstractmethod
    def encode(self, row: Row) -> bytes: ...

    @abstractmethod
    def encode_error(self, row: ErrorRow) -> bytes: ...

    def _write_state(self) -> None:
        """Write to a temporary file, fsync, rename over the old state: never half a state."""
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        data = json.dumps(self.state, separators=(",", ":")).encode("utf-8")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.state_path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        try:
            fd = os.open(self.state_path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the rename is still atomic

    def _open_file(self, name: str, path: Path, offset: int) -> None:
        # Unbuffered on purpose: a write that fails (full disk, file-size limit) must leave
        # nothing in a user-space buffer that closing the handle would flush past the
        # committed offset as half a line.
        handle = io.FileIO(path, "r+" if path.exists() else "w+")
        handle.truncate(offset)
        handle.seek(offset)
        self.handles[name] = handle

    def open(self, argv: list[str], workers: int) -> ResumePoint:
        if not self.path.parent.is_dir():
            raise OutputError(
                f"cannot create {self.path}: the folder {self.path.parent} does not exist"
            )
        try:
            self._lock()
            Path(str(self.state_path) + ".tmp").unlink(missing_ok=True)
            if self.restart:
                for path in (self.errors_path, self.state_path):
                    path.unlink(missing_ok=True)
                assert self._lock_fd is not None
                os.ftruncate(self._lock_fd, 0)
            if self.state_path.exists():
                try:
                    self.state = json.loads(self.state_path.read_text("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    self._unlock()
                    raise UsageError(
                        f"{self.state_path}: is damaged; use --restart to start the audit over"
                    ) from None
                try:
                    self._mismatch(self.state.get("fingerprint", {}))
                except UsageError:
                    self._unlock()
                    raise
                for run in self.state.get("runs", []):
                    if run.get("status") == "running":
                        run["status"] = "killed"  # we hold the lock: that run died
            else:
                if self.path.stat().st_size > 0:
                    self._unlock()
                    raise UsageError(
                        f"{self.path}: exists and was not written by this audit (no {self.state_path.name}); "
                        "choose another --out, or --restart to replace it"
                    )
                self.state = {
                    "format": FORMAT_VERSION,
                    "fingerprint": self.fingerprint,
                    "done": 0,
                    "digest": "",
                    "offset": 0,
                    "errors_offset": 0,
                    "summary": None,
                    "runs": [],
                }
                self._write_state()
            from ..._version import __version__

            self._open_file("main", self.path, int(self.state["offset"]))
            if self.errors_path.exists() or self.state["errors_offset"]:
                self._open_file("errors", self.errors_path, int(self.state["errors_offset"]))
            self.state["runs"].append(
                {
                    "started_at": _now(),
                    "finished_at": None,
                    "status": "running",
                    "messages": 0,
                    "input_errors": 0,
                    "workers": workers,
                    "version": __version__,
                    "command": argv,
                }
            )
            self.state["runs"] = self.state["runs"][-100:]
            self._write_state()
        except OSError as exc:
            self._unlock()
            raise OutputError(f"cannot write {self.path}: {describe_os_error(exc)}") from None
        self.committed = int(self.state["done"])
        return ResumePoint(
            done=int(self.state["done"]),
            digest=str(self.state["digest"]),
            summary=self.state["summary"],
        )

    def commit(self, done: int, digest: str, summary: dict[str, Any], stats: RunStats) -> None:
        main = b"".join(self.encode(r) for r in self.rows)
        errors = b"".join(self.encode_error(e) for e in self.errors)
        if self.state["offset"] == 0 and main:
            main = self.header() + main
        old = (int(self.state["offset"]), int(self.state["errors_offset"]))
        try:
            handle = self.handles["main"]
            _write_all(handle, main)
            os.fsync(handle.fileno())
            if errors:
                if "errors" not in self.handles:
                    self._open_file("errors", self.errors_path, 0)
                if self.state["errors_offset"] == 0:
                    errors = self.error_header() + errors
                ehandle = self.handles["errors"]
                _write_all(ehandle, errors)
                os.fsync(ehandle.fileno())
            new_state = dict(self.state)
            new_state.update(
                done=done,
                digest=digest,
                summary=summary,
                offset=old[0] + len(main),
                errors_offset=old[1] + len(errors),
            )
            new_state["runs"][-1].update(messages=stats.messages, input_errors=stats.input_errors)
            previous, self.state = self.state, new_state
            try:
                self._write_state()
            except BaseException:
                self.state = previous
                raise
        except OSError as exc:
            self._cut_back(*old)
            raise OutputError(
                f"cannot write {self.path}: {describe_os_error(exc)}; {self._saved()}"
            ) from None
        self.committed = done
        self.rows.clear()
        self.errors.clear()

    def _cut_back(self, offset: int, errors_offset: int) -> None:
        """Drop a half-written batch now, so the files hold only committed rows."""
        for name, size in (("main", offset), ("errors", errors_offset)):
            handle = self.handles.get(name)
            if handle is None:
                continue
            try:
                handle.seek(size)
                handle.truncate(size)
            except OSError:
                pass  # truncating on reopen does the same job

    def close(self, status: str, stats: RunStats) -> None:
        for handle in self.handles.values():
            with contextlib.suppress(OSError):
                handle.close()
        self.handles.clear()
        if not self.state.get("runs"):
            self._unlock()
            return
        self.state["runs"][-1].update(
            status=status,
            finished_at=_now(),
            messages=stats.messages,
            input_errors=stats.input_errors,
        )
        with contextlib.suppress(OSError):
            self._write_state()
        self._unlock()


def _write_all(handle: io.FileIO, data: bytes) -> None:
    """An unbuffered write may be short (e.g. at a file-size limit); go on until it raises."""
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if not written:
            raise OSError(28, "No space left on device")
        view = view[written:]
