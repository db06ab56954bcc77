"""Readability: reading grade and ease (textstat), sentence length, and SMS length.

Targets come from the config per channel (``thresholds.<channel>``). Very short messages are not
graded: readability formulas are meaningless on a dozen words, and an SMS reminder should not be
told its "grade" is 11 because it contains the word "payment".
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from ..models import Channel, Readability, Severity, Suggestion
from ..rulebook.loader import detector_rules
from ..text.readability_formulas import flesch_scores
from .base import CheckState, declared_hit, register_scorer

if TYPE_CHECKING:
    from ..engine.resources import Resources

#: Points the reading-grade weight grows per grade above the target, and its cap; the base
#: weight is declared with the rule in ``rules/core/detectors.toml``.
GRADE_WEIGHT_STEP = 3.0
GRADE_WEIGHT_CAP = 20.0
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


def _advice(advice: str) -> list[Suggestion]:
    return [Suggestion(action="advice", description=advice)]


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
                    declared_hit(
                        "clarity.long-sentence",
                        sent.start_char,
                        sent.end_char,
                        suggestions=[suggestion],
                        words=words,
                        channel=state.channel.value,
                        limit=limits.max_sentence_words,
                    )
                )
        if (
            not graded
            and total >= 3
            and (max((n for _, _, n in sentence_words), default=0) <= limits.max_sentence_words)
        ):
            # too short to grade, and no long sentence: short messages are readable by nature
            # (and removing a sentence from a graded message must not lose this strength)
            state.hits.append(declared_hit("clarity.readable", 0, len(text.rstrip()), words=total))
        if graded:
            span_end = len(text.rstrip())
            if grade > limits.max_grade:
                severity = Severity.warning if grade > limits.max_grade + 4 else Severity.suggestion
                base = detector_rules()["clarity.reading-grade"].weight or 0.0
                state.hits.append(
                    declared_hit(
                        "clarity.reading-grade",
                        0,
                        span_end,
                        severity=severity,
                        weight=min(
                            GRADE_WEIGHT_CAP,
                            GRADE_WEIGHT_STEP * (grade - limits.max_grade) + base,
                        ),
                        suggestions=_advice("Use everyday words and sentences under 20 words"),
                        grade=grade,
                        limit=limits.max_grade,
                    )
                )
            elif count >= 2:
                state.hits.append(
                    declared_hit(
                        "clarity.readable",
                        0,
                        span_end,
                        variant="graded",
                        grade=grade,
                        limit=limits.max_grade,
                    )
                )
            if count >= 3 and total / count > limits.max_average_sentence_words:
                state.hits.append(
                    declared_hit(
                        "clarity.average-sentence-length",
                        0,
                        span_end,
                        suggestions=_advice("Break long sentences up"),
                        average=total / count,
                        limit=limits.max_average_sentence_words,
                    )
                )
        if limits.max_characters and len(text) > limits.max_characters:
            state.hits.append(
                declared_hit(
                    "clarity.message-too-long",
                    limits.max_characters,
                    len(text),
                    suggestions=_advice("Shorten; link to the full details"),
                    characters=len(text),
                    channel=state.channel.value,
                    limit=limits.max_characters,
                    segments=sms_segments(text),
                )
            )


@register_scorer("readability", order=30)
def _make(resources: Resources) -> ReadabilityScorer:
    return ReadabilityScorer(resources)
