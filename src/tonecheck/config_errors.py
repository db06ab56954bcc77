"""Config errors in plain words: which file, which line, which key, and what is wrong.

Pydantic reports ``fail_on.str-enum[Severity]: Input should be …``; a person editing
``tonecheck.toml`` needs ``tonecheck.toml, line 7, key fail_on: must be one of …``. tomllib keeps
no positions, so lines are found by a light scan of the file (`key_line`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""")


def _dotted(text: str) -> list[str]:
    return [a or b or c for a, b, c in _PART.findall(text)]


def key_line(path: Path | None, key: Sequence[str | int], value: str | None = None) -> int | None:
    """The 1-based line of ``key`` (a path such as ``("severity", "respect.x")``) in a TOML file,
    or of ``value`` inside that key's value (a list item), or None when it cannot be found.

    tomllib keeps no positions, so this is a light scan of table headers and ``key =`` lines; it
    only has to point a person at the right line, not parse TOML."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    prefix = ["tool", "tonecheck"] if path.name == "pyproject.toml" else []
    wanted = prefix + [str(k) for k in key if not isinstance(k, int)]
    table: list[str] = []
    best: tuple[int, int] | None = None  # (matched length, line index)
    for index, line in enumerate(lines):
        header = _HEADER.match(line)
        if header and "=" not in line.split("]")[0]:
            table = _dotted(header.group(1))
            full = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            full = table + _dotted(assign.group(1))
        length = _common(full, wanted)
        if length == len(full) and length > len(prefix) and (best is None or length > best[0]):
            best = (length, index)
    if best is None:
        return None
    start = best[1]
    if value is not None:
        quoted = (f'"{value}"', f"'{value}'")
        for index in range(start, len(lines)):
            if index > start and (_HEADER.match(lines[index]) or _ASSIGN.match(lines[index])):
                break
            if any(q in lines[index] for q in quoted):
                return index + 1
    return start + 1


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def where(path: Path | None, key: Sequence[str | int], value: str | None = None) -> str:
    """``file, line N, key K`` (as much of it as is known), the start of every config message."""
    shown = ".".join(
        f"[{k}]" if isinstance(k, int) else (f'"{k}"' if "." in k else k) for k in key
    ).replace(".[", "[")
    line = key_line(path, key, value)
    parts = [str(path) if path is not None else "<config>"]
    if line is not None:
        parts.append(f"line {line}")
    parts.append(f"key {shown or '(top level)'}")
    return ", ".join(parts)


def close_matches(word: str, known: Iterable[str]) -> str:
    choices = list(known)  # a near-certain match alone, else up to three plausible ones
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.9)
    close = close or difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def plain_errors(
    errors: Sequence[Any], source: Path | None, allowed_keys: Iterable[str]
) -> list[str]:
    """pydantic's error list in plain words: one line per key, without pydantic's own labels
    (``str-enum[Severity]``, ``literal['never']``, ``Value error,``)."""
    grouped: dict[tuple[str | int, ...], list[dict[str, Any]]] = {}
    for error in errors:
        loc = tuple(
            p
            for p in error["loc"]
            if isinstance(p, int) or not re.search(r"[\[\]()-]", str(p)) or "." in str(p)
        )
        grouped.setdefault(loc, []).append(error)
    lines = []
    for loc, group in grouped.items():
        named = re.search(r"unknown channel '([^']+)'", str(group[0]["msg"]))
        at = (*loc, named.group(1)) if named else loc  # point at the offending line itself
        lines.append(f"{where(source, at)}: {_plain_message(loc, group, allowed_keys)}")
    return lines


def _plain_message(
    loc: tuple[str | int, ...],
    group: list[dict[str, Any]],
    allowed_keys: Iterable[str],
) -> str:
    first = group[0]
    if first["type"] == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        hint = close_matches(name, allowed_keys)
        if len(loc) > 1 and name in set(allowed_keys):
            hint = (
                f"; `{name}` is a top-level setting but sits inside the [{'.'.join(map(str, loc[:-1]))}] "
                "table: move it above the first [table] line"
            )
        return f"unknown setting{hint or '; allowed: ' + ', '.join(sorted(allowed_keys))}"
    expected = [str(e["ctx"]["expected"]) for e in group if e.get("ctx", {}).get("expected")]
    got = first.get("input")
    shown = f"; got {got!r}" if not isinstance(got, (dict, list)) else ""
    if expected:
        return f"must be one of {', '.join(expected)}{shown}"
    message = str(first["msg"])
    for label in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(label)
    return f"{message[0].lower()}{message[1:]}{shown if first['type'] != 'value_error' else ''}"
