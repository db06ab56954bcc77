"""A revised message built from a report: captured-part rewrites, span fixes and a few inserts,
each edit accepted only when its window passes the safety checks.

The old guard re-checked the rewrite with the checker and kept it when no score dropped; the
inserts are exactly what the checker rewards, so broken rewrites scored well. Here an edit is
judged by what a reviewer rejects (safety.py), facts come from the fact table (slots.py), inserts
go by zone (text/zones.py) and budgets are exact (budget.py). Nothing here imports the checker or
the report model at run time, so the report can call in without an import cycle.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from ..text.layout import sentence_bounds
from ..text.zones import ZoneKind, zones
from .apply import apply_safely, candidate_text, has_body
from .deletion import deletion_region, pure_pressure, vocative_region, widen_deletion
from .edit import Edit, Mode, cut_to_change
from .inserts import add_inserts
from .next_step import restate_dated, state_next_steps
from .protect import protected_spans
from .recipes import load_recipes
from .safety import (
    in_negation_scope,
    new_problems,
    object_of_preposition,
    participle_over_noun,
)
from .slots import SlotTable, in_style, read_slots
from .style import calm_punctuation, sentence_case

if TYPE_CHECKING:
    from ..models import Finding, Report


_EDITABLE = {ZoneKind.body, ZoneKind.greeting}
_UNLAWFUL_CATEGORIES = {"impersonation", "misrepresentation"}
#: Words that make a threat a claim about a criminal process. A threatened arrest or jail term
#: is not among them: it is a clause the rewrite deletes, keeping the ask it was attached to
#: ("Pay now to avoid arrest" -> "Pay now"); a message that is mostly such threats is caught
#: as mostly hostile instead.
_CRIMINAL = re.compile(r"\b(?:warrant|police|criminal|prosecut\w*)\b", re.I)
#: Threat rules whose claim no rewording makes true, at error level: a civil debt framed as a
#: crime (15 USC 1692e(4), 1692e(7): a claimed criminal case, prosecution or police involvement;
#: a threatened arrest or jail term is a clause the rewrite deletes instead), posing as an official, or a lawsuit or service of papers that does not exist
#: (the rules counted as threats there; 15 USC 1692e(1), 1692e(5), 1692e(13); FCA CONC 7.3.4R).
_CRIMINAL_RULE = re.compile(
    r"(?:^|[.-])(?:criminal|prosecution|police)\b"
    r"|\.(?:impersonation-|fake-(?:pending-lawsuit|served)\b)"
)
#: Hostile categories whose rules give advice only: the clause goes, the facts it shares stay.
_DELETE_WHEN_ADVISED = {"threat", "abusive"}


class Revision(BaseModel):
    """A rewrite and what it did not do."""

    model_config = ConfigDict(extra="forbid")

    text: str
    mode: str
    do_not_send: bool = False
    reason: str | None = Field(default=None, description="Why the message must not be sent")
    left: list[str] = Field(
        default_factory=list, description="Findings left as written: no safe rewrite fits"
    )
    edits: int = 0


def unlawful_claim(report: Report) -> str | None:
    """The reason a message must not be sent at all, or None."""
    for f in report.all_findings():
        if f.severity.value != "error":
            continue
        if f.category in _UNLAWFUL_CATEGORIES or (
            f.category == "threat"
            and (_CRIMINAL.search(f.span or "") or _CRIMINAL_RULE.search(f.rule))
        ):
            return (
                f"do not send: its core claim is unlawful ({f.message.rstrip('.')}; "
                f"{f.reference or f.rule}); rewriting the words cannot fix what it asserts"
            )
    return None


def revise(text: str, report: Report, mode: Mode = "minimal") -> Revision:
    """Revise `text` (the text `report` was made from)."""
    if mode not in ("minimal", "full"):
        raise ValueError(f"unknown rewrite mode {mode!r}; use 'minimal' or 'full'")
    reason = unlawful_claim(report)
    if reason:
        return Revision(text=text, mode=mode, do_not_send=True, reason=reason)
    channel = report.channel.value
    original = text
    text = _cased(text, channel)
    slots = read_slots(text)
    deadline = _by_deadline(slots, report)
    left: list[str] = []
    edits = _span_edits(text, report, channel, slots, deadline, left)
    stated = _stated_deadline(slots, report)
    edits = state_next_steps(text, edits, _threat_rules(report), stated, deadline, channel)
    reason = _mostly_hostile(text, report, edits, channel)
    if reason:
        return Revision(text=original, mode=mode, do_not_send=True, reason=reason)
    current, applied = apply_safely(text, edits, deadline, channel)
    current, calmed = _calm(current, channel, deadline)
    current, calmed = _drop_repeats(current, original, channel, calmed)
    current, added = add_inserts(current, text, report, channel, mode)
    return Revision(text=current, mode=mode, left=left, edits=applied + calmed + added)


#: Share of the body's letters that threat and abuse deletions may take before the rest is no
#: longer the message that was meant: what is left ("Who are we?") would go out as a fragment.
MOSTLY_HOSTILE = 0.5


_LEFT_ASK = re.compile(r"(?i)\b(?:pay|settle|call|contact|reply|respond|get in touch)\b")
_LEFT_FACTS = frozenset({"amount", "deadline", "payment_method", "offer"})


def _cut(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + text[edit.end :]
    return text


def _mostly_hostile(text: str, report: Report, edits: list[Edit], channel: str) -> str | None:
    """The reason not to send a message whose hostile content is most of its body, or None. A
    threat restated as its lawful next step is not counted: the message still says it."""
    hostile = {
        f.rule: f
        for f in report.all_findings()
        if f.category in _STEP_CATEGORIES | {"impersonation"}
    }
    body = sum(
        sum(c.isalpha() for c in text[z.start : z.end])
        for z in zones(text, channel)
        if z.kind in _EDITABLE
    )
    cut = [e for e in edits if e.why in hostile and not e.text]
    removed = sum(sum(c.isalpha() for c in text[e.start : e.end]) for e in cut)
    if not cut or body == 0 or removed / body < MOSTLY_HOSTILE:
        return None
    kept = "".join(
        text[z.start : z.end] for z in zones(_cut(text, cut), channel) if z.kind is ZoneKind.body
    )
    if _LEFT_ASK.search(kept) or any(f.slot in _LEFT_FACTS for f in read_slots(kept).facts):
        return None  # what is left still asks for something or states the debt: "Pay $200 now."
    first = hostile[min(cut, key=lambda e: e.start).why]
    return (
        f"do not send: most of the message is threat or abuse ({first.message.rstrip('.')}; "
        f"{first.reference or first.rule}); deleting it leaves too little to send, so write it anew"
    )


#: Deletions that may carry a consequence to restate: a threat, and a threat to involve others.
_STEP_CATEGORIES = frozenset({"threat", "third-party", "abusive"})


def _threat_rules(report: Report) -> frozenset[str]:
    return frozenset(f.rule for f in report.all_findings() if f.category in _STEP_CATEGORIES)


def _stated_deadline(slots: SlotTable, report: Report) -> str:
    """The deadline a next step may name: one the message or its context states, never a new
    blank (a dated step where the message set no date would read as a new demand)."""
    if slots.filled("deadline") or (report.context and report.context.due_date):
        return _by_deadline(slots, report) or ""
    return ""


def _by_deadline(slots: SlotTable, report: Report) -> str | None:
    fact = slots.first("deadline")
    if fact is not None:
        words = fact.text
        return words if re.match(r"(?i)(?:within|by|in)\b", words) else f"by {words}"
    if report.context and report.context.due_date:
        return f"by {report.context.due_date.strftime('%-d %B %Y')}"
    return f"by {in_style('[DUE DATE]', slots.field_style)}"


def _editable(found: list, start: int, end: int) -> bool:  # type: ignore[type-arg]
    return any(z.kind in _EDITABLE and z.start <= start and end <= z.end for z in found)


def _span_edits(
    text: str,
    report: Report,
    channel: str,
    slots: SlotTable,
    deadline: str | None,
    left: list[str],
) -> list[Edit]:
    found = zones(text, channel)
    protected = protected_spans(text, report)
    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    def take(edit: Edit) -> None:
        taken.append((edit.start, edit.end))
        edits.append(edit)

    # 0. sentences that are only pressure: nothing in them to keep or rewrite
    for a, b in pure_pressure(text, report):
        if _editable(found, a, max(a, b - 1)) and free(a, b):
            take(Edit(a, b, "", "pressure"))
    # 1. captured-part recipes
    for recipe in load_recipes():
        if recipe.needs == "deadline" and deadline is None:
            continue
        for m in recipe.regex.finditer(text):
            a, b = m.span()
            if not _editable(found, a, b) or not free(a, b) or in_negation_scope(text, a):
                continue
            replacement = recipe.render(m, deadline)
            if replacement == "" and a > 0 and text[a - 1] == " ":
                a -= 1
            take(Edit(a, b, _match_start(text, a, replacement), recipe.id))
    # 2. the findings' own replace/delete fixes
    ordered = sorted(
        (f for f in report.all_findings() if f.end > f.start),
        key=lambda f: (-f.severity.rank, f.start, f.rule),
    )
    strength_spans = [
        (g.start, g.end)
        for g in report.strengths
        if g.end > g.start and g.category != "readability" and not g.rule.startswith("sentiment.")
    ]
    rewritten = list(edits)  # the recipes' edits
    for finding in ordered:
        if finding.category == "placeholder":
            continue  # overlap is judged on the edit, cut to the words it changes, not the span
        if _answered(finding, rewritten):
            continue
        edit = _finding_edit(text, finding, protected, strength_spans)
        if edit is None or not _editable(found, edit.start, max(edit.start, edit.end - 1)):
            if (
                finding.severity.value in {"error", "warning"}
                and finding.category
                not in {
                    "jargon",
                    "nominalisation",
                    "passive-voice",
                }
                and not any(s.action == "insert" for s in finding.suggestions)
            ):
                left.append(f"{finding.rule}: {finding.span!r} left as written (no safe rewrite)")
            continue
        if in_negation_scope(text, finding.start):
            continue
        edit = cut_to_change(text, edit)
        if not free(edit.start, edit.end):
            if finding.category not in _DELETE_WHEN_ADVISED or edit.text:
                continue
            inner = [e for e in edits if edit.start < e.end and e.start < edit.end]
            if not all(edit.start <= e.start and e.end <= edit.end for e in inner):
                continue
            # deleting the threat clause supersedes the smaller fixes inside it
            for e in inner:
                edits.remove(e)
                taken.remove((e.start, e.end))
        take(edit)
    return edits


def _answered(finding: Finding, recipes: list[Edit]) -> bool:
    """A recipe that answers the finding's rule (its `answers`) already rewrote the finding's
    words ("Your case" -> "Your account"): deleting the sentence for them would throw away the
    facts the recipe kept."""
    answers = {r.id: r.answers for r in load_recipes()}
    return any(
        e.start <= finding.start and finding.end <= e.end and finding.rule in answers.get(e.why, ())
        for e in recipes
    )


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?[ \t]*")


def _said(sentence: str) -> str:
    words = re.sub(r"[^\w${}\[\] ]", " ", sentence.lower()).split()
    return " ".join(w for w in words if w not in {"please", "kindly"})


def _drop_repeats(current: str, original: str, channel: str, done: int) -> tuple[str, int]:
    """Two asks the edits made alike ("Please make payment immediately." and "Pay now to avoid
    ..." both become "Pay by X."): the later one says nothing new, so it goes."""
    edits: list[Edit] = []
    seen: list[str] = []
    for start, end in _style_pieces(current, channel):
        for m in _SENTENCE.finditer(current, start, end):
            said = _said(m.group(0))
            if not said:
                continue
            repeated = any(said == s or f" {said} " in f" {s} " for s in seen)
            # only a sentence the edits wrote: the original's own lines ("<value>", "£ <value>"
            # in a table) are the sender's, however alike they read
            if repeated and len(said.split()) <= 8 and m.group(0).strip() not in original:
                edits.append(Edit(m.start(), m.end(), "", "repeat"))
            seen.append(said)
    # the repeat's facts are the earlier sentence's own, so only the grammar checks apply
    for edit in reversed(edits):
        candidate = candidate_text(current, edit.start, edit.end, "")
        if not new_problems(current, candidate) and has_body(candidate, channel):
            current, done = candidate, done + 1
    return current, done


def _cased(text: str, channel: str) -> str:
    """Shouting in sentence case before the span edits, so a fix inside an ALL CAPS line is
    judged against the line it will sit in. Case only: every finding's offsets still hold."""
    out = text
    for start, end in _style_pieces(text, channel):
        piece = sentence_case(text[start:end])
        if len(piece) == end - start:
            out = out[:start] + piece + out[end:]
    return out if len(out) == len(text) else text


def _style_pieces(text: str, channel: str) -> list[tuple[int, int]]:
    """The greeting and body, less the legal sentences that must stay verbatim."""
    kept = [(f.start, f.end) for f in read_slots(text).facts if f.slot == "disclosure"]
    pieces = []
    for zone in zones(text, channel):
        if zone.kind not in _EDITABLE:
            continue
        at = zone.start
        for a, b in sorted(kept):
            if a < zone.end and b > at:
                if a > at:
                    pieces.append((at, a))
                at = max(at, b)
        if at < zone.end:
            pieces.append((at, zone.end))
    return pieces


def _calm(text: str, channel: str, deadline: str | None) -> tuple[str, int]:
    """Shouting and "!!!" in the greeting and body, fixed after the span edits and one zone at a
    time: run by run, a half-lowered line fails the case check, and a run an edit overlapped
    would be left for the next rewrite to find."""
    edits = []
    for start, end in _style_pieces(text, channel):
        piece = text[start:end]
        calmer = sentence_case(calm_punctuation(piece))
        if calmer != piece:
            edits.append(Edit(start, end, calmer, "style"))
    return apply_safely(text, edits, deadline, channel) if edits else (text, 0)


def _finding_edit(
    text: str,
    finding: Finding,
    protected: list[tuple[int, int]],
    strengths: list[tuple[int, int]],
) -> Edit | None:
    suggestion = next((s for s in finding.suggestions if s.action in {"replace", "delete"}), None)
    action = suggestion.action if suggestion else None
    if finding.category in _DELETE_WHEN_ADVISED:
        action = "delete"  # a threat goes clause by clause; no fixed string replaces it
    if action is None:
        return None
    start, end = finding.start, finding.end
    outside = [(a, b) for a, b in strengths if not (start <= a and b <= end)]
    if finding.severity.value != "error" and any(start < b and a < end for a, b in outside):
        return None
    if finding.category == "abusive":
        vocative = vocative_region(text, start, end)
        if vocative is not None:
            return Edit(*vocative, "", finding.rule)
    if action == "delete" or suggestion is None:
        if finding.category in _DELETE_WHEN_ADVISED and _CITES_LAW.search(
            text[slice(*sentence_bounds(text, start, end))]
        ):
            return None  # a step stated with its statute is a notice: it stays as written
        region = deletion_region(text, start, end, protected + strengths)
        if region is None:
            if finding.category in _DELETE_WHEN_ADVISED:
                return restate_dated(text, start, end, protected + strengths, finding.rule)
            return None
        start, end = region
        if (start, end) == (finding.start, finding.end):
            start, end = widen_deletion(text, start, end)
        return Edit(start, end, "", finding.rule)
    replacement = suggestion.text
    if not replacement.strip():
        if object_of_preposition(text, start, end):
            return None
        start, end = widen_deletion(text, start, end)
        return Edit(start, end, "", finding.rule)
    if re.search(r"\[[A-Z ]+\]", replacement):
        return None  # a fixed string with a blank to fill is not a rewrite
    if any(start < b and a < end for a, b in protected):
        return None
    if participle_over_noun(text, start, end, replacement):
        return None
    if _CLAUSE.search(replacement) and not _whole_sentence(text, start, end):
        return None  # a clause spliced into a sentence's middle: "Consider if paying ... is hard"
    if _SUBJECT_CLAUSE.match(replacement) and not _CLAUSE_END.match(text, end):
        return None  # "that we haven't heard from you out a friendly settlement": the rest dangles
    start, replacement = _article_for(text, start, replacement)
    return Edit(start, end, _match_start(text, start, replacement), finding.rule)


def _article_for(text: str, start: int, replacement: str) -> tuple[int, str]:
    """ "a delinquent" -> "an overdue", "an arrears notice" -> "a ...": the article before a
    replaced word follows the new word's sound (vowel letters; "u" and "h" are left alone)."""
    m = re.search(r"\b(a|an|A|An)[ \t]$", text[:start])
    if m is None or not replacement[:1].isalpha():
        return start, replacement
    vowel = replacement[0].lower() in "aeio"
    article = m.group(1)
    if vowel and article.lower() == "a":
        return m.start(), f"{article}n {replacement}"
    if not vowel and article.lower() == "an" and replacement[0].lower() not in "uh":
        return m.start(), f"{article[0]} {replacement}"
    return start, replacement


#: A replacement that is a clause of its own (a condition, a cause, a subject and verb), not a
#: phrase: it fits only where it stands for a whole sentence.
_CLAUSE = re.compile(
    r"(?i)^(?:if|because|unless|when|tell us|here is)\s+\S+\s+\S+|, (?:we|you|tell)\b"
)


#: A sentence that gives its legal basis by citation: "pursuant to Federal Law (Public Law
#: 102-164; 20 U.S.C. § 1095a)", "under section 87(1) of the Consumer Credit Act 1974".
_CITES_LAW = re.compile(
    r"\b(?:pursuant to|under) (?:federal|state) law\b|\bU\.\s?S\.\s?C\.|\u00a7\s*\d|"
    r"\bPublic Law \d|\b(?:section|sec\.) \d+[a-z]?(?: ?\(\d+\))? of the [A-Z][\w ]{2,60}? Act\b",
    re.IGNORECASE,
)
#: A replacement with its own subject and verb ("we haven't received a payment"): it replaces a
#: clause, so what the span leaves after it must be the clause's end.
_SUBJECT_CLAUSE = re.compile(
    r"(?i)(?:we|i|you|they)(?:'ve|'ll|'re| (?:have|haven't|has|will|won't|can|can't|are|aren't|"
    r"would|may|do|don't|did|didn't|had|hadn't))\b"
)
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:!?)\n]|$|(?:and|but|or|so|because|as)\b)")


def _whole_sentence(text: str, start: int, end: int) -> bool:
    s_start, s_end = sentence_bounds(text, start, end)
    body = text[s_start:s_end].rstrip()
    return start <= s_start and end >= s_start + len(body.rstrip(".!?"))


def _match_start(text: str, start: int, replacement: str) -> str:
    before = text[:start].rstrip(" \t")
    starts = not before or before[-1] in ".!?\n:"
    if starts and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    if (
        not starts
        and replacement[:1].isupper()
        and replacement.split(" ")[0] not in {"I"}
        and text[start : start + 1].islower()
    ):
        return replacement[:1].lower() + replacement[1:]
    return replacement
