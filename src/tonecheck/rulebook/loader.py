"""Finding and reading rule packs.

A pack is a folder of TOML files. Built-in packs ship inside the wheel (``tonecheck/_rules``) and,
in a source checkout, are read from the repository's top-level ``rules/`` folder, so editing a rule
file takes effect without reinstalling. Errors name the file, the rule id and the field, because
the people who write rules are compliance staff, not Python programmers.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..cache_dir import cache_dir, write_cache_file
from .location import RulePackError, builtin_rules_dir
from .schema import (
    DetectorRule,
    MoneyCue,
    NegationWords,
    PackFile,
    PackInfo,
    Requirement,
    Rule,
    SentimentOverlay,
    StageCue,
)
from .shorthand import expand

#: Guard against a pack that would make every check slow or exhaust memory.
DEFAULT_MAX_RULES = 20_000
#: Bump when the layout of the cached pack data changes.
_CACHE_FORMAT = 1
#: Pack caches kept; more than a machine's real pack folders, few enough to stay small.
_CACHE_KEEP = 24
#: Folders of the built-in ``rules/`` that hold data read by other parts of the engine (word
#: lists of graded evidence, fitted model weights, findings made from evidence, fitted score
#: weights, account rules, sentence rewrites), not rule packs.
DATA_FOLDERS = frozenset({"evidence", "models", "accounts", "findings", "scoring", "rewrites"})


@dataclass
class RuleSet:
    """Everything the packs say, merged: the rules, the requirements, stage cues and the
    sentiment lexicon overlay."""

    rules: list[Rule] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    stage_cues: list[StageCue] = field(default_factory=list)
    money_cues: list[MoneyCue] = field(default_factory=list)
    sentiment: dict[str, float] = field(default_factory=dict)
    neutral_phrases: list[str] = field(default_factory=list)
    detectors: list[DetectorRule] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    #: Each loaded pack's ``[pack]`` table.
    info: dict[str, PackInfo] = field(default_factory=dict)

    def by_id(self) -> dict[str, Rule | Requirement | DetectorRule]:
        table: dict[str, Rule | Requirement | DetectorRule] = {r.id: r for r in self.rules}
        table.update({r.id: r for r in self.requirements})
        table.update({r.id: r for r in self.detectors})
        return table


def available_packs(extra_dirs: Sequence[Path] = ()) -> dict[str, Path]:
    """Pack name -> folder, for the built-in packs and every pack folder under `extra_dirs`.

    An extra dir may itself be a pack (it holds .toml files) or hold pack folders."""
    found: dict[str, Path] = {}
    roots = [builtin_rules_dir(), *extra_dirs]
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            raise RulePackError(f"{root}: rule folder does not exist")
        if any(root.glob("*.toml")) and root not in (roots[0],):
            found[root.name] = root
            continue
        for child in sorted(root.iterdir()):
            if root == roots[0] and child.name in DATA_FOLDERS:
                continue
            if child.is_dir() and any(child.glob("*.toml")):
                found[child.name] = child
    return found


def load_packs(
    names: Iterable[str],
    extra_dirs: Sequence[Path] = (),
    max_rules: int = DEFAULT_MAX_RULES,
) -> RuleSet:
    """Load the named packs in order. Duplicate ids across packs are an error."""
    available = available_packs(extra_dirs)
    ruleset = RuleSet()
    seen: dict[str, str] = {}
    for name in names:
        if name not in available:
            raise RulePackError(
                f"unknown rule pack {name!r}; available packs: {', '.join(sorted(available))}"
            )
        files = list(_read_pack_folder(available[name]))
        info = _merge_info(available[name], [(path, parsed.pack) for path, parsed in files])
        for path, parsed in files:
            _check_ids(path, parsed.rule, info)
            items: list[Rule | Requirement | DetectorRule] = [
                *parsed.rule,
                *parsed.requirement,
                *parsed.detector,
            ]
            for item in items:
                if item.id in seen:
                    raise RulePackError(
                        f"{path}: rule {item.id!r}: duplicate id (also defined in {seen[item.id]})"
                    )
                seen[item.id] = str(path)
                item.pack = name
                item.source = str(path)
            ruleset.rules.extend(parsed.rule)
            ruleset.requirements.extend(parsed.requirement)
            ruleset.stage_cues.extend(parsed.stage_cue)
            ruleset.money_cues.extend(parsed.money_cue)
            ruleset.detectors.extend(parsed.detector)
            if parsed.sentiment is not None:
                ruleset.sentiment.update(parsed.sentiment.lexicon)
                ruleset.neutral_phrases.extend(parsed.sentiment.neutral_phrases)
        ruleset.packs.append(name)
        ruleset.info[name] = info
    total = len(ruleset.rules) + len(ruleset.requirements)
    if total > max_rules:
        raise RulePackError(
            f"{total} rules loaded; the limit is {max_rules} (setting: max_rules in tonecheck.toml)"
        )
    return ruleset


def packs_to_load(
    packs: Sequence[str], jurisdiction_packs: bool, available: dict[str, Path]
) -> tuple[list[str], dict[str, str]]:
    """The packs a configuration loads, and of those the ones that apply to one jurisdiction
    only (pack name -> jurisdiction): with `jurisdiction_packs`, every available pack whose
    ``[pack]`` table names a jurisdiction and that `packs` does not already list."""
    names = list(packs)
    optional: dict[str, str] = {}
    if jurisdiction_packs:
        for name, folder in available.items():
            if name in names:
                continue
            jurisdiction = pack_info(folder).jurisdiction
            if jurisdiction is not None:
                names.append(name)
                optional[name] = jurisdiction
    return names, optional


def pack_info(folder: Path) -> PackInfo:
    """A pack folder's ``[pack]`` table, read without validating its rules (choosing which
    packs to load must not cost a full load of every pack)."""
    paths = sorted(folder.glob("*.toml"))
    stamp = _stamp(folder, paths)
    key = json.dumps(stamp) if stamp is not None else None
    if key is not None and key in _INFO_MEMO:
        return _INFO_MEMO[key]
    raws = _read_cache(_cache_file(folder), stamp) if stamp is not None else None
    if raws is None:
        raws = [_read_toml(path) for path in paths]
    tables: list[tuple[Path, PackInfo | None]] = []
    for path, raw in zip(paths, raws, strict=True):
        only_pack = {"pack": raw["pack"]} if "pack" in raw else {}
        try:
            tables.append((path, PackFile.model_validate(only_pack).pack))
        except ValidationError as exc:
            raise RulePackError(_describe(path, only_pack, exc)) from None
    info = _merge_info(folder, tables)
    if key is not None:
        _INFO_MEMO[key] = info
    return info


_INFO_MEMO: dict[str, PackInfo] = {}


def _merge_info(folder: Path, tables: Sequence[tuple[Path, PackInfo | None]]) -> PackInfo:
    """One `PackInfo` from the ``[pack]`` tables of a folder's files (any file may hold it;
    two files may not disagree)."""
    merged: dict[str, Any] = {}
    where: dict[str, Path] = {}
    for path, table in tables:
        if table is None:
            continue
        for key, value in table.model_dump(exclude_unset=True).items():
            if key in merged and merged[key] != value:
                raise RulePackError(
                    f"{path}: pack.{key}: {value!r} disagrees with {merged[key]!r} in {where[key]}"
                )
            merged[key] = value
            where[key] = path
    return PackInfo(**merged)


def _check_ids(path: Path, rules: Sequence[Rule], info: PackInfo) -> None:
    """A rule id starts with its dimension or with its pack's declared prefix, so ids say
    where a finding comes from and two packs cannot claim the same name."""
    for rule in rules:
        allowed = [rule.dimension.value, *([info.id_prefix] if info.id_prefix else [])]
        if not any(rule.id.startswith(prefix + ".") for prefix in allowed):
            hint = (
                f" or the pack's id_prefix ('{info.id_prefix}.')"
                if info.id_prefix
                else '; a pack\'s own prefix is declared in its [pack] table (id_prefix = "...")'
            )
            raise RulePackError(
                f"{path}: rule {rule.id!r}: id must start with its dimension "
                f"('{rule.dimension.value}.'){hint}"
            )


@cache
def detector_rules() -> dict[str, DetectorRule]:
    """The rules the built-in detectors report, by id, from the built-in core pack.

    Read apart from the configured packs: a detector runs whatever packs a team chose, so its
    messages and weights must not depend on them."""
    table: dict[str, DetectorRule] = {}
    for path, parsed in _read_pack_folder(builtin_rules_dir() / "core"):
        for item in parsed.detector:
            item.pack = "core"
            item.source = str(path)
            table[item.id] = item
    return table


@cache
def negation_words() -> NegationWords:
    """The negation cues and bridge words (``rules/core/negation.toml``) the rule compiler's
    negation filter reads."""
    tables = [p.negation for _, p in _read_pack_folder(builtin_rules_dir() / "core") if p.negation]
    if tables:
        return tables[0]
    raise RulePackError(f"{builtin_rules_dir() / 'core'}: no [negation] table; reinstall tonecheck")


def _read_pack_folder(folder: Path) -> Iterator[tuple[Path, PackFile]]:
    """Each TOML file of a pack folder, validated, in name order.

    Parsing TOML (in pure Python) was over half the cost of loading the built-in packs, about
    75 ms per start, so the parsed data of a folder whose files all validated is kept in the
    cache folder and used while no file has changed. The cached data is validated again like a
    freshly parsed file: a newer schema applies to it, and a tampered cache can give no more
    than a rule file could. A generator, so files are read and errors raised in the same order
    as without the cache; the cache is written only once every file has been read and validated.
    """
    paths = sorted(folder.glob("*.toml"))
    stamp = _stamp(folder, paths)
    cache = _cache_file(folder)
    cached = _read_cache(cache, stamp) if stamp is not None else None
    if cached is not None:
        for path, raw in zip(paths, cached, strict=True):
            yield path, _validate(path, raw)
        return
    raws = []
    for path in paths:
        raw = _read_toml(path)
        yield path, _validate(path, raw)
        raws.append(raw)
    if stamp is not None:
        _write_cache(cache, stamp, raws)


def _stamp(folder: Path, paths: Sequence[Path]) -> dict[str, Any] | None:
    """What the cached data is only valid for: this folder, these files as they are now (an edit
    changes the size or modification time, a replacing save the inode) and this tonecheck."""
    from .._version import __version__

    try:
        files = []
        for path in paths:
            info = path.stat()
            files.append([path.name, info.st_size, info.st_mtime_ns, info.st_ino])
    except OSError:
        return None  # reading the file will give the error (or succeed without the cache)
    return {
        "format": _CACHE_FORMAT,
        "tonecheck": __version__,
        "folder": str(folder.resolve()),
        "files": files,
    }


def _cache_file(folder: Path) -> Path:
    """One file per pack folder, so two copies of a pack (a checkout and an installed wheel,
    two virtual environments) do not keep replacing each other's cache."""
    where = str(folder.resolve()).encode("utf-8", "surrogatepass")
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", folder.name)[:40]
    return (
        cache_dir() / f"rules-v{_CACHE_FORMAT}-{safe}-{hashlib.sha256(where).hexdigest()[:12]}.json"
    )


def _read_cache(cache: Path, stamp: dict[str, Any]) -> list[dict[str, Any]] | None:
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or corrupt: parse the TOML instead
        return None
    if not isinstance(stored, dict) or stored.get("stamp") != stamp:
        return None
    data = stored.get("data")
    if not isinstance(data, list) or len(data) != len(stamp["files"]):
        return None
    if not all(isinstance(raw, dict) for raw in data):
        return None
    return data


def _write_cache(cache: Path, stamp: dict[str, Any], raws: list[dict[str, Any]]) -> None:
    try:
        text = json.dumps({"stamp": stamp, "data": raws}, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a TOML date or time in a rule has no JSON form: this folder is not cached
    write_cache_file(cache, text)
    _prune(cache)


def _prune(written: Path) -> None:
    """Keep the newest `_CACHE_KEEP` pack caches (always the one just `written`): packs loaded
    from throwaway folders (tests, previews of a pack being written) would otherwise each leave
    a file behind for good."""
    try:
        others = [
            (p.stat().st_mtime_ns, p)
            for p in written.parent.glob(f"rules-v{_CACHE_FORMAT}-*.json")
            if p != written
        ]
        for _, stale in sorted(others, reverse=True)[_CACHE_KEEP - 1 :]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first, or the folder is read-only: harmless


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RulePackError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read: {exc.strerror}") from None


def _validate(path: Path, raw: dict[str, Any]) -> PackFile:
    raw = expand(path, raw)
    try:
        return PackFile.model_validate(raw)
    except ValidationError as exc:
        raise RulePackError(_describe(path, raw, exc)) from None


def _describe(path: Path, raw: dict[str, Any], exc: ValidationError) -> str:
    """Turn pydantic's error list into 'file: rule id: field: problem' lines."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        rule_id = "?"
        if (
            len(loc) >= 2
            and loc[0] in {"rule", "requirement", "stage_cue"}
            and isinstance(loc[1], int)
        ):
            items = raw.get(str(loc[0]), [])
            if loc[1] < len(items) and isinstance(items[loc[1]], dict):
                rule_id = str(items[loc[1]].get("id", f"#{loc[1] + 1}"))
            where = ".".join(str(p) for p in loc[2:]) or "(rule)"
            lines.append(f"{path}: {loc[0]} {rule_id!r}: {where}: {error['msg']}")
        else:
            where = ".".join(str(p) for p in loc) or "(file)"
            lines.append(f"{path}: {where}: {error['msg']}")
    return "\n".join(lines)


__all__ = [
    "DEFAULT_MAX_RULES",
    "Requirement",
    "Rule",
    "RulePackError",
    "RuleSet",
    "SentimentOverlay",
    "StageCue",
    "available_packs",
    "builtin_rules_dir",
    "load_packs",
    "pack_info",
    "packs_to_load",
]
