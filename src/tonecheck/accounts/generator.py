"""Synthetic account histories with planted violations, for tests and the benchmark.

Nobody's real data: names are account numbers, texts are short templates. Each account is built
from its own seeded random stream, so account *i* is the same whatever else is generated, the
planted rules of an account can be asked for without building the others, and generating 200,000
accounts needs no more memory than generating 500.

A clean account follows good practice: a first notice, a reminder a week before the due date,
thanks after a payment, calls spaced more than a week apart, contact in the daytime. Some clean
accounts carry the harmless look-alikes the rules must not fire on (an e-mail opt-out followed by
letters only, a dispute answered by verification, a breathing space without contact). A planted
account gets exactly one violation of one rule.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from .model import AccountRecord

#: Rules the generator plants, and the jurisdictions each applies to.
PLANTABLE: dict[str, tuple[str, ...]] = {
    "account.call-frequency": ("us",),
    "account.time-of-day": ("us", "uk"),
    "account.after-stop": ("us", "uk"),
    "account.after-dispute": ("us", "uk"),
    "account.breathing-space": ("uk",),
    "account.excessive-contact": ("uk",),
    "account.no-reminder-before-due": ("us", "uk"),
    "account.no-thanks-after-payment": ("us", "uk"),
    "account.tone-escalation": ("us", "uk"),
    "account.inconsistent-facts": ("us", "uk"),
    "account.contact-during-promise": ("us", "uk"),
}
_OFFSETS = {"us": ("-05:00", "-06:00", "-08:00"), "uk": ("+00:00",)}
_EPOCH = dt.date(2024, 1, 1)


class _Builder:
    def __init__(self, account: str, rng: random.Random, jurisdiction: str) -> None:
        self.account = account
        self.rng = rng
        self.jurisdiction = jurisdiction
        self.offset = rng.choice(_OFFSETS[jurisdiction])
        self.start = _EPOCH + dt.timedelta(days=rng.randrange(0, 60))
        self.records: list[AccountRecord] = []

    def at(self, day: int, hour: int | None = None, minute: int = 0) -> str:
        if hour is None:
            hour = self.rng.randrange(9, 18)
            minute = self.rng.randrange(0, 60)
        date = self.start + dt.timedelta(days=day)
        return f"{date.isoformat()}T{hour:02d}:{minute:02d}:00{self.offset}"

    def date(self, day: int) -> str:
        return (self.start + dt.timedelta(days=day)).isoformat()

    def add(self, day: int, hour: int | None = None, *, minute: int = 0, **fields: object) -> None:
        self.records.append(
            AccountRecord.model_validate(
                {
                    "account": self.account,
                    "at": self.at(day, hour, minute),
                    "jurisdiction": self.jurisdiction,
                    **fields,
                }
            )
        )

    def message(self, day: int, text: str, hour: int | None = None, **fields: Any) -> None:
        fields.setdefault("channel", "email")
        fields.setdefault("score", float(self.rng.randrange(80, 91)))
        self.add(day, hour, text=text, **fields)  # minute stays 0 when the hour is chosen


def account_name(index: int) -> str:
    return f"acct-{index:07d}"


def _plan(index: int, seed: int) -> tuple[random.Random, str, str | None]:
    rng = random.Random(seed * 1_000_003 + index)
    jurisdiction = "us" if rng.random() < 0.7 else "uk"
    rule: str | None = None
    if rng.random() < 0.6:
        rule = rng.choice([r for r, where in PLANTABLE.items() if jurisdiction in where])
    return rng, jurisdiction, rule


def planted(index: int, seed: int = 0) -> str | None:
    """The rule planted in account *index*, or None for a clean account."""
    return _plan(index, seed)[2]


def account_history(index: int, seed: int = 0) -> tuple[list[AccountRecord], str | None]:
    """One account's records (time order) and the rule planted in it."""
    rng, jurisdiction, rule = _plan(index, seed)
    b = _Builder(account_name(index), rng, jurisdiction)
    amount = float(rng.randrange(60, 900))
    due = b.date(20)
    b.message(
        0,
        f"Your account has a balance of ${amount:.0f}, due on {due}.",
        amount=amount,
        due_date=due,
    )
    if rule != "account.no-reminder-before-due":
        b.message(
            13,
            f"A friendly reminder: ${amount:.0f} is due on {due}.",
            amount=amount,
            due_date=due,
            channel=rng.choice(["email", "sms"]),
        )
    b.add(20, 0, event="due")
    for day in rng.sample([2, 11, 22], rng.randrange(0, 3)):
        b.add(day, event="call", channel="voice")
    balance = amount
    if rule == "account.no-thanks-after-payment" or rng.random() < 0.6:
        paid = float(rng.randrange(20, int(amount)))
        balance = amount - paid
        b.add(21, event="payment", amount=paid, direction="inbound")
        if rule == "account.no-thanks-after-payment":
            b.message(22, f"Your balance is now ${balance:.0f}.", amount=balance)
        else:
            b.message(
                22,
                f"Thank you for your payment of ${paid:.0f}. Your balance is ${balance:.0f}.",
                amount=balance,
            )
    if rng.random() < 0.3:
        b.add(18, event="call", direction="inbound", channel="voice")
        b.message(
            19,
            "Thanks for your call; we have noted your question.",
            channel="email",
            direction="inbound",
        )
    if rule is None:
        _look_alike(b, rng, balance)
    else:
        _plant(b, rng, rule, balance)
    b.message(
        40, f"Your statement: the balance is ${balance:.0f}.", amount=balance, channel="letter"
    )
    return sorted(b.records, key=lambda r: (r.sort_key, r.at)), rule


def _look_alike(b: _Builder, rng: random.Random, balance: float) -> None:
    """Harmless histories that resemble violations."""
    pick = rng.random()
    if pick < 0.15:
        b.add(24, event="stop", channel="email", direction="inbound")
        b.message(24, "You have opted out and will get no more e-mails.", hour=12)
        b.message(30, "Here is your letter about the account.", channel="letter")
    elif pick < 0.3:
        b.add(24, event="dispute", direction="inbound")
        b.message(25, "We have received your dispute and are checking the debt.")
        b.add(31, event="verified")
        b.message(33, f"We checked the debt: ${balance:.0f} is owed.", amount=balance)
    elif pick < 0.4 and b.jurisdiction == "uk":
        b.add(24, event="breathing-space-start")
        b.add(34, event="breathing-space-end")
        b.message(36, "Your breathing space has ended; here are your options.")
    elif pick < 0.5:
        for day in (25, 26, 27, 28, 29, 30, 31):
            b.add(day, event="call", channel="voice")  # seven in seven is the limit, not over it
    elif pick < 0.6:
        b.message(26, "A message sent at exactly nine in the evening.", hour=21)
    elif pick < 0.7:
        b.add(25, event="conversation", channel="voice")
        b.add(32, event="call", channel="voice")  # the eighth day after the conversation
    elif pick < 0.8:
        b.add(24, event="promise", due_date=b.date(31), direction="inbound")
        b.message(29, "A friendly reminder of the payment you plan to make.", channel="sms")
        b.add(33, event="call", channel="voice")  # after the promised date


def _plant(b: _Builder, rng: random.Random, rule: str, balance: float) -> None:
    if rule == "account.call-frequency":
        if rng.random() < 0.5:
            for day in (25, 25, 26, 27, 28, 29, 30, 31):
                b.add(day, event="call", channel="voice")
        else:
            b.add(26, event="conversation", channel="voice")
            b.add(29, event="call", channel="voice")
    elif rule == "account.time-of-day":
        early = rng.random() < 0.5
        b.message(
            26, "Please contact us about your account.", hour=6 if early else 22, channel="sms"
        )
    elif rule == "account.after-stop":
        b.add(24, event="stop", channel="sms", direction="inbound")
        b.message(27, "Reminder: your account is overdue.", channel="sms")
    elif rule == "account.after-dispute":
        b.add(24, event="dispute", direction="inbound")
        b.message(26, "Please pay the balance on your account now.")
    elif rule == "account.breathing-space":
        b.add(24, event="breathing-space-start")
        b.message(28, "Your account is still in arrears.", channel="letter")
        b.add(84, event="breathing-space-end")
    elif rule == "account.excessive-contact":
        b.add(27, 9, event="call", channel="voice")
        b.message(27, "Please call us today.", hour=11, channel="sms")
        b.add(27, 13, event="call", channel="voice")
        b.message(27, "We tried to call you.", hour=15)
    elif rule == "account.tone-escalation":
        for day, score, text in (
            (25, 82.0, "A reminder that your account is overdue."),
            (30, 61.0, "You have not paid. Pay now."),
            (35, 38.0, "FINAL WARNING. Pay immediately."),
        ):
            b.message(day, text, score=score, thread="t1")
    elif rule == "account.contact-during-promise":
        b.add(24, event="promise", due_date=b.date(31), direction="inbound")
        b.add(27, event="call", channel="voice")
    elif rule == "account.inconsistent-facts":
        b.message(25, f"You owe ${balance + 60:.0f}.", amount=balance + 60)


def generate(accounts: int, seed: int = 0, block: int = 500) -> Iterator[AccountRecord]:
    """Records of accounts 0..accounts-1, interleaved in time within blocks of ``block``
    accounts, as a collection system's export would interleave them."""
    for first in range(0, accounts, block):
        records = [
            r
            for index in range(first, min(first + block, accounts))
            for r in account_history(index, seed)[0]
        ]
        records.sort(key=lambda r: (r.sort_key, r.account))
        yield from records


#: Columns of `as_row`, in order, for writing a CSV an audit reads with --account-column.
ROW_COLUMNS = (
    "account",
    "at",
    "channel",
    "direction",
    "event",
    "text",
    "amount",
    "due_date",
    "jurisdiction",
)


def as_row(record: AccountRecord) -> dict[str, str]:
    """A record as a flat export row (empty strings for what is unset)."""
    values = {
        "account": record.account,
        "at": record.at.isoformat(),
        "channel": record.channel,
        "direction": record.direction.value,
        "event": record.event.value if record.event else None,
        "text": record.text,
        "amount": f"{record.amount:.2f}" if record.amount is not None else None,
        "due_date": record.due_date.isoformat() if record.due_date else None,
        "jurisdiction": record.jurisdiction,
    }
    return {k: "" if v is None else str(v) for k, v in values.items()}
