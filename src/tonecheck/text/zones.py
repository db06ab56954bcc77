"""The parts of a message (header, greeting, body, closing, signature, legal footer, quoted
history) for each channel, so an edit or an inserted sentence lands where a person would put it.

Inserts must never go above a Subject line or letterhead, after a sign-off or a STOP line, or
before a voicemail caller says who they are; every one of those mistakes comes from guessing the
layout with one regular expression. Here the message is read line by line (sentence by sentence
for one-paragraph SMS and voicemail), from both ends towards the body.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict


class ZoneKind(StrEnum):
    header = "header"
    greeting = "greeting"
    body = "body"
    closing = "closing"
    signature = "signature"
    footer = "footer"
    quoted = "quoted"


class Zone(BaseModel):
    """One part of a message: text[start:end]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ZoneKind
    start: int
    end: int


_HEADER_LINE = re.compile(
    r"^[ \t]*(?:(?:subject|re|ref|reference|regarding|account(?: (?:no|number|#))?|acct|"
    r"invoice(?: (?:no|number|#))?|creditor|original creditor|balance(?: due)?|amount due|"
    r"date|from|to|our ref|your ref|file(?: no)?|case(?: no)?)\b\.?[ \t]*[:#]"
    r"|re\b[ \t]+\S)",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^[ \t]*(?:(?i:dear|hi|hello|hey|good (?:morning|afternoon|evening)|greetings|to whom it may concern)\b"
    r"[^\n,!.]{0,60}(?:[,!:][ \t]*)?"
    r"|(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s)?[A-Z][\w'-]{1,30}(?:\s[A-Z][\w'-]{1,30}){0,2},[ \t]*(?=\r?\n|$))",
)
_CLOSING = re.compile(
    r"^[ \t]*(?:(?:yours )?(?:very )?(?:truly|sincerely|faithfully|respectfully)(?: yours)?|"
    r"(?:kind|best|warm|warmest|with kind)? ?regards|best wishes|warm wishes|many thanks|"
    r"thanks(?: again)?|thank you(?: for your (?:time|attention|prompt attention))?|best|cheers|"
    r"respectfully|with thanks|all the best|take care)"
    # the sender's name on the same line: "Thank you, [company]", "Thanks, Acme Billing"
    r"(?:,[ \t]*(?-i:\[[^\]\n]+\]|\{\{?[^}\n]+\}\}?|[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}))?"
    r"[ \t]*[,.!]?[ \t]*(?:<br\s*/?>[ \t]*)?$",
    re.IGNORECASE,
)
_SIG_MARK = re.compile(r"^-- ?$")
_QUOTED = re.compile(
    r"^[ \t]*(?:>|-{2,}\s*(?:original message|forwarded message)|on\b.{0,120}\bwrote:\s*$|"
    r"from:\s.+\bsent:)",
    re.IGNORECASE,
)
#: Legal text that must stay last: validation notices, the debt-collector disclosure, opt-out.
FOOTER = re.compile(
    r"attempt to collect a debt|debt collector|any information obtained will be used|"
    r"\breply (?:stop|help)\b|\btext (?:stop|help)\b|\b(?:stop|help) to\b|\bto opt[ -]out\b|"
    r"\bmsg (?:&|and) data rates\b|\bunsubscribe\b|validation notice|"
    r"unless you (?:notify|dispute)|within (?:thirty|30) days after (?:you )?receiv|"
    r"fair debt collection practices act|authori[sz]ed and regulated by|"
    r"financial conduct authority|registered (?:office|in england)|company (?:no|number)",
    re.IGNORECASE,
)
_CALLER_ID = re.compile(
    r"\b(?:this is|my name is|i'm calling from|calling from|it's|i am)\b", re.IGNORECASE
)
_CALLBACK = re.compile(
    r"\b(?:call|ring|reach|contact)\b.{0,60}\b(?:back|us|me|at|on)\b|\d{3}[\s.-]?\d{3,4}",
    re.IGNORECASE,
)
_SMS_SENDER = re.compile(r"^[ \t]*(?:[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}|\[[^\]]+\]):\s")
#: A sentence ends at . ! ? before a space or the end, not inside "acme.com", "3.50" or "U.S.".
_SENTENCE = re.compile(
    r"(?:[^.!?\n]|[.!?](?=[^\s.!?\"')\]])|(?<=\b[A-Z])\.(?=[ \t][A-Z]))+(?:[.!?]+[\"')\]]*|$)",
    re.MULTILINE,
)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the line break."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        spans.append((pos, pos + len(stripped)))
        pos += len(line)
    return spans


def _is_banner(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(line.split()) <= 12


#: A "Label: value" line of an account block ("Balance due: $120", "Account : 123456"): a short
#: label and a short value, not a sentence that happens to hold a colon ("Note: please call.").
_FIELD_LINE = re.compile(
    r"^[ \t]*[A-Z][\w/&'.()# -]{0,30}?[ \t]*[:#][ \t]*(?:\S[^\n.!?]{0,40})?\.?[ \t]*$"
)


def _is_field_line(line: str) -> bool:
    return len(line.strip()) <= 60 and bool(_HEADER_LINE.match(line) or _FIELD_LINE.match(line))


def _trailing_block(text: str, lines: list[tuple[int, int]], content: list[int]) -> int | None:
    """The first line of an account block that ends the message, after the sign-off.

    Read from the end, the closing and signature are found only when they are the last lines;
    a block of "Account: 12345" lines below them would make the whole tail look like body, and
    an insert would land under the account number."""
    run = []
    for i in reversed(content):
        if _is_field_line(text[lines[i][0] : lines[i][1]]):
            run.append(i)
            continue
        break
    if not run or run[-1] == content[0]:
        return None  # nothing after the block is left to be the message
    return run[-1]


def _is_bare_line(line: str) -> bool:
    """A letterhead or signature line: short, no sentence punctuation at its end."""
    s = line.strip()
    return 0 < len(s.split()) <= 7 and not s.endswith((".", "!", "?", ":", ";")) and len(s) <= 60


def zones(text: str, channel: str = "email") -> list[Zone]:
    """The message's zones in order. Every character belongs to at most one zone; blank lines
    between zones belong to none."""
    if channel in {"sms", "voice"} and "\n\n" not in text.strip():
        return _inline_zones(text, channel)
    return _block_zones(text)


def _block_zones(text: str) -> list[Zone]:
    lines = _lines(text)
    content = [i for i, (a, b) in enumerate(lines) if text[a:b].strip()]
    if not content:
        return []
    found: list[Zone] = []
    first, last = content[0], content[-1]
    # quoted history: from the first quote marker to the end
    for i in content:
        if _QUOTED.match(text[lines[i][0] : lines[i][1]]):
            found.append(Zone(kind=ZoneKind.quoted, start=lines[i][0], end=lines[last][1]))
            last = max([j for j in content if j < i], default=first - 1)
            break
    content = [i for i in content if first <= i <= last]
    if not content:
        return found
    account = _trailing_block(text, lines, content)
    if account is not None:
        found.append(Zone(kind=ZoneKind.footer, start=lines[account][0], end=lines[last][1]))
        last = max(j for j in content if j < account)
        content = [i for i in content if i <= last]
    # greeting: within the first lines; everything above it is the header
    greeting = None
    for i in content[:12]:
        a, b = lines[i]
        line = text[a:b]
        if _GREETING.match(line) and not _HEADER_LINE.match(line) and not _CLOSING.match(line):
            greeting = i
            break
        if not (_HEADER_LINE.match(line) or _is_banner(line) or _is_bare_line(line)):
            break  # the first sentence: a greeting comes before it or not at all
    head_end = content[0] - 1
    if greeting is not None:
        head_end = max([j for j in content if j < greeting], default=content[0] - 1)
    else:
        paras = _paragraphs(text, lines, content)
        for para in paras[:-1]:
            block = [text[lines[i][0] : lines[i][1]] for i in para]
            if all(_HEADER_LINE.match(x) or _is_banner(x) or _is_bare_line(x) for x in block):
                head_end = para[-1]  # letterhead, address or account block
                continue
            break
    body_first = greeting + 1 if greeting is not None else head_end + 1
    # from the end: footer paragraphs, signature lines, the sign-off
    tail_start = last + 1
    footer_start = None
    paragraphs = _paragraphs(text, lines, [i for i in content if i >= body_first])
    for para in reversed(paragraphs):
        para_text = text[lines[para[0]][0] : lines[para[-1]][1]]
        if FOOTER.search(para_text) and para[0] > body_first:
            footer_start = para[0]
            tail_start = para[0]
        else:
            break
    closing = None
    for i in reversed([j for j in content if body_first <= j < tail_start]):
        a, b = lines[i]
        line = text[a:b]
        if _CLOSING.match(line) or _SIG_MARK.match(line):
            closing = i
            break
        if not _is_bare_line(line) or i <= body_first:
            break
    sig_start = None
    if closing is None:
        # bare signature lines after the last sentence: "Jane Smith\nCollections"
        run = []
        for i in reversed([j for j in content if body_first < j < tail_start]):
            if _is_bare_line(text[lines[i][0] : lines[i][1]]):
                run.append(i)
                continue
            break
        if run and len(run) <= 5:
            prev = max(j for j in content if j < run[-1])
            if text[lines[prev][0] : lines[prev][1]].rstrip().endswith((".", "!", "?", ":")):
                sig_start = run[-1]
    body_last_candidates = [
        j
        for j in content
        if body_first <= j < min(x for x in (closing, sig_start, tail_start) if x is not None)
    ]
    if head_end >= content[0]:
        found.append(Zone(kind=ZoneKind.header, start=lines[content[0]][0], end=lines[head_end][1]))
    if greeting is not None:
        a, b = lines[greeting]
        inline = _GREETING.match(text[a:b])
        g_end = a + inline.end() if inline else b
        if text[g_end:b].strip():
            # "Hi Sam, just a reminder ...": the greeting opens the first sentence
            body_last_candidates = [greeting, *body_last_candidates]
        found.append(Zone(kind=ZoneKind.greeting, start=a, end=g_end))
    if body_last_candidates:
        body_start = lines[body_last_candidates[0]][0]
        # the body starts after the header or greeting; zones found at the end (a trailing
        # account block, quoted history) do not move its start
        above = [z.end for z in found if z.start <= body_start]
        found.append(
            Zone(
                kind=ZoneKind.body,
                start=max([body_start, *above]),
                end=lines[body_last_candidates[-1]][1],
            )
        )
    sig_end = lines[max(j for j in content if j < tail_start)][1] if tail_start > content[0] else 0
    if closing is not None:
        found.append(Zone(kind=ZoneKind.closing, start=lines[closing][0], end=lines[closing][1]))
        after = [j for j in content if closing < j < tail_start]
        if after:
            found.append(Zone(kind=ZoneKind.signature, start=lines[after[0]][0], end=sig_end))
    elif sig_start is not None:
        found.append(Zone(kind=ZoneKind.signature, start=lines[sig_start][0], end=sig_end))
    if footer_start is not None:
        found.append(Zone(kind=ZoneKind.footer, start=lines[footer_start][0], end=lines[last][1]))
    return sorted(found, key=lambda z: z.start)


def _paragraphs(text: str, lines: list[tuple[int, int]], content: list[int]) -> list[list[int]]:
    paras: list[list[int]] = []
    for i in content:
        if paras and paras[-1][-1] == i - 1:
            paras[-1].append(i)
        else:
            paras.append([i])
    return paras


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def _inline_zones(text: str, channel: str) -> list[Zone]:
    """SMS and voicemail: the sender or caller id first, the opt-out or callback last."""
    spans = []
    for a, b in _sentences(text):
        while a < b and text[a].isspace():
            a += 1
        spans.append((a, b))
    if not spans:
        return []
    found: list[Zone] = []
    first = 0
    sender = _SMS_SENDER.match(text) if channel == "sms" else None
    if sender and sender.end() < len(text.rstrip()):
        found.append(Zone(kind=ZoneKind.header, start=sender.start(), end=sender.end() - 1))
        spans[0] = (sender.end(), spans[0][1])
    elif (
        channel == "voice" and len(spans) > 1 and _CALLER_ID.search(text[spans[0][0] : spans[0][1]])
    ):
        found.append(Zone(kind=ZoneKind.header, start=spans[0][0], end=spans[0][1]))
        first = 1
    elif (
        channel == "voice"
        and len(spans) > 2
        and _GREETING.match(text[spans[0][0] : spans[0][1]])
        and _CALLER_ID.search(text[spans[1][0] : spans[1][1]])
    ):
        found.append(Zone(kind=ZoneKind.header, start=spans[0][0], end=spans[1][1]))
        first = 2
    last = len(spans)
    while last - 1 > first:
        a, b = spans[last - 1]
        piece = text[a:b]
        if channel == "sms" and FOOTER.search(piece):
            last -= 1
            continue
        break
    if last < len(spans):
        found.append(Zone(kind=ZoneKind.footer, start=spans[last][0], end=spans[-1][1]))
    closing_at = last
    while closing_at - 1 > first and _CLOSING.match(
        text[spans[closing_at - 1][0] : spans[closing_at - 1][1]].strip()
    ):
        closing_at -= 1
    if (
        channel == "voice"
        and closing_at - 1 > first
        and _CALLBACK.search(text[spans[closing_at - 1][0] : spans[closing_at - 1][1]])
    ):
        closing_at -= 1
    # trailing courtesy after the callback ("Thank you.", "Bye.") stays with the closing
    if closing_at < last:
        found.append(
            Zone(kind=ZoneKind.closing, start=spans[closing_at][0], end=spans[last - 1][1])
        )
    if closing_at > first:
        found.append(Zone(kind=ZoneKind.body, start=spans[first][0], end=spans[closing_at - 1][1]))
    return sorted(found, key=lambda z: z.start)


def zone_at(found: list[Zone], offset: int) -> ZoneKind | None:
    for zone in found:
        if zone.start <= offset < zone.end:
            return zone.kind
    return None


@lru_cache(maxsize=16)
def body_bounds(text: str, channel: str = "email") -> tuple[int, int]:
    """Where the body starts and where its last sentence ends (inserts go between).

    Remembered for the last few texts: every missing requirement of a message asks for the
    same bounds (about three times a check), and zoning the text is most of their cost."""
    found = zones(text, channel)
    bodies = [z for z in found if z.kind is ZoneKind.body]
    if bodies:
        start, end = bodies[0].start, bodies[-1].end
        greeting = [z for z in found if z.kind is ZoneKind.greeting]
        if greeting and greeting[0].end == start and "\n" not in text[greeting[0].start : start]:
            # "Hi Sam, your payment is late. ...": the greeting's sentence stays whole
            first = _sentences(text[start:end])
            if len(first) > 1:
                start += first[0][1]
        while start < end and text[start].isspace():
            start += 1
        # a sign-off closing a one-paragraph message: "... call us. Thank you."
        sentences = [
            (a + bodies[-1].start, b + bodies[-1].start)
            for a, b in _sentences(text[bodies[-1].start : end])
        ]
        while len(sentences) > 1 and _CLOSING.match(
            text[sentences[-1][0] : sentences[-1][1]].strip()
        ):
            sentences.pop()
            end = sentences[-1][1]
        return start, end
    greeting = [z for z in found if z.kind in {ZoneKind.header, ZoneKind.greeting}]
    start = greeting[-1].end if greeting else 0
    while start < len(text) and text[start] in "\r\n \t":
        start += 1
    tail = [z for z in found if z.kind not in {ZoneKind.header, ZoneKind.greeting}]
    end = tail[0].start if tail else len(text.rstrip())
    return start, max(start, end)


def insertion_point(text: str, position: str, channel: str = "email") -> int:
    """Offset for an inserted sentence: the opening of the body for acknowledgements and facts
    ('start', 'after-greeting'), the end of the body for options, contact and next steps."""
    start, end = body_bounds(text, channel)
    if position in {"start", "after-greeting"}:
        return start
    return end
