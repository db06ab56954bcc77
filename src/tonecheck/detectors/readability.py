"""Readability: reading grade and ease (textstat), sentence length, and SMS length.

Targets come from the config per channel (``thresholds.<channel>``). Very short messages are not
graded: readability formulas are meaningless on a dozen words, and an SMS reminder should not be
told its "grade" is 11 because it contains the word "payment".
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ..models import Channel, Dimension, Readability, Severity, Suggestion
from ..text.readability_formulas import flesch_scores
from .base import CheckState, Hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

#: Points a readable message gains, graded or (when too short to grade) not: the same either way,
#: so removing a sentence from a message never costs it clarity.
READABLE_WEIGHT = 4.0
#: Below this many words a message is not graded.
MIN_WORDS_FOR_GRADE = 25
_SPLIT_POINTS = re.compile(
    r"(;\s+|,\s+(?=(?:and|but|so|which|because|as|however|or)\b))", re.IGNORECASE
)
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def sms_segments(text: str) -> int:
    """Segments an SMS will be billed as (GSM-7: 160/153 chars; otherwise UCS-2: 70/67)."""
    gsm = all(c in _GSM for c in text)
    single, multi = (160, 153) if gsm else (70, 67)
    length = len(text)
    return 1 if length <= single else math.ceil(length / multi)


def split_sentence(sentence: str) -> str | None:
    """Split a long sentence at its most central clause boundary, or None if it has none."""
    points = [m for m in _SPLIT_POINTS.finditer(sentence)]
    if not points:
        return None
    middle = len(sentence) / 2
    best = min(points, key=lambda m: abs(m.start() - middle))
    head = sentence[: best.start()].rstrip(" ,;")
    tail = sentence[best.end() :].lstrip()
    if len(head.split()) < 4 or len(tail.split()) < 4:
        return None
    tail = re.sub(r"^(and|so|which)\s+", "", tail, flags=re.IGNORECASE) or tail
    return f"{head}. {tail[:1].upper()}{tail[1:]}"


def _readability_hit(
    rule: str,
    kind: str,
    start: int,
    end: int,
    message: str,
    weight: float,
    severity: Severity = Severity.suggestion,
    advice: str | None = None,
    suggestion: Suggestion | None = None,
) -> Hit:
    """Every readability result is a clarity item of the 'readability' category."""
    suggestions = [suggestion] if suggestion else []
    if advice:
        suggestions.append(Suggestion(action="advice", description=advice))
    return Hit(
        rule=rule,
        dimension=Dimension.clarity,
        category="readability",
        severity=severity,
        kind=kind,
        start=start,
        end=end,
        message=message,
        suggestions=suggestions,
        weight=weight,
    )


class ReadabilityScorer:
    name = "readability"

    def __init__(self, resources: Resources) -> None:
        from ..text.syllables import prepare_textstat

        prepare_textstat()  # textstat itself is imported on the first message long enough to grade
        self.thresholds = resources.config.thresholds

    def score(self, state: CheckState) -> None:
        from spacy.tokens import Span

        from ..text.nlp import sentence_index

        limits = self.thresholds[state.channel.value]
        doc = state.doc
        index = sentence_index(doc)
        _, is_word = index.words(doc)
        # (start token, end token, words) of every sentence that has a word
        sentence_words: list[tuple[int, int, int]] = []
        for start, end in zip(index.starts, index.ends, strict=True):
            words = is_word[start:end].count(True)
            if words:
                sentence_words.append((start, end, words))
        total = sum(n for _, _, n in sentence_words)
        count = len(sentence_words)
        text = state.text
        graded = total >= MIN_WORDS_FOR_GRADE
        ease, grade = flesch_scores(text) if graded else (0.0, 0.0)
        state.readability = Readability(
            words=total,
            sentences=count,
            average_sentence_words=round(total / count, 1) if count else 0.0,
            longest_sentence_words=max((n for _, _, n in sentence_words), default=0),
            flesch_reading_ease=round(ease, 1),
            flesch_kincaid_grade=round(grade, 1),
            characters=len(text),
            sms_segments=sms_segments(text) if state.channel is Channel.sms else None,
        )
        for start, end, words in sentence_words:
            if words > limits.max_sentence_words:
                sent = Span(doc, start, end)
                split = split_sentence(sent.text)
                suggestion = (
                    Suggestion(action="replace", text=split, description="Split into two sentences")
                    if split
                    else Suggestion(
                        action="advice",
                        description="Split this into shorter sentences, one idea each",
                    )
                )
                state.hits.append(
                    _readability_hit(
                        "clarity.long-sentence",
                        "finding",
                        sent.start_char,
                        sent.end_char,
                        f"This sentence has {words} words; for {state.channel.value} aim for "
                        f"{limits.max_sentence_words} or fewer so it can be read in one go.",
                        8.0,
                        severity=Severity.warning,
                        suggestion=suggestion,
                    )
                )
        if (
            not graded
            and total >= 3
            and (max((n for _, _, n in sentence_words), default=0) <= limits.max_sentence_words)
        ):
            # too short to grade, and no long sentence: short messages are readable by nature
            # (and removing a sentence from a graded message must not lose this strength)
            state.hits.append(
                _readability_hit(
                    "clarity.readable",
                    "strength",
                    0,
                    len(text.rstrip()),
                    f"A short message ({total} words) in short sentences.",
                    READABLE_WEIGHT,
                )
            )
        if graded:
            span_end = len(text.rstrip())
            if grade > limits.max_grade:
                severity = Severity.warning if grade > limits.max_grade + 4 else Severity.suggestion
                state.hits.append(
                    _readability_hit(
                        "clarity.reading-grade",
                        "finding",
                        0,
                        span_end,
                        f"Reading grade {grade:.1f} (Flesch-Kincaid) is above the target of "
                        f"{limits.max_grade:g}: people under stress read less well; use shorter "
                        "words and sentences.",
                        min(20.0, 3.0 * (grade - limits.max_grade) + 4.0),
                        severity=severity,
                        advice="Use everyday words and sentences under 20 words",
                    )
                )
            elif count >= 2:
                state.hits.append(
                    _readability_hit(
                        "clarity.readable",
                        "strength",
                        0,
                        span_end,
                        f"Reading grade {grade:.1f} is within the target of {limits.max_grade:g}.",
                        READABLE_WEIGHT,
                    )
                )
            if count >= 3 and total / count > limits.max_average_sentence_words:
                state.hits.append(
                    _readability_hit(
                        "clarity.average-sentence-length",
                        "finding",
                        0,
                        span_end,
                        f"Sentences average {total / count:.0f} words; aim for "
                        f"{limits.max_average_sentence_words:g} or fewer.",
                        6.0,
                        advice="Break long sentences up",
                    )
                )
        if limits.max_characters and len(text) > limits.max_characters:
            state.hits.append(
                _readability_hit(
                    "clarity.message-too-long",
                    "finding",
                    limits.max_characters,
                    len(text),
                    f"{len(text)} characters is long for {state.channel.value} (limit "
                    f"{limits.max_characters}; {sms_segments(text)} SMS segments). Keep the key "
                    "facts and link to the details.",
                    10.0,
                    severity=Severity.warning,
                    advice="Shorten; link to the full details",
                )
            )


@register_scorer("readability", order=30)
def _make(resources: Resources) -> ReadabilityScorer:
    return ReadabilityScorer(resources)
