"""Public data types: everything a caller, the CLI, the audit and the service exchange.

One set of pydantic models serves the library, the JSON output, the SQLite audit and the HTTP
service, so the schema published in ``docs/report.schema.json`` is the one contract for all of them.
Bump ``SCHEMA_VERSION`` whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_serializer, field_validator

# The vocabulary lives in `vocab` (standard library only); re-exported here for the public API.
from .vocab import CATEGORIES as CATEGORIES
from .vocab import Channel as Channel
from .vocab import Dimension as Dimension
from .vocab import Severity as Severity
from .vocab import Stage as Stage

if (
    TYPE_CHECKING
):  # the rewrite engine loads on first use: the pre-send hook's client never needs it
    from .rewrite.engine import Revision

SCHEMA_VERSION = "1.0"


class MessageContext(BaseModel):
    """Facts about the message that are not in its text: used to fill suggestions and to check
    that the text states them. Every field is optional; strings are coerced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    due_date: _dt.date | None = None
    creditor: str | None = None
    contact: str | None = None
    jurisdiction: str | None = Field(default=None, description="e.g. 'us' or 'uk'")
    sender_type: str | None = Field(default=None, description="'creditor' or 'collector'")

    @field_validator("amount", mode="before")
    @classmethod
    def _coerce_amount(cls, value: Any) -> Any:
        if value is None or isinstance(value, (int, float, Decimal)):
            return value
        if isinstance(value, str):
            # "$1,240.00", "1240.00 GBP", "£ 5": drop the currency around the number only
            cleaned = re.sub(r"^[^\d\-.]+|[^\d.]+$", "", value.replace(",", "").strip())
            if not cleaned:
                return None if not value.strip() else value
            try:
                return Decimal(cleaned)
            except InvalidOperation:
                return value
        return value
        return value

    @field_validator("due_date", mode="before")
    @classmethod
    def _coerce_date(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("jurisdiction", "sender_type", "currency", mode="before")
    @classmethod
    def _lower_codes(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value.lower() if value else None
        return value

    @field_validator("sender_type")
    @classmethod
    def _check_sender(cls, value: str | None) -> str | None:
        if value is None:
            return value
        aliases = {
            "third_party_collector": "collector",
            "third-party-collector": "collector",
            "debt-collector": "collector",
            "agency": "collector",
        }
        value = aliases.get(value, value)
        if value not in {"creditor", "collector"}:
            raise ValueError("sender_type must be 'creditor' or 'collector'")
        return value

    @field_serializer("amount", when_used="json")
    def _amount_plain(self, value: Decimal | None) -> str | None:
        """Fixed-point text: '1E+20' does not match the published decimal pattern."""
        return None if value is None else format(value, "f")

    def formatted_amount(self) -> str | None:
        """The amount as a reader would see it, with the currency symbol when known."""
        if self.amount is None:
            return None
        symbols = {"usd": "$", "gbp": "£", "eur": "€", "$": "$", "£": "£", "€": "€"}
        currency = (self.currency or "").lower()
        number = f"{self.amount:,.2f}"
        if currency in symbols:
            return f"{symbols[currency]}{number}"
        if currency:
            return f"{number} {currency.upper()}"
        return number

    def formatted_due_date(self) -> str | None:
        """Dates written with the month name are unambiguous in both US and UK order."""
        if self.due_date is None:
            return None
        return f"{self.due_date.day} {self.due_date.strftime('%B %Y')}"


class Suggestion(BaseModel):
    """One way to fix a finding: replace its span, delete it, or insert new text."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(
        description="'replace' (text replaces the span), 'delete', 'insert', or 'advice' (what to do, no text)"
    )
    text: str = Field(
        default="", description="Replacement or inserted text; may hold [PLACEHOLDERS]"
    )
    description: str = Field(default="", description="What the change does, in a few words")
    position: str | None = Field(
        default=None,
        description="For inserts: 'start', 'after-greeting', 'before-closing' or 'end'",
    )


class Finding(BaseModel):
    """A problem (in `Report.findings`) or positive evidence (in `Report.strengths`)."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    dimension: Dimension
    category: str
    severity: Severity
    start: int = Field(
        ge=0, description="Character offset into the input; text[start:end] is the span"
    )
    end: int = Field(ge=0)
    span: str = Field(
        default="",
        description="text[start:end], repeated for convenience (lone surrogates shown as U+FFFD)",
    )
    message: str
    suggestions: list[Suggestion] = Field(default_factory=list)
    reference: str | None = None
    impact: float = Field(default=0.0, description="Points this item moved its dimension's score")
    gate_only: bool = Field(
        default=False,
        description="True for send-blockers that do not change tone scores (e.g. unfilled fields)",
    )
    related: list[Finding] = Field(
        default_factory=list,
        description="Other rules' readings of the same words (e.g. the transparency reading of "
        "'last chance' beside its respect reading), each with its own dimension, message and "
        "impact; reported once here so counts are per place, not per rule",
    )

    def also(self) -> str:
        """The related readings in a few words ("also transparency.last-chance
        (transparency)"), for one-line formats; empty when there are none."""
        if not self.related:
            return ""
        return "also " + ", ".join(f"{r.rule} ({r.dimension.value})" for r in self.related)


class Scores(BaseModel):
    """Scores from 0 to 100; higher is better."""

    model_config = ConfigDict(extra="forbid")

    respect: float
    clarity: float
    empathy: float
    transparency: float
    overall: float

    def by_dimension(self) -> dict[str, float]:
        return {
            "respect": self.respect,
            "clarity": self.clarity,
            "empathy": self.empathy,
            "transparency": self.transparency,
        }


class Contribution(BaseModel):
    """How one finding, strength or measurement moved one dimension's score."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    delta: float
    kind: str = Field(
        description="'finding', 'strength', 'spillover' (a hostile respect finding that also "
        "lowers empathy; index points into findings), or 'measure' (graded evidence weighed by "
        "a fitted coefficient; rule is the measure's name, index is -1), or 'cap' (what a "
        "non-compensable finding holds the score under; index points into findings)"
    )
    index: int = Field(description="Index into findings or strengths; -1 for a measure")


class Breakdown(BaseModel):
    """The arithmetic behind one dimension score (see docs/scoring.md)."""

    model_config = ConfigDict(extra="forbid")

    base: float
    contributions: list[Contribution]
    raw: float
    score: float


class Readability(BaseModel):
    """The measurements the clarity score uses, reported so a reader can check them."""

    model_config = ConfigDict(extra="forbid")

    words: int
    sentences: int
    average_sentence_words: float
    longest_sentence_words: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    characters: int
    sms_segments: int | None = None


class Report(BaseModel):
    """Everything tonecheck concluded about one message."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    id: str | None = Field(default=None, description="Caller's id for the message (audits)")
    channel: Channel
    stage: Stage
    stage_detected: bool = Field(description="True when the stage was inferred from the text")
    template: bool = False
    scores: Scores
    findings: list[Finding] = Field(default_factory=list)
    strengths: list[Finding] = Field(default_factory=list)
    breakdown: dict[str, Breakdown] = Field(default_factory=dict)
    readability: Readability | None = None
    packs: list[str] = Field(default_factory=list, description="Rule packs that were applied")
    context: MessageContext | None = None

    _text: str | None = PrivateAttr(default=None)
    #: Checks a text again as this report's text was checked (the same checker, channel,
    #: context and template mode; the stage detected again unless it was given), so a rewrite
    #: can run to its fixed point. In memory only: never pickled nor serialised.
    _recheck: Callable[[str], Report] | None = PrivateAttr(default=None)

    @property
    def text(self) -> str | None:
        """The checked text, kept in memory only (never serialised) so `rewrite()` can use it."""
        return self._text

    def attach_text(self, text: str | None) -> Report:
        """Keep the checked text with the report (in memory only; JSON never carries it)."""
        self._text = text
        return self

    def attach_recheck(self, recheck: Callable[[str], Report] | None) -> Report:
        """Keep the way to check a revision again (see `revision`)."""
        self._recheck = recheck
        return self

    def __getstate__(self) -> dict[Any, Any]:
        # the recheck holds the checker (its spaCy pipeline): a report sent between processes
        # travels without it and rewrites in one pass
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_recheck"] = None
        state["__pydantic_private__"] = private
        return state

    def all_findings(self) -> list[Finding]:
        """Every rule's reading on its own, the related ones unfolded: what the rewrite and
        the send gate act on, since each reading has its own fix."""
        out: list[Finding] = []
        for finding in self.findings:
            out.append(finding.model_copy(update={"related": []}) if finding.related else finding)
            out.extend(finding.related)
        out.sort(key=lambda f: (f.start, f.end, -f.severity.rank, f.rule))
        return out

    def max_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)

    def fails(self, fail_on: Severity | str | None) -> bool:
        """True when any finding is at or above `fail_on` ('never' or None never fails)."""
        if fail_on is None or fail_on == "never":
            return False
        level = Severity(fail_on).rank
        return any(f.severity.rank >= level for f in self.findings)

    def rewrite(self, text: str | None = None, mode: str = "minimal") -> str:
        """A revised message: see docs/rewrite.md for what `minimal` and `full` change.

        A message whose core claim is unlawful comes back unchanged; `revision()` says why.
        """
        return self.revision(text, mode).text

    def revision(self, text: str | None = None, mode: str = "minimal") -> Revision:
        """The rewrite with what it left alone and, for an unlawful claim, "do not send"."""
        source = text if text is not None else self._text
        if source is None:
            raise ValueError(
                "this report has no text attached (it was loaded from JSON); pass the original "
                "message: report.rewrite(text)"
            )
        from .rewrite.passes import revise_to_fixed_point

        return revise_to_fixed_point(source, self, mode, self._recheck)  # type: ignore[arg-type]
