"""The records of an account history and the findings about it.

A history mixes two things a collection system logs side by side: *messages* (text that was sent
or received, which tonecheck can also score) and *events* (a payment, a dispute, a call attempt, a
due date). Both are one `AccountRecord`, because the rules reason about their order in time, not
about where they came from.

Times are the consumer's local time, written as ISO 8601 with the UTC offset: the time-of-day rule
(12 CFR 1006.6(b)(1)(i)) is about the consumer's clock, and the day-counting rules count the
consumer's calendar days.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Severity


class Event(StrEnum):
    """What happened, for rows that are history rather than a message to check."""

    payment = "payment"
    promise = "promise"
    dispute = "dispute"
    verified = "verified"
    stop = "stop"
    call = "call"
    conversation = "conversation"
    due = "due"
    breathing_space_start = "breathing-space-start"
    breathing_space_end = "breathing-space-end"


class Direction(StrEnum):
    outbound = "outbound"
    inbound = "inbound"


EVENT_ALIASES = {
    "paid": "payment",
    "promise-to-pay": "promise",
    "ptp": "promise",
    "disputed": "dispute",
    "verification": "verified",
    "opt-out": "stop",
    "optout": "stop",
    "unsubscribe": "stop",
    "call-attempt": "call",
    "connected": "conversation",
    "due-date": "due",
    "breathing-space": "breathing-space-start",
}


def normalise_event(value: str) -> str:
    """Event names as collection systems spell them ("Breathing_Space_Start", "PTP") map onto
    the closed vocabulary, so a rule never misses an event over its spelling."""
    name = "-".join(value.strip().lower().replace("_", " ").split())
    return EVENT_ALIASES.get(name, name)


class AccountRecord(BaseModel):
    """One message or event in an account's history."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    account: str = Field(min_length=1, description="The account (or debt) the record belongs to")
    at: dt.datetime = Field(
        description="When it happened, in the consumer's local time (ISO 8601 with offset)"
    )
    event: Event | None = Field(default=None, description="Set for history rows and call logs")
    text: str | None = Field(default=None, description="The message text, for messages")
    channel: str | None = Field(default=None, description="email, sms, letter, voice, …")
    direction: Direction = Direction.outbound
    id: str | None = Field(default=None, description="The message's id in the source")
    thread: str | None = Field(default=None, description="Conversation thread, when known")
    score: float | None = Field(
        default=None, ge=0, le=100, description="tonecheck's overall score of the message"
    )
    amount: float | None = Field(default=None, description="Amount owed the message states")
    due_date: dt.date | None = Field(default=None, description="Due date the message states")
    jurisdiction: str | None = Field(default=None, description="'us' or 'uk'; else the default")
    seq: int = Field(default=0, ge=0, description="Position in the input, to order ties")
    time_known: bool = Field(
        default=True, description="False when the source gave only a date: no time-of-day check"
    )

    @field_validator("event", mode="before")
    @classmethod
    def _event_name(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            return normalise_event(value)
        return value

    @field_validator("channel", mode="before")
    @classmethod
    def _channel_name(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @field_validator("jurisdiction", mode="before")
    @classmethod
    def _jurisdiction_name(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @model_validator(mode="after")
    def _message_or_event(self) -> AccountRecord:
        if self.event is None and not (self.text and self.text.strip()):
            raise ValueError("a record needs an event or a message text")
        return self

    @property
    def is_message(self) -> bool:
        return bool(self.text and self.text.strip())

    @property
    def local_date(self) -> dt.date:
        return self.at.date()

    @property
    def sort_key(self) -> str:
        """UTC time as sortable text, so SQLite orders a history the way time does."""
        moment = self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


class Involved(BaseModel):
    """A record a finding points at, so the reader can find it in the source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int
    at: dt.datetime
    id: str | None = None
    event: Event | None = None
    channel: str | None = None


class AccountFinding(BaseModel):
    """A risk signal about an account's history (not a legal conclusion)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(default="account", description="Record kind in the audit stores")
    account: str
    rule: str
    check: str = Field(description="Which of the rule's checks fired")
    severity: Severity
    message: str
    reference: str = Field(description="Regulation or guidance the rule rests on")
    jurisdiction: str
    start: dt.datetime = Field(description="Time of the first record involved")
    end: dt.datetime = Field(description="Time of the last record involved")
    records: list[Involved] = Field(description="The messages and events involved, in time order")
