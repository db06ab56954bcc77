"""Masking personal data so reports and audits can be shared.

A collection team wants to show an audit to a compliance officer, a vendor or a regulator
without handing over customers' contact details. ``redact_text`` masks

* e-mail addresses            -> ``[email]``
* phone numbers               -> ``[phone]``
* account, card, IBAN and other long reference numbers -> every digit but the last four becomes
  ``*`` (``**** **** **** 1234``), the way statements print them, so a person who holds the
  real data can still tell accounts apart
* names given in context, and the name after a greeting ("Dear Ms Jones,") -> ``[name]``

``redact_report`` applies the same masking to a ``Report``: finding and strength spans, messages,
suggestions and the context. Because masks change the length of the text, offsets are moved so
``start``/``end`` still point at the right characters *of the redacted text*: a redacted report
stays internally consistent (``redacted_text[f.start:f.end] == f.span``).

Masking is deliberately greedy: a date written as a long digit run or a name that is also a
common word ("May") may be masked too. Over-masking costs readability; under-masking leaks data.
This is a best-effort filter for well-formed contact details, not a guarantee against every
way personal data can be written (postal addresses, for example, are not detected).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from .models import Finding, MessageContext, Report, Suggestion

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
NAME_MASK = "[name]"

# Bounded quantifiers throughout: these run on untrusted text of up to max_chars characters and
# must stay linear (no nested unbounded repetition).
_EMAIL = regex.compile(
    r"(?<![\w.%+\-])[\w.%+\-']{1,64}@(?:[\w\-]{1,63}\.){1,8}[^\W\d_]{2,24}(?![\w\-])"
)
_PHONE = regex.compile(
    r"""
    (?<![\w+])(?:
        \+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,4}(?:[\s.\-]?\d{2,4}){1,4}   # +44 20 7946 0958
      | (?:1[\s.\-])?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}               # (555) 123-4567
      | 0\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}                                     # 020 7946 0958
    )(?![\w])
    """,
    regex.VERBOSE,
)
# Keyword-led references ("account no. AB123456", "card ending 4242") may hold letters.
_REFERENCE = regex.compile(
    r"""(?i:\b(?:account|acct|a/c|card|customer|reference|ref|policy|member|loan|contract)
        (?:\s{0,3}(?:number|no\.?|num|\#|id|ref|ending(?:\s{1,3}in)?)){0,2})
        \s{0,3}[:\#]?\s{0,3}
        (?P<value>[A-Z0-9]{0,6}\d[A-Z0-9]{2,33}(?:[\-\ ]\d{2,8}){0,6})(?![\w])
    """,
    regex.VERBOSE,
)
_IBAN = regex.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
# Any run of 8+ digits, possibly split by single spaces or dashes (cards, SSNs, long refs).
_DIGIT_RUN = regex.compile(r"(?<![\w.,])\d(?:[\ \-]?\d){7,39}(?![\w])")
#: Dates are not personal data and due dates matter to a reader of the audit.
_DATE_SHAPE = regex.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}|\d{8}(?<=(?:19|20)\d{2}[01]\d[0-3]\d)"
)
_GREETING = regex.compile(
    r"""(?:^|(?<=[\n.!?]\s{0,3}))
        (?:Dear|Hi|Hello|Hey|Good\ (?:morning|afternoon|evening)|Attn:?|Attention:?|To)\s{1,3}
        (?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam)\.?\s{1,3})?
        (?P<name>\p{Lu}[\p{L}'\-]{0,30}(?:\s{1,2}\p{Lu}[\p{L}'\-]{0,30}){0,3})
        (?=\s{0,3}[,:\n!]|\s{0,3}$)""",
    regex.VERBOSE | regex.MULTILINE,
)
#: Greeting words that are not names ("Dear Customer").
_NOT_NAMES = frozenset(
    [
        "customer",
        "customers",
        "sir",
        "madam",
        "valued",
        "account",
        "holder",
        "team",
        "friend",
        "friends",
        "all",
        "there",
        "client",
        "member",
        "colleague",
        "colleagues",
        "resident",
        "occupier",
        "borrower",
        "debtor",
    ]
)
_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"])


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    replacement: str


def _mask_digits(value: str) -> str:
    """Every digit and letter but the last four alphanumerics becomes '*'; separators stay."""
    keep = 4
    out: list[str] = []
    for char in reversed(value):
        if char.isalnum():
            if keep > 0:
                out.append(char)
                keep -= 1
            else:
                out.append("*")
        else:
            out.append(char)
    return "".join(reversed(out))


def _name_patterns(names: Iterable[str]) -> list[regex.Pattern[str]]:
    """Full names match in any case; single name parts only when capitalised, so the surname
    'Will' does not eat every 'will' in the letter."""
    patterns: list[regex.Pattern[str]] = []
    seen: set[str] = set()
    for raw in names:
        if not isinstance(raw, str):
            continue
        name = " ".join(raw.split())
        if len(name) < 2 or name.lower() in seen:
            continue
        seen.add(name.lower())
        patterns.append(
            regex.compile(r"(?<!\w)" + regex.escape(name) + r"(?!\w)", regex.IGNORECASE)
        )
        for part in regex.split(r"[\s,]+", name):
            part = part.strip(".")
            if len(part) < 2 or part.lower() in _HONORIFICS or part.lower() in seen:
                continue
            seen.add(part.lower())
            variants = {part[:1].upper() + part[1:], part.upper(), part}
            alternation = "|".join(regex.escape(v) for v in sorted(variants))
            patterns.append(regex.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)"))
    return patterns


def _find_spans(text: str, names: Iterable[str]) -> list[_Span]:
    """All regions to mask, non-overlapping, in order. Earlier kinds win on overlap."""
    candidates: list[_Span] = []
    for m in _EMAIL.finditer(text):
        candidates.append(_Span(m.start(), m.end(), EMAIL_MASK))
    for m in _REFERENCE.finditer(text):
        value = m.group("value").rstrip(" -")
        start = m.start("value")
        candidates.append(_Span(start, start + len(value), _mask_digits(value)))
    for m in _IBAN.finditer(text):
        candidates.append(_Span(m.start(), m.end(), _mask_digits(m.group())))
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group())
        if 7 <= digits <= 15:
            candidates.append(_Span(m.start(), m.end(), PHONE_MASK))
    for m in _DIGIT_RUN.finditer(text):
        if _DATE_SHAPE.fullmatch(m.group()):
            continue
        candidates.append(_Span(m.start(), m.end(), _mask_digits(m.group())))
    for pattern in _name_patterns(names):
        for m in pattern.finditer(text):
            candidates.append(_Span(m.start(), m.end(), NAME_MASK))
    for m in _GREETING.finditer(text):
        name = m.group("name")
        words = name.split()
        if any(w.lower() in _NOT_NAMES for w in words):
            continue
        candidates.append(_Span(m.start("name"), m.end("name"), NAME_MASK))
    chosen: list[_Span] = []
    taken: list[tuple[int, int]] = []
    for span in candidates:  # priority order: first come, first kept
        if span.end <= span.start or span.replacement == text[span.start : span.end]:
            continue
        index = bisect.bisect_left(taken, (span.start, span.end))
        before = taken[index - 1] if index > 0 else None
        after = taken[index] if index < len(taken) else None
        if (before and before[1] > span.start) or (after and after[0] < span.end):
            continue
        taken.insert(index, (span.start, span.end))
        chosen.append(span)
    chosen.sort(key=lambda s: s.start)
    return chosen


class _OffsetMap:
    """Maps offsets in the original text to offsets in the redacted text."""

    def __init__(self, spans: list[_Span]) -> None:
        self._starts = [s.start for s in spans]
        self._spans = spans
        shifts: list[int] = []
        total = 0
        for s in spans:
            total += len(s.replacement) - (s.end - s.start)
            shifts.append(total)
        self._shifts = shifts

    def _shift_before(self, index: int) -> int:
        return self._shifts[index - 1] if index > 0 else 0

    def start(self, offset: int) -> int:
        """A span starting inside a mask starts at the mask."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._spans[index].end:
            return self._spans[index].start + self._shift_before(index)
        return offset + (self._shifts[index] if index >= 0 else 0)

    def end(self, offset: int) -> int:
        """A span ending inside a mask ends after the mask."""
        index = bisect.bisect_left(self._starts, offset) - 1
        if index >= 0 and offset <= self._spans[index].end:
            span = self._spans[index]
            if offset > span.start:
                return span.start + self._shift_before(index) + len(span.replacement)
        return offset + (self._shifts[index] if index >= 0 else 0)


def _apply(text: str, spans: list[_Span]) -> str:
    parts: list[str] = []
    position = 0
    for s in spans:
        parts.append(text[position : s.start])
        parts.append(s.replacement)
        position = s.end
    parts.append(text[position:])
    return "".join(parts)


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """Mask e-mail addresses, phone numbers, account/card numbers (last four kept) and the given
    names (plus the name after a greeting) in ``text``. Idempotent: masking twice changes nothing.

    >>> redact_text("Call 020 7946 0958 or mail jo@example.com about card 4111 1111 1111 1234")
    'Call [phone] or mail [email] about card **** **** **** 1234'
    """
    return _apply(text, _find_spans(text, names))


def pseudonym(value: str) -> str:
    """A stable stand-in for an identifier that itself holds personal data (e.g. a Message-ID
    with an address in it): whoever has the original can recompute it, nobody else can read it."""
    return "id:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _context_names(context: MessageContext | None) -> list[str]:
    return [context.name] if context is not None and context.name else []


def _redact_finding(
    item: Finding, redacted: str, offsets: _OffsetMap | None, names: list[str]
) -> Finding:
    if offsets is not None:
        start = offsets.start(item.start)
        end = max(start, offsets.end(item.end))
        span = redacted[start:end]
    else:
        start, end, span = item.start, item.end, redact_text(item.span, names)
    return item.model_copy(
        update={
            "related": [_redact_finding(r, redacted, offsets, names) for r in item.related],
            "start": start,
            "end": end,
            "span": span,
            "message": redact_text(item.message, names),
            "suggestions": [
                Suggestion(
                    action=s.action,
                    text=redact_text(s.text, names),
                    description=redact_text(s.description, names),
                    position=s.position,
                )
                for s in item.suggestions
            ],
        }
    )


def redact_report(report: Report, names: Iterable[str] = (), text: str | None = None) -> Report:
    """A copy of ``report`` with personal data masked everywhere it can appear.

    The text comes from ``text`` or, for reports fresh from ``Checker.check``, the text kept on
    the report. With a text, offsets are moved to point into the redacted text (which becomes the
    new report's ``.text``). A report loaded from JSON without its text can only have its spans
    masked in place; its offsets then still refer to the original message.
    """
    all_names = [*names, *_context_names(report.context)]
    source = text if text is not None else report.text
    offsets: _OffsetMap | None = None
    redacted = ""
    if source is not None:
        spans = _find_spans(source, all_names)
        redacted = _apply(source, spans)
        offsets = _OffsetMap(spans)
    context = report.context
    if context is not None:
        context = context.model_copy(
            update={
                "name": NAME_MASK if context.name else None,
                "contact": redact_text(context.contact, all_names) if context.contact else None,
            }
        )
    result = report.model_copy(
        update={
            "id": redact_id(report.id, all_names),
            "findings": [_redact_finding(f, redacted, offsets, all_names) for f in report.findings],
            "strengths": [
                _redact_finding(f, redacted, offsets, all_names) for f in report.strengths
            ],
            "context": context,
        }
    )
    return result.attach_text(redacted if source is not None else None)


def redact_id(value: str | None, names: Iterable[str] = ()) -> str | None:
    """Identifiers are kept unless they hold personal data, then they become a pseudonym."""
    if value is None:
        return None
    return value if redact_text(value, names) == value else pseudonym(value)
