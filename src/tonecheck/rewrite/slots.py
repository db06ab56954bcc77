"""The fact table read before any edit: amounts, deadlines, ways to pay, contact routes, offers,
stated consequences and disclosures, from literal values and from every merge-field syntax.

A requirement is met when its slot is filled, whatever syntax the template uses for it, so a
rewrite never inserts "[AMOUNT]" beside "{{amount}}" or a second due date beside "within 14 days".
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

#: Merge fields in the syntaxes billing and mailing tools use.
MERGE_FIELD = re.compile(
    r"\{\{\s*[\w. ]+?\s*\}\}|\$\{[\w.]+\}|\{![\w.]+\}|\{[A-Za-z_][\w.]*\}"
    r"|\[[A-Z][A-Z0-9 _/]*\]|%[A-Za-z_]+%|<<[A-Za-z_ ]+>>|<[A-Z_]{2,}>|\*\|[A-Z_]+\|\*"
    r"|«[^»\n]{1,40}»|\$_{1,}|_{3,}"
)
_AMOUNT = re.compile(
    r"(?:[$£€]|\b(?:USD|GBP|EUR)\s?)\s?\d[\d,]*(?:\.\d+)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|GBP|EUR|dollars|pounds|euros)\b"
)
#: A month's abbreviation point only before its day or year ("Sept. 5"): "by 5 June." ends a
#: sentence, and a fact that took the full stop would read as changed when a clause after it goes.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*(?:\.(?=\s?\d))?"
_DATE = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
)
_RELATIVE = re.compile(
    r"\b(?:within|in the next|in)\s+(?:\d+|[a-z]+(?:-[a-z]+)?)\s+(?:\(\d+\)\s+)?(?:business |working |calendar )?"
    r"(?:days?|weeks?|months?|hours?)\b(?:\s+(?:of|from|after)\s+(?:the date of\s+)?(?:this|the|receiving|receipt)[\w ]{0,30}?(?=[.,;]|$))?"
    r"|\bby\s+(?:the end of\s+)?(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|(?:the )?end of (?:the )?(?:day|week|month))\b",
    re.IGNORECASE,
)
#: The date of the message's own ask when no date pattern reads it ("pay £60 by 1sep11",
#: "to reach us by [date]", "paid on (date)"): whatever follows the ask's "by" is its deadline,
#: so no second "Please pay by [DUE DATE]" is inserted beside it.
_ASK_DEADLINE = re.compile(
    r"\b(?:pay|paid|settle|settled|clear|payment|reach us|respond|reply)\b(?:[^.!?\n]|\.(?=\d)){0,60}?"
    r"\b(?:by|before|on or before|no later than|on)\s+"
    r"(?P<when>\d[\w/.-]*\w|\[[^\]\n]{0,30}?(?:date|day|deadline)[^\]\n]{0,10}\]"
    r"|\([^)\n]{0,30}?(?:date|day|deadline)[^)\n]{0,10}\)|<[^>\n]{0,30}?(?:date|day)[^>\n]{0,10}>)",
    re.IGNORECASE,
)
#: An ask set for today ("Pay the full balance of $1,240.00 today"): its time is the message's
#: deadline, so a "Please pay by [DUE DATE]" beside it would contradict it.
_ASK_TODAY = re.compile(
    r"\b(?:pay|settle|clear)\b(?:[^.!?\n]|\.(?=\d)){0,60}?\b(?P<when>today|tomorrow|tonight)\b",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?<![\w$£€.,])\+?\(?\d{3,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b|\b1-8\d\d-\d{3}-\d{4}\b"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]*\w")
_URL = re.compile(
    r"\bhttps?://\S+[\w/]|\bwww\.\S+[\w/]|\b[\w-]+\.(?:com|org|net|co\.uk|gov|uk|us|io)(?:/\S*[\w/])?\b"
)
_REFERENCE = re.compile(r"\b[A-Z]{2,}[-/]?\d[\w-]*|\b\d{5,}\b")
_PAY_WAY = re.compile(
    r"\b(?:pay(?:ment)? (?:online|by (?:phone|card|cheque|check|bank transfer|direct debit))|"
    r"online at|bank transfer|direct debit|debit card|credit card|standing order|money order|"
    r"pay(?:ment)? portal|payment link|autopay)\b",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\b(?:payment (?:plan|arrangement|schedule)|instal(?:l)?ments?|arrangement to pay|"
    r"pay (?:in|over) (?:smaller|part|parts)|settle(?:ment)? (?:offer|for)|hardship|"
    r"(?:reduced|smaller|lower) (?:payments?|amount)|pause|breathing space)\b",
    re.IGNORECASE,
)
_CONSEQUENCE = re.compile(
    r"\b(?:refer(?:red)? (?:the|your) (?:account|debt|matter)|collection agency|credit (?:reference|bureau|report|file)|"
    r"legal (?:action|proceedings)|court|lawsuit|sue\b|judg(?:e)?ment|late (?:fee|charge)|interest|"
    r"suspend|disconnect|default notice|what happens next)",
    re.IGNORECASE,
)
#: Legal sentences kept verbatim: the debt-collector disclosure, validation and rights notices,
#: and the statements a UK statutory notice must carry in the prescribed words and prominence
#: (Consumer Credit (Enforcement, Default and Termination Notices) Regulations 1983, Sch. 2;
#: Consumer Credit Act 1974 ss. 76, 87, 98): their capitals are part of the form.
DISCLOSURE = re.compile(
    r"[^.!?\n]*(?:attempt to collect a debt|any information obtained will be used|"
    r"this (?:communication|message|letter) is from a debt collector|"
    r"(?:reply|text) stop\b|\bstop to (?:opt|end|unsubscribe|cancel|quit)|"
    r"unless you (?:notify|dispute)|right to dispute|dispute the validity|"
    r"authori[sz]ed and regulated by|"
    r"(?:action|steps) required by this notice|served under section \d+|"
    r"you can apply to the court which may make an order|"
    r"you should get help as soon as possible|you should contact a solicitor|"
    r"important\W+you should read this carefully)[^.!?\n]*[.!?]?",
    re.IGNORECASE,
)

#: Which slot a merge field fills, by the words in its name.
_FIELD_SLOTS = [
    ("amount", re.compile(r"amount|balance|total|owed|sum|due_amt|\$_", re.IGNORECASE)),
    ("deadline", re.compile(r"date|deadline|due(?!_?amount)|by_", re.IGNORECASE)),
    ("payment_method", re.compile(r"pay(?:ment)?_?(?:link|url)|portal|link", re.IGNORECASE)),
    ("contact", re.compile(r"phone|tel|contact|email|number|url", re.IGNORECASE)),
]

#: Requirement categories and the slot that meets them.
REQUIREMENT_SLOTS = {
    "missing-amount": "amount",
    "missing-due-date": "deadline",
    "missing-payment-method": "payment_method",
    "missing-contact": "contact",
    "missing-options": "offer",
    "missing-consequences": "consequence",
}


class Fact(BaseModel):
    """One value the message states: its slot, the words and where they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slot: str
    text: str
    start: int
    end: int
    field: bool = Field(default=False, description="True for a merge field")


class SlotTable(BaseModel):
    """Every fact in a message, and the merge-field syntax it uses (for inserts)."""

    model_config = ConfigDict(extra="forbid")

    facts: list[Fact] = Field(default_factory=list)
    field_style: str | None = Field(default=None, description="An example field: '{{x}}', '[X]'")

    def filled(self, slot: str) -> bool:
        return any(f.slot == slot for f in self.facts)

    def first(self, slot: str) -> Fact | None:
        return next((f for f in self.facts if f.slot == slot), None)

    def values(self) -> Counter[str]:
        """The multiset of literal values and fields a rewrite must keep."""
        return Counter(
            f.text.strip()
            for f in self.facts
            if f.slot in {"amount", "deadline", "contact", "reference", "field"} or f.field
        )


def _field_slot(name: str) -> str:
    for slot, pattern in _FIELD_SLOTS:
        if pattern.search(name):
            return slot
    return "field"


def read_slots(text: str) -> SlotTable:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(slot: str, m: re.Match[str], field: bool = False) -> None:
        a, b = m.span()
        if any(a < y and x < b for x, y in taken):
            return
        taken.append((a, b))
        facts.append(Fact(slot=slot, text=m.group(0), start=a, end=b, field=field))

    style = None
    for m in MERGE_FIELD.finditer(text):
        style = style or m.group(0)
        add(_field_slot(m.group(0)), m, field=True)
    for pattern, slot in (
        (_EMAIL, "contact"),
        (_URL, "contact"),
        (_AMOUNT, "amount"),
        (_DATE, "deadline"),
        (_RELATIVE, "deadline"),
        (PHONE, "contact"),
        (_REFERENCE, "reference"),
    ):
        for m in pattern.finditer(text):
            add(slot, m)
    for m in [*_ASK_DEADLINE.finditer(text), *_ASK_TODAY.finditer(text)]:
        a, b = m.span("when")
        if not any(a < y and x < b for x, y in taken):
            taken.append((a, b))
            facts.append(Fact(slot="deadline", text=m.group("when"), start=a, end=b))
    for pattern, slot in (
        (_PAY_WAY, "payment_method"),
        (_OFFER, "offer"),
        (_CONSEQUENCE, "consequence"),
    ):
        for m in pattern.finditer(text):
            facts.append(Fact(slot=slot, text=m.group(0), start=m.start(), end=m.end()))
    for m in DISCLOSURE.finditer(text):
        facts.append(Fact(slot="disclosure", text=m.group(0).strip(), start=m.start(), end=m.end()))
    if any(f.slot == "contact" and "@" not in f.text and "." in f.text for f in facts):
        facts.append(Fact(slot="payment_method", text="(web address)", start=0, end=0))
    return SlotTable(facts=sorted(facts, key=lambda f: (f.start, f.slot)), field_style=style)


def in_style(placeholder: str, style: str | None) -> str:
    """'[DUE DATE]' written in the template's own field syntax ('{{due_date}}', '%DUE_DATE%')."""
    if style is None or style.startswith("[") or style.startswith("$_") or style.startswith("__"):
        return placeholder
    name = placeholder.strip("[]").strip()
    snake = re.sub(r"\W+", "_", name.lower()).strip("_")
    upper = snake.upper()
    for opener, closer, word in (
        ("{{ ", " }}", snake),
        ("{{", "}}", snake),
        ("${", "}", snake),
        ("{!", "}", snake),
        ("%", "%", upper if style[1:2].isupper() else snake),
        ("<<", ">>", upper if style[2:3].isupper() else snake),
        ("*|", "|*", upper),
        ("«", "»", snake),
        ("<", ">", upper),
        ("{", "}", snake),
    ):
        if style.startswith(opener) and style.endswith(closer):
            return f"{opener}{word}{closer}"
    return placeholder


def disclosures(text: str) -> list[str]:
    return [f.text for f in read_slots(text).facts if f.slot == "disclosure"]
