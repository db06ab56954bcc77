"""What a `delete` fix removes: the whole sentence when nothing in it must be kept, else only the
clause that holds the match, so "Pay $95 today, or we will sue you" keeps "Pay $95 today"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.layout import clause_start, sentence_bounds
from .slots import read_slots

if TYPE_CHECKING:
    from ..models import Report


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def deletion_region(
    text: str, start: int, end: int, keep: list[tuple[int, int]]
) -> tuple[int, int] | None:
    blockers = [(a, b) for a, b in keep if not (start <= a and b <= end)]
    s_start, s_end = sentence_bounds(text, start, end)
    conjunct = _last_conjunct(text, s_start, s_end, start, end)
    if conjunct is not None:
        return conjunct
    purpose = _purpose_clause(text, s_start, s_end, start, end)
    if purpose is not None and not _overlaps(*purpose, blockers):
        return purpose
    leading = _leading_clause(text, s_start, s_end, end, blockers)
    if leading is not None and _ASK_VERB.search(text, leading[1], s_end):
        return leading  # "In order to avoid legal proceedings, we urge you to pay": the ask stays
    if not _overlaps(s_start, s_end, blockers):
        return s_start, s_end
    content_end = len(text[:s_end].rstrip())
    if content_end > 0 and text[content_end - 1] in ".!?":
        content_end -= 1
    # the clause's own opener ("or we will ...") may begin at the match itself
    c_start = clause_start(text, s_start, min(end, start + 12))
    if c_start > start:
        c_start = clause_start(text, s_start, start)
    if s_start < c_start <= start and not _overlaps(c_start, content_end, blockers):
        return c_start, max(content_end, end)
    return _leading_clause(text, s_start, s_end, end, blockers)


#: The threat as the last item of a list of what may follow, after a lawful one: "to avoid
#: additional penalties and possibly jail time", "fees, interest or even prison".
_CONJUNCT = re.compile(
    r"[ \t]*,?[ \t]+(?:and|or)(?:[ \t]+(?:possibly|potentially|even|maybe|perhaps|also|"
    r"eventually|ultimately))?[ \t]+(?:(?:an?|the|your|possible|potential)[ \t]+)?$",
    re.IGNORECASE,
)
#: A lawful consequence the list names before the threat: a charge on the balance.
_LAWFUL_ITEM = re.compile(r"(?i)\b(?:fees?|charges?|penalt(?:y|ies)|interest|costs?|surcharges?)\b")
_LIST_THREAT = re.compile(r"(?i)\b(?:jail|prison|arrest\w*|police)\b")
_ITEM_WORDS = 3
#: What may follow the threat for it to be the list's last item.
_LIST_END = re.compile(r"[ \t]*(?:[.!?;,)]|\n|$)")


def _last_conjunct(
    text: str, s_start: int, s_end: int, start: int, end: int
) -> tuple[int, int] | None:
    """The threat's own conjunct when it is the last item of a list whose earlier items are
    lawful charges: the charges are what the reader needs to know, so only "and possibly jail
    time" goes."""
    if not _LIST_END.match(text, end):
        return None
    joint = _CONJUNCT.search(text, s_start, start)
    if joint is None:
        return None
    # the item before it: its last few words, with no list comma (", interest and even
    # arrest" would leave "fees, interest.")
    item = " ".join(text[s_start : joint.start()].split()[-_ITEM_WORDS:])
    if "," in item or not _LAWFUL_ITEM.search(item) or _LIST_THREAT.search(item):
        return None
    return joint.start(), end


#: A threat given as the purpose of the ask before it ("Pay now to avoid service
#: interruption."), or as the alternative to it ("Pay now or we will have you arrested.").
_PURPOSE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?:in order |so as )?to (?:avoid|prevent|stop)|or (?:else )?face"
    r"|or (?:else,? )?(?:we|i)(?:'ll| will| shall| may| can| are going to)"
    r"|before (?:we|i) (?:begin|start|proceed|commence|take|file|initiate|escalate)"
    r"|(?:or else|otherwise)(?=[ \t]*[,.!]?))\b(?:[^.!?\n]|\n(?!\n))*",
    re.IGNORECASE,
)
#: An ask before the purpose clause: a verb of paying or getting in touch in its first words.
_ASK_VERB = re.compile(
    r"(?i)\b(?:pay|settle|clear|call|ring|phone|contact|reply|respond|revert|act|get in touch"
    r"|make (?:a |your )?payment"
    r"|(?:urge|ask|request) you)\b"
)


def _purpose_clause(
    text: str, s_start: int, s_end: int, start: int, end: int
) -> tuple[int, int] | None:
    """The purpose clause that holds the match when the sentence's ask comes before it, so the
    threat goes and the ask stays: "Pay now to avoid service interruption." -> "Pay now."."""
    for m in _PURPOSE.finditer(text, s_start, s_end):
        if m.start() <= start and end <= m.end() and _ASK_VERB.search(text, s_start, m.start()):
            return m.start(), m.end()
    return None


#: A clause that opens its sentence and ends at its comma: "To avoid being blacklisted, ...".
_LEADING = re.compile(r"[ \t]*(?:(?:in order |so as )?to avoid)\b[^,.!?\n]*,[ \t]*", re.IGNORECASE)


def _leading_clause(
    text: str, s_start: int, s_end: int, end: int, blockers: list[tuple[int, int]]
) -> tuple[int, int] | None:
    m = _LEADING.match(text, s_start, s_end)
    if m is None or end > m.end() or _overlaps(s_start, m.end(), blockers):
        return None
    return s_start, m.end()


def widen_deletion(text: str, start: int, end: int) -> tuple[int, int]:
    """A phrase goes with its neighbouring space and a now-dangling comma."""
    while end < len(text) and text[end] in ",;:":
        end += 1
    if text[start:end][-1:].isspace() or text[start:end][:1].isspace():
        return (
            start,
            end,
        )  # the span brings its own space ("amount of "): "full $400", not "full$400"
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    return start, end


#: What may stand between an insult and the comma that sets it off: "you", "you lazy".
_VOCATIVE_LEFT = re.compile(r"(?:^|(?<=[,;]))[ \t]*(?:you[ \t]+(?:[a-z]+[ \t]+)?)?$", re.IGNORECASE)


def vocative_region(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An insult set off by commas ("Pay now, idiot.", "You idiot, pay now") is an address, not
    a clause: it goes with its comma, so the ask it was attached to stays whole."""
    line_start = text.rfind("\n", 0, start) + 1
    left = _VOCATIVE_LEFT.search(text[line_start:start])
    if left is None:
        return None
    a = line_start + left.start()
    after = text[end : end + 1]
    before = text[:a].rstrip(" \t")
    if before.endswith((",", ";")) and after in {".", "!", "?", ",", ""}:
        return len(before) - 1, end  # ", idiot." -> "."
    opens = not before or before[-1] in ".!?:\n"
    if opens and after == ",":
        b = end + 1
        while b < len(text) and text[b] in " \t":
            b += 1
        return a + (len(text[a:]) - len(text[a:].lstrip(" \t"))), b  # "You idiot, pay" -> "Pay"
    return None


#: Findings that are pressure and nothing else: urgency, ultimatums, "final warning".
_PRESSURE = frozenset({"pressure", "false-urgency"})
#: What makes a sentence worth keeping besides its pressure: something the reader is asked to
#: do, an offer, or a fact (the fact table's slots).
_ASK_OR_OFFER = re.compile(
    r"(?i)\b(?:pay|paid|settle|call|phone|contact|reply|respond|write|email|visit|speak|talk|"
    r"discuss|arrange|let us know|get in touch|help|plan|support|if|unless|when)\b"
)
_KEEP_SLOTS = frozenset(
    {
        "amount",
        "deadline",
        "contact",
        "reference",
        "field",
        "payment_method",
        "offer",
        "consequence",
    }
)
_PURE_MAX_WORDS = 12


def pure_pressure(text: str, report: Report) -> list[tuple[int, int]]:
    """Sentences that only press ("Time is running out.", "This is your final warning.", "Do
    not ignore this letter."): no fact, no ask, no offer, no condition. Rewording one keeps the
    pressure; the message says everything it needs without it, so the sentence goes whole."""
    found: list[tuple[int, int]] = []
    for f in report.all_findings():
        if f.category not in _PRESSURE or f.end <= f.start:
            continue
        a, b = sentence_bounds(text, f.start, f.end)
        if (a, b) in found:
            continue
        sentence = text[a:b]
        if len(sentence.split()) > _PURE_MAX_WORDS or _ASK_OR_OFFER.search(sentence):
            continue
        if sentence.rstrip().endswith("?"):
            continue  # a question asks for a reply: the conversation would lose its turn

        if any(x.slot in _KEEP_SLOTS or x.field for x in read_slots(sentence).facts):
            continue
        found.append((a, b))
    return found
