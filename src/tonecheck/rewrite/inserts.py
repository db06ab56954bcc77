"""Inserts for missing elements: which ones a mode adds, where they go by zone, and the budgets
they must fit. Split from engine.py, which makes the edits; this module only adds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.zones import ZoneKind, body_bounds, zones
from . import budget
from .edit import Mode
from .merge import after_amount, after_ask, merge_into_ask
from .slots import MERGE_FIELD, PHONE, REQUIREMENT_SLOTS, SlotTable, in_style, read_slots

if TYPE_CHECKING:
    from ..models import Report


#: Reading order of inserts: legal text first (it is owed), then facts, help, contact.
INSERT_ORDER = [
    "missing-disclosure",
    "missing-opt-out",
    "missing-amount",
    "missing-due-date",
    "missing-empathy",
    "missing-payment-method",
    "missing-options",
    "missing-support",
    "missing-consequences",
    "missing-rights",
    "missing-contact",
]
MINIMAL_INSERTS = 2
#: What `minimal` may add: what the law requires and the facts a reader needs to act. Help and
#: tone sentences are for `full`, so a minimal rewrite of a minimal rewrite adds nothing.
MINIMAL_CATEGORIES = frozenset(
    {
        "missing-disclosure",
        "missing-opt-out",
        "missing-amount",
        "missing-due-date",
        "missing-contact",
    }
)
_BUSINESS = re.compile(r"\b(?:invoice|purchase order|PO (?:number|no)|net ?30|remittance)\b", re.I)
_CONSUMER_ONLY = {"missing-empathy", "missing-support"}
#: A message that confirms a payment ("Your invoice has been paid", "Thank you for your
#: payment") asks for nothing: a due date or a way to pay beside it would contradict it.
_CONFIRMS_PAYMENT = re.compile(
    r"\b(?:(?:has|have) been (?:successfully |fully )?(?:paid|settled|received|processed)"
    r"|(?:thank you|thanks) for (?:your |the )?(?:recent )?(?:payment|paying)"
    r"|(?:we|we've|we have) (?:have )?received your (?:recent )?payment"
    r"|payment (?:was|has been) (?:successful|received|processed)|paid in full|payment received)\b",
    re.I,
)
#: A confirmation that still asks for a payment (a remaining balance, the next instalment).
_STILL_ASKS = re.compile(
    r"\b(?:please pay|pay (?:the|your) (?:remaining|rest)|(?:is|are) (?:now )?(?:due|overdue)"
    r"|remaining balance|still owe|still outstanding|next (?:payment|instal(?:l)?ment))\b",
    re.I,
)
#: What a payment confirmation is never given: an ask, or the steps behind one.
_ASK_INSERTS = frozenset(
    {
        "missing-amount",
        "missing-due-date",
        "missing-payment-method",
        "missing-options",
        "missing-consequences",
    }
)
#: Requirements merged into the message's own ask when it has one (merge.py), by slot.
_MERGED = {"missing-due-date": "deadline", "missing-amount": "amount"}
#: Inserts that open the body, in reading order (the rest go at the end of the body).
_OPENING = ["missing-empathy", "missing-amount", "missing-due-date"]


def add_inserts(
    current: str, original: str, report: Report, channel: str, mode: Mode
) -> tuple[str, int]:
    """`current` with the missing requirements' sentences added or merged into its ask, and
    how many were. An ask sentence that needs the contact line to go with it (`_bundled_route`)
    goes only with the line: a rewrite that adds "Due: [DUE DATE]" and no way to reach anyone
    makes a payment request that misses its route, and its next pass would add it."""
    revised, count, routed = _add_inserts(current, original, report, channel, mode)
    if routed is None or read_slots(revised).filled("contact"):
        return revised, count
    revised, count, _ = _add_inserts(current, original, report, channel, mode, bundle=False)
    return revised, count


def _add_inserts(
    current: str, original: str, report: Report, channel: str, mode: Mode, bundle: bool = True
) -> tuple[str, int, str | None]:
    """The inserts, and the contact line `_bundled_route` bundled with them (None when none was):
    with `bundle` False, the ask inserts that needed the line are only merged into the
    message's own ask, never added as sentences."""
    slots = read_slots(current)
    business = bool(_BUSINESS.search(original))
    confirms = (
        report.stage.value == "thank-you" or bool(_CONFIRMS_PAYMENT.search(original))
    ) and not _STILL_ASKS.search(original)
    wanted: list[tuple[float, str, str]] = []
    for finding in report.all_findings():
        insert = next((s for s in finding.suggestions if s.action == "insert" and s.text), None)
        if insert is None or finding.category not in INSERT_ORDER:
            continue
        slot = REQUIREMENT_SLOTS.get(finding.category)
        if slot and slots.filled(slot):
            continue  # the message already states it, in its own words or field
        if business and finding.category in _CONSUMER_ONLY:
            continue
        if confirms and finding.category in _ASK_INSERTS:
            continue
        if channel == "voice" and finding.category != "missing-contact":
            continue  # a third party may hear a voicemail: only a callback line
        wanted.append((INSERT_ORDER.index(finding.category), finding.category, insert.text))
    routed = _bundled_route(wanted, slots, report, channel, confirms)
    if routed is not None:
        kept = [(_ROUTE_FIRST.get(c, k), c, t) for k, c, t in wanted if c != "missing-contact"]
        wanted = [*kept, (_ROUTE_FIRST["missing-contact"], "missing-contact", routed)]
    wanted.sort()
    if mode == "minimal":
        room = max(0, MINIMAL_INSERTS - budget.open_blanks(current))
        wanted = [w for w in wanted if w[1] in MINIMAL_CATEGORIES][:room]
    segments = budget.sms_segments(original)
    limit = segments if mode == "minimal" else max(segments, 2)

    def styled(sentence: str) -> str:
        sentence = _own_values(sentence, slots, current, channel)
        return re.sub(
            r"\[[A-Z][A-Z _]*\]", lambda m: in_style(m.group(0), slots.field_style), sentence
        )

    def fits(candidate: str) -> bool:
        if channel == "sms" and budget.sms_segments(candidate) > limit:
            return False
        if channel == "voice" and budget.words(candidate) > budget.voice_budget(original):
            return False
        return budget.new_placeholders(original, candidate) <= budget.MAX_NEW_PLACEHOLDERS

    merges = 0
    # the date first, so "Please pay by X." can then take the amount: "Please pay Y by X."
    for category in ("missing-due-date", "missing-amount"):
        item = next((w for w in wanted if w[1] == category), None)
        if item is None:
            continue
        merged = merge_into_ask(current, channel, _MERGED[category], styled(item[2]))
        if merged is not None and fits(merged):
            current, merges = merged, merges + 1
            wanted.remove(item)
    if routed is not None and not bundle:
        # merged into the message's own ask, the amount and the date stay; as sentences of
        # their own they would make a payment request with no way to reach anyone
        wanted = [w for w in wanted if w[1] not in _BUNDLED]
    date_ask = next((w for w in wanted if w[1] == "missing-due-date"), None)
    if date_ask is not None and channel != "sms" and not _one_short_line(current):
        # the message asks in words no merge takes: the date follows that ask as a statement,
        # where a second "Please pay" would repeat it
        placed = after_ask(current, channel, _as_statement(styled(date_ask[2])))
        if placed is not None and fits(placed):
            current, merges = placed, merges + 1
            wanted.remove(date_ask)
            date_ask = None
    if date_ask is not None and channel != "sms" and slots.filled("amount"):
        placed = after_amount(current, channel, styled(date_ask[2]))
        if placed is not None and fits(placed):
            current, merges = placed, merges + 1
            wanted.remove(date_ask)
    chosen: list[tuple[str, str]] = []
    if _one_short_line(current):
        wanted = []  # its only sentence is both first and last: a sentence beside it moves one
    for _, category, sentence in wanted:
        sentence = styled(sentence)
        if sentence in current:
            continue
        if category == "missing-contact" and _route_given(sentence, [t for _, t in chosen]):
            continue  # the way to pay already names the number to call
        trial = [*chosen, (category, sentence)]
        if fits(_place(current, trial, channel)):
            chosen = trial
    revised = _place(current, chosen, channel) if chosen else current
    return revised, len(chosen) + merges, routed


_DATE_ASK = re.compile(r"Please pay (?P<when>(?:by|before|within|on) .+)\.")


def _as_statement(sentence: str) -> str:
    """The date ask as a statement ("Payment is due by [DUE DATE].") to stand beside the
    message's own ask."""
    m = _DATE_ASK.fullmatch(sentence)
    return f"Payment is due {m.group('when')}." if m else sentence


#: The contact line of the clarity.missing-contact requirement (rules/core/requirements.toml).
_ROUTE = {
    "long": "If you have questions, contact us at {contact}.",
    "sms": "Questions? Contact us at {contact}.",
}
#: Where an inserted ask comes with a route, the date and the route go before the amount: they
#: let the reader act, and the amount is in the account they are asked about.
_ROUTE_FIRST = {
    "missing-due-date": INSERT_ORDER.index("missing-amount") - 0.6,
    "missing-contact": INSERT_ORDER.index("missing-amount") - 0.5,
}


#: The stages at which clarity.missing-contact asks for a route (rules/core/requirements.toml).
_ASKING_STAGES = frozenset({"reminder", "overdue", "final-notice", "payment-plan"})


#: The inserts that make a message a payment request, and the contact line that goes with them.
_BUNDLED = frozenset({"missing-amount", "missing-due-date", "missing-contact"})


def _bundled_route(
    wanted: list[tuple[float, str, str]],
    slots: SlotTable,
    report: Report,
    channel: str,
    confirms: bool,
) -> str | None:
    """The contact line an inserted ask (an amount or a due date) needs, when the message gives
    no way to reach anyone; else None. The ask makes it a payment request, and a payment
    request must say who to talk to."""
    categories = {c for _, c, _ in wanted}
    if confirms or channel == "voice" or slots.filled("contact"):
        return None
    if report.stage.value in _ASKING_STAGES:
        return None  # already a payment request: the check found its contact route evident
    if not categories & {"missing-amount", "missing-due-date"}:
        return None
    contact = (report.context.contact if report.context else None) or "[CONTACT]"
    return _ROUTE["sms" if channel == "sms" else "long"].format(contact=contact)


def _route_given(contact_line: str, chosen: list[str]) -> bool:
    """The contact line's route (its field or number) is already in a sentence being added."""
    routes = MERGE_FIELD.findall(contact_line) or PHONE.findall(contact_line)
    return any(route in sentence for route in routes for sentence in chosen)


def _one_short_line(text: str) -> bool:
    """A message that is one short sentence ("Possible legal action may be taken.")."""
    body = text.strip()
    return "\n" not in body and len(body) <= _SHORT_LAST and not _FIRST_STOP.search(body)


def _own_values(sentence: str, slots: SlotTable, text: str = "", channel: str = "email") -> str:
    """An insert's blanks for slots the message already fills: the message's own phone number
    for [CONTACT]; a second date is dropped ("If it is still unpaid on [DUE DATE], ..." -> "If
    it is still unpaid, ..."), as the message's own date may be one already passed.

    Only a phone number is reused, and only one the sender wrote (body, closing, signature,
    header): a web address or an account number with digits in it is not a way to talk to a
    person, and a number in quoted history or a legal footer is someone else's."""
    if slots.filled("deadline"):
        sentence = re.sub(r"\s(?:on|by|after)\s\[DUE DATE\]", "", sentence)
    if "[CONTACT]" not in sentence:
        return sentence
    foreign = [
        (z.start, z.end)
        for z in zones(text, channel)
        if z.kind in {ZoneKind.quoted, ZoneKind.footer}
    ]
    phone = next(
        (
            f.text
            for f in slots.facts
            if f.slot == "contact"
            and not f.field
            and PHONE.fullmatch(f.text)
            and not any(a <= f.start < b for a, b in foreign)
        ),
        None,
    )
    if phone:
        sentence = sentence.replace("[CONTACT]", phone)
    return sentence


def _place(text: str, chosen: list[tuple[str, str]], channel: str) -> str:
    """Insert every chosen sentence at once, offsets read from the text before any insert (an
    inserted "Due: ..." must not be read as an SMS sender id by the next insert)."""
    ordered = sorted(chosen, key=lambda x: _order(x[0]))
    opening = [(c, s) for c, s in ordered if c in _OPENING]
    closing = [s for c, s in ordered if c not in _OPENING]
    body_start, end = body_bounds(text, channel)
    start = opening_point(text, channel)
    sep = _separator(text, channel)
    out = text
    if closing:
        cta = _call_to_action(text, body_start, end, channel)
        if cta is not None and cta > start:
            # an SMS ends on its own action ("Pay now: {link}"), a one-line message on its own
            # short last word ("Late fees apply.", "Thanks!"): the insert goes before it
            gap = sep
            if "\n" in text[cta:end]:
                # a wrapped last sentence: the insert keeps to the lines' own breaks
                gap = "\n" if text[cta - 1] == "\n" else " "
            out = out[:cta] + sep.join(closing) + gap + out[cta:]
        else:
            out = out[:end] + sep + sep.join(closing) + out[end:]
    if opening:
        joined = _join_opening(opening, sep)
        if start >= len(out.rstrip()):
            gap = "" if not out[:start] or out[:start][-1].isspace() else sep
            out = out[:start] + gap + joined + out[start:]
        elif start == end or start > body_start:
            out = out[:start] + sep + joined + out[start:]
        else:
            out = out[:start] + joined + sep + out[start:]
    return out


def _join_opening(pairs: list[tuple[str, str]], sep: str) -> str:
    """The opening inserts as the message would write them: an acknowledgement is a paragraph
    of its own, while the amount and the date to pay by are one statement of the debt and read
    as one paragraph ("The amount due is $410.00. Please pay by 3 May."), not two lines."""
    feeling = [s for c, s in pairs if c == "missing-empathy"]
    facts = " ".join(s for c, s in pairs if c != "missing-empathy")
    return sep.join([*feeling, *([facts] if facts else [])])


#: A link, in words or as a field: what an SMS's last sentence asks the reader to tap.
_LINK = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io)/|[{\[<%]\s*\w*(?:link|url)\w*", re.I
)


_ASKS = re.compile(
    r"(?i)\b(?:pay|settle|call|contact|reply|visit|click|tap|log in|payment is due)\b"
)
#: A last sentence this short in a one-line message is its sign-off, kept last.
_SHORT_LAST = 40


def _call_to_action(text: str, start: int, end: int, channel: str) -> int | None:
    """Where the body's last sentence starts when it holds a link (an SMS) or is the short
    last sentence of a one-line message or of a hard-wrapped letter, else None."""
    body = text[start:end].rstrip()
    cuts = [m.end() for m in re.finditer(r"[.!?](?=\s)", body)]
    if not cuts:
        return None
    last = cuts[-1]
    while last < len(body) and body[last].isspace():
        last += 1
    if channel == "sms" and _LINK.search(body[last:]):
        return start + last
    one_line = "\n" not in text.strip()
    tail = body[last:].strip()
    if not text[end:].strip() and _wrapped_tail(body, last):
        return start + last
    if not one_line or len(tail) > _SHORT_LAST or _ASKS.search(tail):
        return None  # an ask is not a sign-off: what is added follows it
    return start + last


def _wrapped_tail(body: str, last: int) -> bool:
    """The body's last line is the short end of a sentence hard-wrapped at ~70 characters
    ("...for qualifying\ncommercial debts.") and nothing follows the body. Without a sign-off
    to go above, an insert after the body would push that fragment off the end and leave it
    stranded mid-letter: it goes before the wrapped sentence instead."""
    last_line = body[body.rfind("\n") + 1 :].strip()
    if "\n" not in body[last:] or len(last_line) > _SHORT_LAST:
        return False
    above = body[: body.rfind("\n")].rstrip()
    return bool(above) and not above.endswith((".", "!", "?", ":", ";"))


def _order(category: str) -> int:
    return _OPENING.index(category) if category in _OPENING else INSERT_ORDER.index(category)


def opening_point(text: str, channel: str) -> int:
    """Where an acknowledgement or the facts go: the body's opening after a greeting or header;
    with neither, after the message's own first sentence (or paragraph), which stays first."""
    return _outside_fields(text, _opening_point(text, channel))


def _outside_fields(text: str, at: int) -> int:
    """An insert never lands inside a merge field or template tag ("{{ c.last_name }}"): a
    point inside one moves to the end of its line."""
    for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}|" + MERGE_FIELD.pattern, text):
        if m.start() < at < m.end():
            line_end = text.find("\n", m.end())
            return len(text) if line_end == -1 else line_end
    return at


def _opening_point(text: str, channel: str) -> int:
    found = zones(text, channel)
    start, end = body_bounds(text, channel)
    if any(z.kind in {ZoneKind.greeting, ZoneKind.header} for z in found):
        return start
    body = text[start:end]
    para = body.find("\n\n")
    if para != -1:
        return start + para
    line = body.find("\n")
    if line != -1:
        return start + line
    for stop in _FIRST_STOP.finditer(body):
        if not _CONNECTIVE.match(body, stop.end()):
            return start + stop.end()
    return end


#: A sentence that opens by answering the one before it ("However, if you fail to ...") keeps
#: that sentence beside it: an insert goes after the pair.
_CONNECTIVE = re.compile(
    r"\s*(?:however|but|therefore|thus|also|otherwise|in addition|furthermore|moreover|"
    r"as a result|consequently|nevertheless|instead)\b",
    re.IGNORECASE,
)


#: The full stop that ends a first sentence: not an initial's ("J. Smith") nor an
#: abbreviation's ("etc.", "Mr.", "No."), after which the sentence goes on.
_FIRST_STOP = re.compile(
    r"(?:(?<![ \t])(?<!\b[A-Z])(?<!\betc)(?<!\be\.g)(?<!\bi\.e)(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)"
    r"(?<!\bNo)(?<!\bInc)(?<!\bLtd)(?<!\bvs)(?<!\bSt)\.|[!?])(?=\s)"
)


def _separator(text: str, channel: str) -> str:
    start, end = body_bounds(text, channel)
    body = text[start:end]
    if "\n\n" in body or ("\n\n" in text and channel in {"email", "letter"}):
        return "\n\n"
    if "\n" in body:
        return "\n"
    return " "
