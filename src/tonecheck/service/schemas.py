"""Request and response bodies of the HTTP API.

Only the envelopes live here; what a check returns is the library's `Report`, unchanged, so an
e-mail add-in and a Python script read the same fields. Unknown request fields are rejected
(``extra="forbid"``) for the same reason the config rejects unknown keys: a misspelt ``chanel``
that is silently ignored gives a check of the wrong channel that looks right.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ..engine.calls import CheckCall
from ..models import Channel, Dimension, MessageContext, Report, Severity, Stage


class CheckRequest(BaseModel):
    """One message to check; the fields are the arguments of `Checker.check`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Hi Sam, your balance of $120 was due on 5 June. You can pay at "
                    "example.com/pay or call us to set up a plan.",
                    "channel": "email",
                    "stage": None,
                    "context": None,
                    "template": False,
                }
            ]
        },
    )

    text: str = Field(description="The message body as plain text")
    channel: Channel = Field(default=Channel.email, description="Where the message is delivered")
    stage: Stage | None = Field(
        default=None, description="Collection stage; null lets tonecheck detect it from the text"
    )
    context: MessageContext | None = Field(
        default=None, description="Facts not in the text (amount, due date, jurisdiction...)"
    )
    # Strict: `0` or `"no"` for a flag is more likely a client bug than a choice.
    template: StrictBool = Field(
        default=False,
        description="True when the text is a template whose merge fields count as filled",
    )
    id: str | None = Field(default=None, description="Caller's id, copied into the report")

    def to_call(self) -> CheckCall:
        """The engine's call for this request, so every endpoint checks it the same way."""
        return CheckCall(
            self.text,
            id=self.id,
            channel=self.channel,
            stage=self.stage,
            context=self.context,
            template=self.template,
        )


class CheckBatchRequest(BaseModel):
    """Several messages in one round trip (the limit is set per server; see `GET /healthz`)."""

    model_config = ConfigDict(extra="forbid")

    messages: list[CheckRequest] = Field(description="Messages to check, reported in this order")


class CheckBatchResponse(BaseModel):
    """One report per message, in request order."""

    model_config = ConfigDict(extra="forbid")

    reports: list[Report]


class RewriteResponse(BaseModel):
    """The revised message. Kept out of `Report` so the report schema stays the library's."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The message with fixes applied and missing elements inserted")


class RuleInfo(BaseModel):
    """What a rule looks for, without its matching patterns (those are in the rule packs)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    pack: str
    kind: str = Field(description="'finding', 'strength' or 'requirement'")
    dimension: Dimension
    category: str
    severity: Severity
    message: str
    reference: str | None = None
    channels: list[Channel] = Field(default_factory=list, description="Empty means every channel")
    stages: list[Stage] = Field(default_factory=list, description="Empty means every stage")
    enabled: bool = Field(description="False when the server's config disables it")


class RulesResponse(BaseModel):
    """The rules this server applies."""

    model_config = ConfigDict(extra="forbid")

    packs: list[str]
    rules: list[RuleInfo]


class Health(BaseModel):
    """Liveness plus the limits a client needs to know before sending."""

    model_config = ConfigDict(extra="forbid")

    status: str = "ok"
    version: str
    packs: list[str]
    rules: int
    max_batch: int
    max_body_bytes: int
    max_chars: int
    auth: bool = Field(description="True when requests need a bearer token")


class ErrorItem(BaseModel):
    """One problem with the request, located by its path in the body."""

    model_config = ConfigDict(extra="forbid")

    loc: list[str | int]
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer has this shape, so a client needs one error handler."""

    model_config = ConfigDict(extra="forbid")

    error: str = Field(description="A stable code, e.g. 'invalid_request', 'unauthorized'")
    message: str = Field(description="What went wrong, for a person to read")
    detail: list[ErrorItem] = Field(default_factory=list)
