"""The check kinds account rules are built from.

Each kind reads one account's history (sorted by time) and returns groups of records, one group
per finding. Days are the consumer's calendar days, because Regulation F counts "7 consecutive
days" and "within 7 days after" on the consumer's calendar (12 CFR 1006.14(b)(2)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from .model import AccountRecord
from .rules import Check, Select

History = Sequence[AccountRecord]
Groups = list[list[AccountRecord]]


class Span:
    """The first and last local dates any account in the audit reaches: a rule about something
    missing ("no reminder before the due date") can only be judged inside what was recorded."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.last = last


def matches(record: AccountRecord, select: Select) -> bool:
    if select.direction != "any" and record.direction.value != select.direction:
        return False
    if select.channels and record.channel not in select.channels:
        return False
    for kind in select.kinds:
        if kind == "any":
            return True
        if kind == "message" and record.is_message:
            return True
        if record.event is not None and record.event.value == kind:
            return True
    return False


def says_any(record: AccountRecord, phrases: Sequence[str]) -> bool:
    if not phrases or not record.text:
        return False
    text = " ".join(record.text.lower().split())
    return any(phrase.lower() in text for phrase in phrases)


def _days(later: AccountRecord, earlier: AccountRecord) -> int:
    return (later.local_date - earlier.local_date).days


def count_in_window(history: History, check: Check, span: Span) -> Groups:
    assert check.window_days is not None and check.max is not None
    chosen = [r for r in history if matches(r, check.select)]
    groups: Groups = []
    start = 0
    for end in range(len(chosen)):
        while _days(chosen[end], chosen[start]) >= check.window_days:
            start += 1
        if end - start + 1 > check.max:
            groups.append(chosen[start : end + 1])
            start = end + 1
    return groups


def after_event(history: History, check: Check, span: Span) -> Groups:
    assert check.trigger is not None
    every: Groups = []
    open_triggers: Groups = []
    for record in history:
        if record.event is not None and record.event.value in check.clear:
            open_triggers = []
        if matches(record, check.trigger):
            group = [record]
            open_triggers.append(group)
            every.append(group)
            continue
        if not matches(record, check.select) or says_any(record, check.exempt_phrases):
            continue
        for group in reversed(open_triggers):
            trigger = group[0]
            if check.same_channel and trigger.channel and record.channel != trigger.channel:
                continue
            if check.within_days is not None and _days(record, trigger) >= check.within_days:
                continue
            group.append(record)
            break
    return [group for group in every if len(group) > 1]


def _clock(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def time_of_day(history: History, check: Check, span: Span) -> Groups:
    assert check.earliest is not None and check.latest is not None
    earliest, latest = _clock(check.earliest), _clock(check.latest)
    groups: Groups = []
    for record in history:
        if not record.time_known or not matches(record, check.select):
            continue
        clock = record.at.time().replace(tzinfo=None)
        if clock < earliest or clock > latest:
            groups.append([record])
    return groups


def during_period(history: History, check: Check, span: Span) -> Groups:
    groups: Groups = []
    current: list[AccountRecord] | None = None

    def close() -> None:
        nonlocal current
        if current is not None and len(current) > 1:
            groups.append(current)
        current = None

    for record in history:
        if current is not None and check.until_due_date:
            due = current[0].due_date
            if due is not None and record.local_date > due:
                close()
        if record.event is not None and record.event.value == check.start_event:
            close()
            current = [record]
            continue
        if record.event is not None and record.event.value == check.end_event:
            close()
            continue
        if (
            current is not None
            and matches(record, check.select)
            and not says_any(record, check.exempt_phrases)
        ):
            current.append(record)
    close()
    return groups


def missing_before(history: History, check: Check, span: Span) -> Groups:
    assert check.min_days is not None and check.max_days is not None
    chosen = [r for r in history if matches(r, check.select)]
    groups: Groups = []
    for anchor in history:
        if anchor.event is None or anchor.event.value != check.anchor:
            continue
        first = anchor.local_date - dt.timedelta(days=check.max_days)
        last = anchor.local_date - dt.timedelta(days=check.min_days)
        if first < span.first:
            continue  # the window starts before anything was recorded
        if not any(first <= r.local_date <= last for r in chosen):
            groups.append([anchor])
    return groups


def missing_after(history: History, check: Check, span: Span) -> Groups:
    assert check.max_days is not None
    groups: Groups = []
    for index, anchor in enumerate(history):
        if anchor.event is None or anchor.event.value != check.anchor:
            continue
        deadline = anchor.local_date + dt.timedelta(days=check.max_days)
        if deadline > span.last:
            continue  # the audit ends before the deadline
        found = any(
            matches(r, check.select)
            and r.local_date <= deadline
            and (not check.require_phrases or says_any(r, check.require_phrases))
            for r in history[index + 1 :]
        )
        if not found:
            groups.append([anchor])
    return groups


def _falls(run: list[tuple[float, AccountRecord]], check: Check) -> bool:
    assert check.min_messages is not None and check.min_drop is not None
    return (
        len(run) >= check.min_messages
        and run[0][0] - run[-1][0] >= check.min_drop
        and not any(says_any(r, check.help_phrases) for _, r in run)
    )


def escalation(history: History, check: Check, span: Span) -> Groups:
    threads: dict[str, list[tuple[float, AccountRecord]]] = {}
    for record in history:
        if record.score is not None and matches(record, check.select):
            threads.setdefault(record.thread or "", []).append((record.score, record))
    groups: Groups = []
    for messages in threads.values():
        run: list[tuple[float, AccountRecord]] = []
        for score, record in messages:
            if run and score < run[-1][0]:
                run.append((score, record))
                continue
            if _falls(run, check):
                groups.append([r for _, r in run])
            run = [(score, record)]
        if _falls(run, check):
            groups.append([r for _, r in run])
    return groups


def fact_change(history: History, check: Check, span: Span) -> Groups:
    assert check.field is not None
    groups: Groups = []
    previous: AccountRecord | None = None
    explained = False
    for record in history:
        if record.event is not None and record.event.value in check.explained_by:
            explained = True
        if not matches(record, check.select):
            continue
        value = getattr(record, check.field)
        if value is None:
            continue
        if previous is not None:
            before = getattr(previous, check.field)
            changed = (
                abs(float(value) - float(before)) > 0.005
                if check.field == "amount"
                else value != before
            )
            if changed and not explained and not says_any(record, check.explain_phrases):
                groups.append([previous, record])
        previous = record
        explained = False
    return groups


KINDS: dict[str, Callable[[History, Check, Span], Groups]] = {
    "count-in-window": count_in_window,
    "after-event": after_event,
    "time-of-day": time_of_day,
    "during-period": during_period,
    "missing-before": missing_before,
    "missing-after": missing_after,
    "escalation": escalation,
    "fact-change": fact_change,
}
