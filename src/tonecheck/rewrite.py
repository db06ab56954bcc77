"""A revised message: span fixes applied, missing elements inserted, facts left untouched.

Safety first: amounts, dates, account and reference numbers, URLs, e-mail addresses, phone
numbers, the reader's name, merge fields and required disclosure sentences are *protected*; an
edit that would touch one is skipped, so a rewrite can never change what the message says about
money, time or identity. Edits never overlap: when two findings cover the same words, the more
severe one's fix wins. Inserted sentences go where a person would put them (after the greeting,
before the sign-off), and an SMS gets the short form of each insert so it stays an SMS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .models import Channel, Finding, Report, Severity
from .text.layout import clause_start, insertion_point, sentence_bounds

_PROTECTED = re.compile(
    r"(?:[$£€]|\b(?:USD|GBP|EUR)\s?)\s?\d[\d,]*(?:\.\d+)?"  # amounts
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|GBP|EUR|dollars|pounds|euros)\b"
    r"|\bhttps?://\S+|\bwww\.\S+|\b[\w.-]+\.(?:com|org|net|co\.uk|gov|uk|us|io)(?:/\S*)?"  # URLs
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail
    r"|\+?\d[\d\s().-]{6,}\d"  # phone numbers, account numbers
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # numeric dates
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\b[A-Z]{2,}[-/]?\d[\w-]*|\b\d{4,}\b"  # reference codes, long numbers
    r"|\{\{[^}]*\}\}|\[[A-Z][A-Z _]*\]|%[A-Za-z_]+%|<[A-Za-z_]+>"  # merge fields
)
_PROTECTED_CATEGORIES = {"disclosure", "rights", "opt-out"}
_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.suggestion: 2}
#: Reading order of inserted sentences that land at the same place: acknowledge first, then the
#: facts, the options and help, what happens next, and the contact details last.
_INSERT_ORDER = [
    "missing-empathy",
    "missing-amount",
    "missing-due-date",
    "missing-payment-method",
    "missing-options",
    "missing-support",
    "missing-consequences",
    "missing-rights",
    "missing-disclosure",
    "missing-opt-out",
    "missing-contact",
]


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def protected_spans(text: str, report: Report) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROTECTED.finditer(text)]
    name = report.context.name if report.context else None
    if name:
        start = text.find(name)
        while start != -1:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    for strength in report.strengths:
        if strength.category in _PROTECTED_CATEGORIES:
            spans.append((strength.start, strength.end))
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _replacement_edits(text: str, report: Report, protected: list[tuple[int, int]]) -> list[Edit]:
    candidates = sorted(
        (f for f in report.findings if f.end > f.start and f.suggestions),
        key=lambda f: (_ORDER[f.severity], f.start, f.rule),
    )
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    # phrase-level positive evidence only: whole-text and whole-sentence measurements
    # (readability, warm tone) must not shield a sentence from being fixed
    strength_spans = [
        (g.start, g.end)
        for g in report.strengths
        if g.end > g.start and g.category != "readability" and not g.rule.startswith("sentiment.")
    ]
    for finding in candidates:
        suggestion = next(
            (s for s in finding.suggestions if s.action in {"replace", "delete"}), None
        )
        if suggestion is None:
            continue
        if finding.category == "placeholder":
            continue  # the writer has to supply the real value
        start, end = finding.start, finding.end
        if _overlaps(start, end, taken):
            continue
        outside = [(a, b) for a, b in strength_spans if not (start <= a and b <= end)]
        if finding.severity is not Severity.error and _overlaps(start, end, outside):
            continue  # a style fix must not destroy positive evidence; errors still go
        replacement = "" if suggestion.action == "delete" else suggestion.text
        if suggestion.action == "delete":
            region = _deletion_region(text, finding, protected + strength_spans)
            if region is None:
                continue  # the threat shares its clause with facts to keep: the writer decides
            start, end = region
            if _overlaps(start, end, taken):
                continue
        if _overlaps(start, end, protected) and not _keeps_protected(text[start:end], replacement):
            continue
        if replacement == "" and (start, end) == (finding.start, finding.end):
            start, end = _widen_deletion(text, start, end)
            if _starts_sentence(text, start) and end < len(text) and text[end].islower():
                # "Kindly note that the balance ..." -> "The balance ..."
                replacement, end = text[end].upper(), end + 1
        else:
            replacement = _match_case(text, start, replacement)
        taken.append((start, end))
        edits.append(Edit(start, end, replacement))
    return edits


def _deletion_region(
    text: str, finding: Finding, keep: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """What to remove for a `delete` fix: the whole sentence when nothing in it must be kept,
    else just the clause that holds the match ("Pay $95 today, or we will sue you" loses
    ", or we will sue you"), else nothing."""
    start, end = finding.start, finding.end
    blockers = [(a, b) for a, b in keep if not (start <= a and b <= end)]
    s_start, s_end = sentence_bounds(text, start, end)
    if not _overlaps(s_start, s_end, blockers):
        return s_start, s_end
    content_end = len(text[:s_end].rstrip())
    if content_end > 0 and text[content_end - 1] in ".!?":
        content_end -= 1
    c_start = clause_start(text, s_start, start)
    if c_start > s_start and c_start < start and not _overlaps(c_start, content_end, blockers):
        return c_start, max(content_end, end)
    return None


def _keeps_protected(original: str, replacement: str) -> bool:
    """A replacement may cover a protected value only if it repeats it verbatim."""
    return all(m.group(0) in replacement for m in _PROTECTED.finditer(original))


def _widen_deletion(text: str, start: int, end: int) -> tuple[int, int]:
    """Delete a phrase with its neighbouring space and a now-dangling comma."""
    while end < len(text) and text[end] in ",;:":
        end += 1
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    return start, end


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?\n"


def _match_case(text: str, start: int, replacement: str) -> str:
    """Capitalise the replacement when it starts a sentence."""
    if _starts_sentence(text, start) and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _insert_edits(text: str, report: Report) -> list[Edit]:
    paragraphs = "\n\n" in text.strip()
    seen: set[str] = set()
    edits: list[Edit] = []

    def reading_order(finding: Finding) -> int:
        try:
            return _INSERT_ORDER.index(finding.category)
        except ValueError:
            return len(_INSERT_ORDER)

    for finding in sorted(report.findings, key=reading_order):
        for suggestion in finding.suggestions:
            if (
                suggestion.action != "insert"
                or not suggestion.text
                or suggestion.text in seen
                or suggestion.text in text
            ):
                continue
            seen.add(suggestion.text)
            at = insertion_point(text, suggestion.position or "before-closing")
            edits.append(Edit(at, at, _framed(text, at, suggestion.text, paragraphs)))
    return edits


def _framed(text: str, at: int, sentence: str, paragraphs: bool) -> str:
    if paragraphs:
        before = (
            ""
            if at == 0 or text[:at].endswith("\n\n")
            else ("\n" if text[:at].endswith("\n") else "\n\n")
        )
        after = "\n\n" if at < len(text.rstrip()) and not text[at:].startswith("\n") else ""
        return before + sentence + after
    before = "" if at == 0 or text[at - 1].isspace() else " "
    after = " " if at < len(text.rstrip()) and not text[at].isspace() else ""
    return before + sentence + after


#: What is left when every sentence of a message had to be removed.
NEUTRAL_FALLBACK = "Please get in touch with us about your account."

#: Rounds of re-checking a revision: inserting a sentence can make a short message long enough
#: for another requirement to apply, so the revision is checked again and completed.
MAX_ROUNDS = 3


def rewrite_message(text: str, report: Report, checker: Any = None) -> str:
    """Apply the report's suggestions to `text` (the text the report was made from).

    With the checker that made the report, each revision is re-checked: missing elements that
    only became required because of the first round's inserts are added too, and the result is
    the last revision that scores at least as well as the original on every dimension (so a
    rewrite never makes a message worse, even where an SMS has no room for one more sentence)."""
    revised = _apply(text, report)
    if checker is None:
        return revised
    original = report.scores.by_dimension()
    best: tuple[float, str] | None = None
    current = text
    for _ in range(MAX_ROUNDS + 1):
        if revised == current:
            break
        follow_up = checker.check(
            revised,
            channel=report.channel,
            stage=report.stage,
            context=report.context,
            template=report.template,
        )
        scores = follow_up.scores.by_dimension()
        if all(scores[name] >= value for name, value in original.items()):
            best = (follow_up.scores.overall, revised)
        elif best is None:
            best = (-1.0, revised)  # fallback if no revision keeps every score
        inserts = [
            f for f in follow_up.findings if any(s.action == "insert" for s in f.suggestions)
        ]
        if not inserts:
            break
        current, revised = (
            revised,
            _apply(revised, follow_up.model_copy(update={"findings": inserts})),
        )
    if best is not None and best[0] >= 0:
        return best[1]
    # No revision with inserts keeps every score (an SMS may have no room for the sentence a
    # longer message then needs): fall back to the span fixes alone, then to the original.
    fixes_only = report.model_copy(
        update={
            "findings": [
                f for f in report.findings if not any(s.action == "insert" for s in f.suggestions)
            ]
        }
    )
    candidate = _apply(text, fixes_only)
    checked = checker.check(
        candidate,
        channel=report.channel,
        stage=report.stage,
        context=report.context,
        template=report.template,
    ).scores.by_dimension()
    if all(checked[name] >= value for name, value in original.items()):
        return candidate
    return text


def _apply(text: str, report: Report) -> str:
    protected = protected_spans(text, report)
    edits = _replacement_edits(text, report, protected)
    inserts = _insert_edits(text, report)
    if report.channel is Channel.sms:
        inserts = _fit_sms(text, edits, inserts)
    # Apply from the end so earlier offsets stay valid. At one offset the replacement is applied
    # before the inserts (which then land in front of it), and inserts keep their reading order.
    ordered = sorted(
        [(e.start, 0, i, e) for i, e in enumerate(inserts)]
        + [(e.start, 1, i, e) for i, e in enumerate(edits)],
        key=lambda item: (item[0], item[1], item[2]),
        reverse=True,
    )
    result = text
    for _, _, _, edit in ordered:
        result = result[: edit.start] + edit.text + result[edit.end :]
    if text.strip() and not result.strip():
        # every sentence was a threat or an insult: leave a neutral opening rather than nothing
        return NEUTRAL_FALLBACK
    if len(result.split()) < 3 <= len(text.split()):
        # only a greeting is left: give the message a neutral body
        joiner = "\n\n" if "\n" in result else " "
        result = result.rstrip() + joiner + NEUTRAL_FALLBACK
    return re.sub(r"[ \t]{2,}", " ", result)


def _fit_sms(text: str, edits: list[Edit], inserts: list[Edit], limit: int = 320) -> list[Edit]:
    """Keep an SMS within two segments: drop inserts (last first) that would overflow it."""
    length = len(text) + sum(len(e.text) - (e.end - e.start) for e in edits)
    kept = []
    for insert in inserts:
        if length + len(insert.text) <= limit:
            kept.append(insert)
            length += len(insert.text)
    return kept
