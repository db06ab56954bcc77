"""Strict configuration: settings that parse but would silently do nothing are reported.

Pydantic checks the shape of ``tonecheck.toml``; this module checks what the shape cannot: that
every rule id in ``disable`` and ``[severity]`` names a rule that exists (a misspelt id would
leave the rule running while the team believes it is off), that a folder in ``rule_dirs`` is
actually used, and that a configured spaCy model was found. Every message names the file, the
line and the key, because the person reading it has to go and edit that line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Config

#: Rule id -> category for the ids the engine's own detectors report (the packs under rules/
#: declare the others), so disable, severity and --select know them too.
BUILTIN_RULES = {
    "format.empty-message": "readability",
    "format.unfilled-merge-field": "placeholder",
    "format.merge-field-amount": "amount",
    "format.merge-field-due-date": "due-date",
    "format.merge-field-payment-method": "payment-method",
    "format.merge-field-contact": "contact",
    "format.merge-field-identity": "identity",
    "clarity.long-sentence": "readability",
    "clarity.reading-grade": "readability",
    "clarity.average-sentence-length": "readability",
    "clarity.readable": "readability",
    "clarity.message-too-long": "readability",
    "sentiment.hostile-tone": "hostile-tone",
    "sentiment.warm-tone": "courtesy",
    "transparency.amount-mismatch": "misrepresentation",
    "format.unused-suppression": "structure",
}
BUILTIN_RULE_IDS = tuple(BUILTIN_RULES)

_WILDCARD = re.compile(r"[*?\[]")
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


def _close(word: str, known: Iterable[str]) -> str:
    choices = list(known)  # a near-certain match alone, else up to three plausible ones
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.9)
    close = close or difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def unknown_rule_ids(config: Config, known: Iterable[str]) -> list[str]:
    """One message per ``disable`` entry or ``[severity]`` key that names no known rule.

    A wildcard entry must match at least one rule; a plain entry must be an exact id."""
    ids = sorted(set(known) | set(BUILTIN_RULE_IDS))
    source = config.source
    problems = []
    entries: list[tuple[tuple[str | int, ...], str]] = [
        (("disable",), entry) for entry in config.disable
    ]
    entries += [(("severity", rule_id), rule_id) for rule_id in config.severity]
    for key, entry in entries:
        if _WILDCARD.search(entry):
            if any(fnmatchcase(rule_id, entry) for rule_id in ids):
                continue
            problem = f"the pattern {entry!r} matches no rule"
        elif entry in ids:
            continue
        else:
            problem = f"unknown rule id {entry!r}"
        value = entry if key[0] == "disable" else None
        problems.append(
            f"{where(source, key, value)}: {problem}{_close(entry, ids)} "
            "('tonecheck rules' lists every id)"
        )
    return problems


def unused_rule_dirs(config: Config, available: dict[str, Path]) -> list[str]:
    """Warnings for ``rule_dirs`` folders none of whose packs is listed in ``packs``.

    Without this a team's own rules are never run and nothing says so."""
    notes = []
    loaded = set(config.packs)
    for index, folder in enumerate(config.rule_dirs):
        folder = Path(folder)
        packs = sorted(
            name
            for name, pack_dir in available.items()
            if pack_dir == folder or pack_dir.parent == folder
        )
        unused = [name for name in packs if name not in loaded]
        if packs and not any(name in loaded for name in packs):
            names = ", ".join(repr(n) for n in unused)
            notes.append(
                f"{where(config.source, ('rule_dirs', index))}: the folder {str(folder)!r} holds "
                f"pack {names}, which is not in `packs`, so its rules are not run; "
                f"add it to `packs`"
            )
    return notes


def model_notes(config: Config, has_model: bool, skipped: Sequence[str]) -> list[str]:
    """Warnings for a configured spaCy model that is missing and for rules that were skipped."""
    notes = []
    if config.spacy_model and not has_model:
        notes.append(
            f"{where(config.source, ('spacy_model',))}: the spaCy pipeline "
            f"{config.spacy_model!r} is not installed; using a blank English pipeline "
            f"(install it with: python -m spacy download {config.spacy_model})"
        )
    if skipped:
        shown = ", ".join(skipped[:10]) + (
            f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        )
        notes.append(
            f"{len(skipped)} rule(s) need a trained spaCy pipeline (setting: spacy_model) and "
            f"were skipped: {shown}"
        )
    return notes


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
        hint = _close(name, allowed_keys)
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
