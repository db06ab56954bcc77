"""Amounts, dates, day counts and merge fields, per sentence.

A consequence is specific when it carries a value ("a fee of $25", "after 30 June", "within 14
days"); a threat is sharper when its deadline is short ("within 48 hours"). Values are read from
the tokens (a unit after a number, a month next to a day number, a currency sign before an
amount), with the word lists of ``rules/evidence/values.toml``; merge fields are found in the
text, once per message, by the one placeholder grammar (`tonecheck.text.fields`), and count as
a value of the kind their name says.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.fields import find_fields
from .lexicon import Lexicon
from .view import MessageView, word_hash

_FIELD_CLOSERS = "]}»>%"
#: A blank left for a number in a printed form: "....", "___", "…", "--".
_BLANK = re.compile(r"_+|\.{2,}|…+|-{2,}")
#: A field's kind (`tonecheck.text.fields`) as the value a sentence carries.
_FIELD_VALUE = {"amount": "amount", "due-date": "date"}
_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
#: What a token can be, for the tokens worth a second look.
_UNIT, _MONTH, _WEEKDAY, _SYMBOL, _CURRENCY_WORD = range(5)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CURRENCY_SYMBOLS = frozenset("$£€")
#: Words that may stand between a number and its unit ("10 working days", "48-hour").
_UNIT_MODIFIERS = ("business", "working", "calendar", "banking", "full", "clear", "-")


@dataclass(slots=True)
class SentenceValues:
    amount: bool = False
    date: bool = False
    #: The shortest time stated, in days ("within 48 hours" is 2.0, "14 days" is 14.0).
    days: float | None = None
    fields: list[str] = field(default_factory=list)


class ValueReader:
    def __init__(self, lexicon: Lexicon) -> None:
        words = lexicon.word_list
        self.numbers = {word_hash(w): float(n) for w, n in lexicon.numbers.items()}
        self.units: dict[int, float] = {}
        for key, days in (
            ("minute_units", 1 / 1440),
            ("hour_units", 1 / 24),
            ("day_units", 1.0),
            ("week_units", 7.0),
            ("month_units", 30.0),
        ):
            self.units.update({word_hash(w): days for w in words(f"values.{key}") if " " not in w})
        self.modifiers = frozenset(word_hash(w) for w in _UNIT_MODIFIERS)
        self.months = frozenset(word_hash(w) for w in words("values.months"))
        self.weekdays = frozenset(word_hash(w) for w in words("values.weekdays"))
        self.currency_words = frozenset(word_hash(w) for w in words("values.currency_words"))
        self.of = word_hash("of")
        self.hyphen = word_hash("-")
        self.kinds: dict[int, int] = {h: _UNIT for h in self.units}
        self.kinds.update({h: _MONTH for h in self.months})
        self.kinds.update({h: _WEEKDAY for h in self.weekdays})
        self.kinds.update({h: _CURRENCY_WORD for h in self.currency_words})
        self.kinds.update({word_hash(c): _SYMBOL for c in _CURRENCY_SYMBOLS})

    def _number(self, view: MessageView, i: int) -> float | None:
        word = view.lower[i]
        if word in self.numbers:
            units = self.numbers[word]
            if i >= 2 and view.lower[i - 1] == self.hyphen and view.lower[i - 2] in self.numbers:
                return self.numbers[view.lower[i - 2]] + units  # "forty-eight"
            return units
        start = view.idx[i]
        match = _NUMBER.fullmatch(view.text, start, start + view.length[i])
        return float(match.group().replace(",", "")) if match else None

    @staticmethod
    def _left_open(view: MessageView, i: int) -> bool:
        """Whether token ``i`` ends a merge field ("[X]", "${n}") or is a blank ("....",
        "___", "…", "(....)") where a number goes."""
        word = view.text[view.idx[i] : view.idx[i] + view.length[i]]
        if word and word[-1] in _FIELD_CLOSERS:
            return True
        if word == ")" and i > 0:  # "(....)"
            word = view.text[view.idx[i - 1] : view.idx[i - 1] + view.length[i - 1]]
        return bool(_BLANK.fullmatch(word))

    def read(self, view: MessageView) -> list[SentenceValues]:
        out = [SentenceValues() for _ in view.starts]
        text, lower = view.text, view.lower
        n = len(lower)
        kinds = self.kinds
        for i in [i for i, word in enumerate(lower) if word in kinds]:
            kind = kinds[lower[i]]
            sentence = view.sent[i]
            values = out[sentence]
            start = view.starts[sentence]
            if kind == _UNIT:
                j = i - 1
                while j >= start and lower[j] in self.modifiers:
                    j -= 1
                count = self._number(view, j) if j >= start else None
                hours = self.units[lower[i]] < 1
                left_open = count is None and j >= start and self._left_open(view, j)
                if left_open and hours:
                    count = 1.0  # "${hoursRemaining} hours": some hours, a short time
                elif left_open:
                    # "within [X] days", "within the next ....days": a period the template's
                    # user fills in, stated all the same (a placeholder counts as its kind)
                    values.date = True
                if count is not None:
                    days = count * self.units[lower[i]]
                    values.days = days if values.days is None else min(values.days, days)
            elif kind == _MONTH:
                day = i - 2 if i >= 2 and lower[i - 1] == self.of else i - 1
                for k in (day, i + 1):
                    if 0 <= k < n and text[view.idx[k] : view.idx[k] + 1].isdigit():
                        values.date = True
            elif kind == _WEEKDAY:
                values.date = True
            elif kind == _SYMBOL:
                if i + 1 < n and text[view.idx[i + 1]].isdigit():
                    values.amount = True
            elif kind == _CURRENCY_WORD and i > start and self._number(view, i - 1) is not None:
                values.amount = True
        if "/" in text or "-" in text or "." in text:
            starts = [view.idx[s] for s in view.starts]
            for match in _NUMERIC_DATE.finditer(text):
                out[max(0, bisect_right(starts, match.start()) - 1)].date = True
        fields = find_fields(text)
        if fields:
            starts = [view.idx[s] for s in view.starts]
            for merge_field in fields:
                stands_for = _FIELD_VALUE.get(merge_field.kind or "", "other")
                values = out[max(0, bisect_right(starts, merge_field.start) - 1)]
                values.fields.append(stands_for)
                values.amount = values.amount or stands_for == "amount"
                values.date = values.date or stands_for == "date"
        return out


@lru_cache(maxsize=4)
def value_reader(lexicon: Lexicon) -> ValueReader:
    return ValueReader(lexicon)
