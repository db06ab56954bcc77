"""Flesch Reading Ease and Flesch-Kincaid Grade with textstat's formulas and counts, and the
syllables of each word counted once per process instead of once per message.

textstat caches whole texts, so every new message looks its words up again (the CMU table, then
Pyphen's hyphenation for the words it lacks, a regular-expression pass per word), which was most
of the readability cost of a check. Here textstat still splits the text into words and sentences
(its `list_words` and `count_sentences`, so the figures are its figures to the last bit, which
tests/text/test_readability_formulas.py checks against `textstat.flesch_reading_ease` and
`flesch_kincaid_grade`), and each distinct word's syllable count, found by textstat's own rule
(CMU stress digits, else Pyphen positions + 1), is kept in a bounded table.
"""

from __future__ import annotations

from typing import Any

#: textstat's default language, which tonecheck never changes.
LANG = "en_US"
#: Distinct words whose syllable counts are kept (a word is a few dozen bytes).
WORD_CACHE_LIMIT = 100_000

_SYLLABLES: dict[str, int] = {}


def _syllables(word: str, cmu: Any, pyphen: Any) -> int:
    count = _SYLLABLES.get(word)
    if count is None:
        try:
            count = sum(1 for p in cmu[word][0] if p[-1].isdigit())
        except (TypeError, IndexError, KeyError):
            count = len(pyphen.positions(word)) + 1
        if len(_SYLLABLES) >= WORD_CACHE_LIMIT:
            _SYLLABLES.clear()
        _SYLLABLES[word] = count
    return count


def flesch_scores(text: str) -> tuple[float, float]:
    """(Flesch Reading Ease, Flesch-Kincaid Grade) of `text`, as textstat computes them."""
    from textstat.backend.counts._count_sentences import count_sentences
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_lang_cfg import get_lang_cfg
    from textstat.backend.utils._get_lang_root import get_lang_root

    from .syllables import cached_pyphen, configure_textstat, offline_cmudict

    configure_textstat()
    words = list_words(text)
    if not text or not words:
        return 0.0, 0.0
    cmu, pyphen = offline_cmudict(LANG), cached_pyphen(LANG)
    syllables = sum(_syllables(word, cmu, pyphen) for word in list_words(text, lowercase=True))
    sentence_length = len(words) / count_sentences(text)
    per_word = syllables / len(words)
    if sentence_length == 0 or per_word == 0:
        return 0.0, 0.0
    root = get_lang_root(LANG)
    ease = (
        get_lang_cfg(root, "fre_base")
        - get_lang_cfg(root, "fre_sentence_length") * sentence_length
        - get_lang_cfg(root, "fre_syll_per_word") * per_word
    )
    grade = (0.39 * sentence_length) + (11.8 * per_word) - 15.59
    return float(ease), float(grade)
