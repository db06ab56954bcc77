"""Disrespect beyond fixed wordings: masked profanity and shouting, read from the text.

Profanity with letters masked ("sh*t", "f**k", "f---") keeps its meaning and its insult; a card
number masked with asterisks ("****-5463") is not one, so a mask needs letters beside it.
Shouting is the share of words written in capitals, with merge fields left out: a template's
"[ACCOUNT HOLDER FULL NAME]" is a field, not a raised voice.
"""

from __future__ import annotations

import re

from ..models import Dimension
from ..text.fields import blank_fields
from .items import EvidenceItem
from .lexicon import Lexicon
from .view import MessageView

MASKED = re.compile(
    r"(?<![\w*#@])[A-Za-z]+[*#@]+[A-Za-z]*(?![\w*#@])|(?<![\w-])[A-Za-z]-{2,3}(?![\w-])"
)
_WORD = re.compile(r"[^\W\d_]+")


def masked_profanity(view: MessageView) -> list[EvidenceItem]:
    text = view.text
    if not any(mark in text for mark in ("*", "#", "@", "--")):
        return []
    items = []
    for match in MASKED.finditer(text):
        word = match.group()
        if len(word) > 10 or ("@" in word and view.text[match.end() : match.end() + 1] == "."):
            continue  # too long for a word, or an e-mail address
        sentence = view.sentence_of(view.token_at(match.start()))
        items.append(
            EvidenceItem(
                name="disrespect.masked-profanity",
                dimension=Dimension.respect,
                value=1.0,
                start=match.start(),
                end=match.end(),
                sentence=sentence,
            )
        )
    return items


def shouting(view: MessageView, lexicon: Lexicon) -> list[EvidenceItem]:
    """``disrespect.shouting``: the share of words (outside merge fields) in capitals."""
    text = view.text
    least = int(lexicon.setting("disrespect.shouting_min_letters"))
    if not re.search(f"[A-Z]{{{least}}}", text):  # no capitalised word at all: the usual case
        return []
    text = blank_fields(text)
    words = _WORD.findall(text)
    if len(words) < lexicon.setting("disrespect.shouting_min_words"):
        return []
    loud = sum(1 for w in words if len(w) >= least and w.isupper())
    if not loud:
        return []
    return [
        EvidenceItem.whole(
            "disrespect.shouting", Dimension.respect, round(loud / len(words), 4), view.text
        )
    ]


def disrespect_evidence(view: MessageView, lexicon: Lexicon) -> list[EvidenceItem]:
    """Listed cues (``disrespect.character``, ``disrespect.passive-blame``: one item per
    sentence, value 1), masked profanity (one per word) and shouting (one per message)."""
    items = []
    for sentence, matches in enumerate(view.by_sentence):
        seen: set[str] = set()
        for name, start, end in matches:
            if name.startswith("disrespect.") and name not in seen:
                seen.add(name)
                first, last = view.char_span(start, end)
                items.append(
                    EvidenceItem(
                        name=name,
                        dimension=Dimension.respect,
                        value=lexicon.cues[name].value,
                        start=first,
                        end=last,
                        sentence=sentence,
                    )
                )
    return [*items, *masked_profanity(view), *shouting(view, lexicon)]
