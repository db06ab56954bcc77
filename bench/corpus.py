"""A seeded generator of realistic debt-collection messages for the benchmarks.

Messages are assembled from pools of sentences written for this suite, in several tones
(friendly, firm, harsh, legalese, warm-but-vague), for each channel (email, sms, letter, voice),
with names, amounts, dates and reference numbers filled in so the vocabulary keeps growing the way
real traffic does. The same seed always gives the same messages.

    >>> from bench.corpus import messages
    >>> batch = messages(100, seed=7)
    >>> batch[0]["channel"] in {"email", "sms", "letter", "voice"}
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

CHANNELS = ("email", "sms", "letter", "voice")
TONES = ("friendly", "firm", "harsh", "legalese", "warm-vague")

FIRST_NAMES = (
    "Sam",
    "Alex",
    "Priya",
    "Jordan",
    "Maria",
    "Tom",
    "Aisha",
    "Chen",
    "Olu",
    "Grace",
    "Mateo",
    "Fatima",
    "Liam",
    "Noor",
    "Kofi",
    "Emma",
    "Ravi",
    "Sofia",
    "Daniel",
    "Mei",
    "Hannah",
    "Yusuf",
)
LAST_NAMES = (
    "Smith",
    "Okafor",
    "Nguyen",
    "Patel",
    "Garcia",
    "Kowalski",
    "Brown",
    "O'Neill",
    "Haddad",
    "Schmidt",
    "Rossi",
    "Mensah",
    "Johansson",
    "Ali",
    "Murphy",
    "Tanaka",
    "Silva",
    "Evans",
)
COMPANIES = (
    "Brightwater Energy",
    "Northfield Credit",
    "Harbour Telecom",
    "Greenline Finance",
    "Oakridge Water",
    "Meridian Recoveries",
    "Cobalt Mobile",
    "Fairway Loans",
    "Kestrel Utilities",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

GREETINGS = {
    "friendly": ("Hi {first},", "Hello {first},", "Dear {first},", "Hi {first}!"),
    "firm": ("Dear {first} {last},", "Dear customer,", "Hello {first},"),
    "harsh": ("{first} {last},", "ATTENTION {upper_last},", "To {first} {last}:"),
    "legalese": ("Dear Sir or Madam,", "To whom it may concern,", "Re: Account {ref}"),
    "warm-vague": ("Hi there {first},", "Hello lovely {first},", "Dear {first},"),
}

SENTENCES = {
    "friendly": (
        "We noticed that your payment of {amount} for account {ref} was due on {date}.",
        "We know that money can be tight sometimes, and we are here to help.",
        "You can pay online at {url} or call us on {phone} between 8am and 8pm.",
        "If you can't pay the full amount right now, we can set up a payment plan that suits you.",
        "Please get in touch by {date} so we can agree what works for you.",
        "Thank you for being a customer of {company} for the last {years} years.",
        "If you are going through a difficult time, free and confidential advice is available from a debt charity.",
        "Your current balance is {amount} and the next payment is due on {date}.",
        "Could you let us know what would help you most?",
        "We can also pause payments for up to {days} days while you get advice.",
        "If you have already paid, please ignore this message and thank you.",
        "Just reply to this message or call {phone} and one of our team will help.",
        "We have sent a copy of your statement to your email address for your records.",
    ),
    "firm": (
        "Your account {ref} is now {days} days overdue with a balance of {amount}.",
        "Please pay {amount} by {date} to bring your account up to date.",
        "If we do not hear from you by {date}, we may pass your account to our collections team.",
        "Late fees of {fee} may be added to your balance under the terms of your agreement.",
        "You can pay by bank transfer, by card at {url}, or by phone on {phone}.",
        "This is a reminder that your payment is now overdue.",
        "We have written to you twice about this balance and have not received a reply.",
        "If you are unable to pay, contact us to discuss your options before {date}.",
        "Missed payments may be reported to credit reference agencies after {days} days.",
        "Please quote your reference {ref} in any correspondence.",
        "Our office is open Monday to Friday from 9am to 5pm.",
    ),
    "harsh": (
        "YOU HAVE IGNORED EVERY LETTER WE HAVE SENT!!!",
        "Pay {amount} today or we will take you to court.",
        "This is your final warning before we send the bailiffs round.",
        "We will contact your employer and your family about this debt.",
        "Failure to pay will result in legal action and a warrant for your arrest.",
        "Stop making excuses and pay what you owe immediately.",
        "You clearly have no intention of paying, which is unacceptable.",
        "Your credit score will be destroyed and you will never get a loan again.",
        "We are sick of chasing you for money that you owe us.",
        "Pay now or face the consequences.",
        "People like you are the reason prices go up for everyone else.",
        "Do not ignore this notice again.",
    ),
    "legalese": (
        "Notwithstanding the foregoing, the outstanding indebtedness of {amount} remains due and payable forthwith.",
        "Pursuant to clause {clause} of the agreement, the creditor hereby reserves all rights and remedies.",
        "In the event of non-payment, the aforementioned sum shall accrue interest at the contractual rate.",
        "This communication is from a debt collector and is an attempt to collect a debt.",
        "Any information obtained will be used for that purpose.",
        "Unless you dispute the validity of the debt within thirty days, it will be assumed to be valid.",
        "The undersigned is duly authorised to act on behalf of {company} in respect of the above account.",
        "Default interest and collection charges may be levied in accordance with the terms and conditions.",
        "The account has been assigned for recovery and all further correspondence must be addressed to this office.",
        "Kindly remit the balance of {amount} by {date} quoting reference {ref}.",
        "Please be advised that this matter may be escalated without further notice.",
    ),
    "warm-vague": (
        "We just wanted to reach out about a little something on your account.",
        "We totally understand that life gets busy and these things happen!",
        "Whenever you get a moment, it would be wonderful to hear from you.",
        "There is a small balance that we would love to help you sort out soon.",
        "We really value you and want to make this as easy as possible.",
        "Things may happen if the account is not sorted, but we are sure it will be fine.",
        "Please do something about it at some point in the near future.",
        "We are always happy to chat about anything at all.",
        "Sending you our very best wishes and lots of positive thoughts.",
        "Let us work together to find a happy solution for everyone.",
    ),
}

SMS_SENTENCES = (
    "{company}: your payment of {amount} is overdue.",
    "Pay at {url} or call {phone}.",
    "Reply HELP for options or STOP to opt out.",
    "Ref {ref}. Due {date}.",
    "Struggling? We can help, call {phone}.",
    "PAY NOW OR WE WILL TAKE ACTION!!",
    "Hi {first}, a friendly reminder that {amount} is due on {date}.",
)

CLOSINGS = {
    "friendly": (
        "Kind regards,\n{agent}\n{company}",
        "Thanks,\n{agent} at {company}",
        "Best wishes,\nThe {company} team",
    ),
    "firm": ("Regards,\n{company} Customer Accounts", "Sincerely,\n{agent}\n{company}"),
    "harsh": ("{company} Recoveries", "Collections Department", ""),
    "legalese": (
        "Yours faithfully,\n{company} Legal Department",
        "Yours sincerely,\nFor and on behalf of {company}",
    ),
    "warm-vague": ("Lots of love,\nThe team", "Warmly,\n{agent}", "Cheers!"),
}

# A few merge fields left unfilled, as templates that went out half-finished do.
MERGE_FIELDS = ("{{amount}}", "[DUE DATE]", "<first_name>", "%NAME%")


def _fill(template: str, rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    values: dict[str, Any] = {
        "first": first,
        "last": last,
        "upper_last": last.upper(),
        "agent": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "company": rng.choice(COMPANIES),
        "amount": f"{rng.choice('$£€')}{rng.randint(20, 9_999):,}.{rng.randint(0, 99):02d}",
        "fee": f"£{rng.randint(5, 60)}",
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "ref": f"{rng.choice('ABCDEFGHJK')}{rng.randint(100_000, 999_999)}",
        "url": f"{rng.choice(('pay', 'my', 'account'))}.{rng.choice(('example', 'brightwater', 'northfield'))}.com",
        "phone": f"0{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "years": rng.randint(2, 15),
        "days": rng.choice((14, 30, 60, 90)),
        "clause": f"{rng.randint(1, 19)}.{rng.randint(1, 9)}",
    }
    return template.format(**values)


def _sentences(rng: random.Random, tone: str, channel: str) -> Iterator[str]:
    """An endless stream of sentences: mostly the message's tone, with some of the others mixed
    in (a friendly reminder with one legal paragraph, a harsh one with a payment line)."""
    if channel == "sms":
        pool: tuple[str, ...] = SMS_SENTENCES + SENTENCES[tone]
    else:
        pool = SENTENCES[tone]
    others = [t for t in TONES if t != tone]
    while True:
        if rng.random() < 0.2:
            template = rng.choice(SENTENCES[rng.choice(others)])
        else:
            template = rng.choice(pool)
        yield _fill(template, rng)


def message(
    rng: random.Random,
    tone: str | None = None,
    channel: str | None = None,
    words: int | None = None,
) -> dict[str, Any]:
    """One message as ``{"text", "channel", "tone"}``; `words` is the target length."""
    tone = tone or rng.choice(TONES)
    channel = channel or rng.choice(CHANNELS)
    if words is None:
        words = rng.randint(20, 60) if channel == "sms" else rng.randint(20, 300)
    parts: list[str] = []
    count = 0
    sms = channel == "sms"
    if not sms or rng.random() < 0.5:
        greeting = _fill(rng.choice(GREETINGS[tone]), rng)
        parts.append(greeting)
        count += len(greeting.split())
    body: list[str] = []
    stream = _sentences(rng, tone, channel)
    while count < words:
        sentence = next(stream)
        if rng.random() < 0.03:
            sentence = sentence.replace(".", f" {rng.choice(MERGE_FIELDS)}.", 1)
        body.append(sentence)
        count += len(sentence.split())
    if sms:
        parts.append(" ".join(body))
    else:
        # paragraphs of one to three sentences
        paragraphs: list[str] = []
        while body:
            take = rng.randint(1, 3)
            paragraphs.append(" ".join(body[:take]))
            body = body[take:]
        parts.append("\n\n".join(paragraphs))
        closing = _fill(rng.choice(CLOSINGS[tone]), rng)
        if closing:
            parts.append(closing)
    text = ("\n\n" if not sms else " ").join(parts)
    return {"text": text, "channel": channel, "tone": tone}


def messages(n: int, seed: int = 2024) -> list[dict[str, Any]]:
    """`n` messages of mixed tone, channel and length (20-300 words; SMS 20-60)."""
    rng = random.Random(seed)
    return [message(rng) for _ in range(n)]


def stream(n: int, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """The same as `messages`, generated lazily (for memory tests over long streams)."""
    rng = random.Random(seed)
    for _ in range(n):
        yield message(rng)


def text_of_length(chars: int, seed: int = 11) -> str:
    """A letter-like text of exactly `chars` characters (cut at a word boundary, then padded)."""
    rng = random.Random(seed)
    pieces: list[str] = []
    total = 0
    stream_ = _sentences(rng, "firm", "letter")
    while total < chars:
        sentence = next(stream_)
        if pieces and rng.random() < 0.3:
            pieces.append("\n\n")
            total += 2
        elif pieces:
            pieces.append(" ")
            total += 1
        pieces.append(sentence)
        total += len(sentence)
    text = "".join(pieces)[:chars]
    if len(text) == chars and chars > 1 and not text[-1].isspace():
        cut = text.rfind(" ")
        if cut > chars // 2:
            text = text[:cut] + "." + " " * (chars - cut - 1)
    return text[:chars]


LENGTH_SWEEP = (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)

_PHRASE_WORDS = (
    "account",
    "balance",
    "payment",
    "notice",
    "reminder",
    "arrears",
    "instalment",
    "plan",
    "interest",
    "charge",
    "statement",
    "transfer",
    "deadline",
    "schedule",
    "review",
    "advice",
    "support",
    "contact",
    "settlement",
    "agreement",
    "default",
    "collection",
    "agency",
    "letter",
    "portal",
    "request",
    "hardship",
    "option",
    "extension",
    "pause",
)
_PHRASE_MODIFIERS = (
    "urgent",
    "overdue",
    "final",
    "formal",
    "immediate",
    "outstanding",
    "monthly",
    "revised",
    "missed",
    "partial",
    "late",
    "full",
    "new",
    "current",
    "previous",
    "standard",
    "special",
    "reduced",
    "early",
    "second",
    "third",
    "written",
    "online",
    "automatic",
    "temporary",
)


def generated_rules_pack(folder: str, count: int, pack: str = "generated", seed: int = 5) -> str:
    """Write a rule pack of `count` phrase rules (3 phrases each, some lemma phrases) into
    ``folder/pack/rules.toml``; returns the pack name. Used to show cost against rule count."""
    import os

    rng = random.Random(seed)
    path = os.path.join(folder, pack)
    os.makedirs(path, exist_ok=True)
    lines: list[str] = []
    for i in range(count):
        phrases = []
        for _ in range(3):
            words = [rng.choice(_PHRASE_MODIFIERS), rng.choice(_PHRASE_WORDS)]
            if rng.random() < 0.5:
                words.insert(0, rng.choice(_PHRASE_MODIFIERS))
            phrases.append(" ".join(words))
        lemma = f"{rng.choice(_PHRASE_MODIFIERS)} {rng.choice(_PHRASE_WORDS)}"
        quoted = ", ".join(f'"{p}"' for p in phrases)
        lines.append(
            "[[rule]]\n"
            f'id = "clarity.generated-{i}"\n'
            'dimension = "clarity"\n'
            'category = "jargon"\n'
            'severity = "suggestion"\n'
            f'message = "Generated benchmark rule number {i}."\n'
            f"phrases = [{quoted}]\n"
            + (f'lemmas = ["{lemma}"]\n' if i % 4 == 0 else "")
            + f'examples.bad = ["x {phrases[0]} y", "{phrases[1]}"]\n'
            'examples.good = ["nothing here"]\n'
        )
    with open(os.path.join(path, "rules.toml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    return pack


if __name__ == "__main__":  # pragma: no cover - a quick look at what the corpus contains
    for item in messages(5, seed=1):
        print(f"--- {item['channel']} / {item['tone']} ---\n{item['text']}\n")
