"""Checks on each edited window, so a rewrite never reads worse than the original.

Each check names a defect reviewers reject in mechanical rewrites: "Please please", "an the",
"of we", lower case inside an ALL CAPS line, a sentence opening with "Or", an empty list item, an
edit inside the scope of "no"/"not" ("There is no rush to pay it all at once"), a changed fact.
A problem already in the original is not the edit's fault, so windows are compared.
"""

from __future__ import annotations

import re
from collections import Counter

from .slots import MERGE_FIELD, read_slots

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_ALLOWED_DOUBLES = {"that", "had", "is", "do", "very"}
_CLOSED_PAIRS = re.compile(
    r"\b(?:a|an|the) (?:a|an|the|we|they|you|I|he|she|our|your|my)\b"
    r"|\b(?:of|to|for|with|by|from|about) (?:we|they|he|she|I)\b"
    r"|\ban (?=[bcdfgjklmnpqrstvwxyz][a-z])",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?:Or|And|But|So|Otherwise|Unless|Because|As|Which|While|Whilst|"
    r"Whereas|Although|Though|Since)\b[ ,]"
)
_EMPTY_ITEM = re.compile(r"^[ \t]*(?:[-*\u2022]|\d+[.)])[ \t]*[.,;]?[ \t]*$", re.MULTILINE)
_LOWER_START = re.compile(r"(?:^|[.!?]\s+)([a-z])(?=[a-z])", re.MULTILINE)
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|nothing|nobody|none|neither|nor)\b|n't\b", re.IGNORECASE
)
_SPACE_PUNCT = re.compile(r"\s[,.;:!?]|[,;:]{2,}|\.\.(?!\.)|\s{2,}(?=\S)")


def problems(text: str) -> Counter[str]:
    """Defect counts in `text`, by kind."""
    found: Counter[str] = Counter()
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() not in _ALLOWED_DOUBLES:
            found["doubled-word"] += 1
    found["closed-class-pair"] += len(_CLOSED_PAIRS.findall(text))
    found["leading-conjunction"] += len(_LEADING_CONJUNCTION.findall(text))
    found["empty-list-item"] += len(_EMPTY_ITEM.findall(text))
    found["lower-case-start"] += len(_LOWER_START.findall(text))
    found["stray-punctuation"] += len(
        [m for m in _SPACE_PUNCT.finditer(text) if "\n" not in m.group(0)]
    )
    for line in text.splitlines():
        letters = [c for c in line if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if len(letters) >= 12 and upper / len(letters) > 0.6 and upper < len(letters):
            found["case-mismatch"] += 1
    return +found


def new_problems(before: str, after: str) -> list[str]:
    """Defect kinds `after` has more of than `before`."""
    old, new = problems(before), problems(after)
    return sorted(kind for kind, count in new.items() if count > old.get(kind, 0))


def in_negation_scope(text: str, start: int) -> bool:
    """True when a negation governs the words at `start` (up to five words before, same clause)."""
    left = text[max(0, start - 60) : start]
    clause = re.split(r"[.!?;:,\n]|\bbut\b", left)[-1]
    tail = clause.split()[-5:]
    return bool(_NEGATION.search(" ".join(tail)))


def facts_kept(before: str, after: str, allowed_new: set[str] | None = None) -> bool:
    """Every fact of `before` is still in `after`, and `after` states no new literal value
    (beyond `allowed_new`: values the rewrite was given or reused)."""
    old = read_slots(before).values()
    new = read_slots(after).values()
    if old - new:
        return False
    extra = new - old
    allowed = allowed_new or set()
    return all(
        value in allowed
        or value in before
        or value.startswith(("[", "{", "%", "<", "*|", "$"))
        or MERGE_FIELD.fullmatch(value) is not None  # a new field in the template's own syntax
        for value in extra
    )


def window_ok(before: str, after: str, allowed_new: set[str] | None = None) -> list[str]:
    """Reasons to reject an edit that turned window `before` into `after` (empty: accept)."""
    reasons = new_problems(before, after)
    if not facts_kept(before, after, allowed_new):
        reasons.append("changed-fact")
    return reasons


_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:of|to|for|with|about|from|in|on|by|at)\s+$")
_DETERMINER_START = re.compile(r"(?i)(?:this|that|the|our|your|my|a|an)\b")


def object_of_preposition(text: str, start: int, end: int) -> bool:
    """A filler phrase deleted where it is the object of the word before it ("The purpose of
    this letter is to advise you that X"): what follows would become that object, and the
    sentence says something else ("The purpose of X")."""
    return bool(
        _PREPOSITION_BEFORE.search(text[max(0, start - 12) : start])
        and _DETERMINER_START.match(text, start)
    )


_NOUN_PHRASE = re.compile(r"(?i)(?:the|a|an|your|our|this|that)\s")
_PARTICIPLE_TAIL = re.compile(r"(?i)\w(?:ed|ing|en)$")


def participle_over_noun(text: str, start: int, end: int, replacement: str) -> bool:
    """A noun-phrase fix ("the missed payment" for "your default") whose match ends in a verb
    form that modifies the next word ("your defaulted student loan"): the match is not the
    noun the fix was written for, and replacing it leaves two nouns side by side."""
    if not _NOUN_PHRASE.match(replacement):
        return False
    last = text[start:end].split()[-1] if text[start:end].split() else ""
    return bool(_PARTICIPLE_TAIL.search(last)) and bool(re.match(r" [A-Za-z]", text[end : end + 2]))
