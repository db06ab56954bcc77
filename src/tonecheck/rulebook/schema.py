"""The shape of a rule file. Rule files are untrusted input: everything is validated here, and
nothing in a rule can run code (patterns are spaCy data or guarded regular expressions)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..models import CATEGORIES, Channel, Dimension, Severity, Stage, Suggestion

#: Boolean lexeme flags a token pattern may test; `automaton` evaluates the same set.
LEXEME_FLAGS = frozenset(
    {
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_STOP",
        "LIKE_NUM",
        "LIKE_URL",
        "LIKE_EMAIL",
    }
)
_MODEL_KEYS = {"POS", "TAG", "DEP", "MORPH", "ENT_TYPE"}
_ALLOWED_TOKEN_KEYS = {
    "ORTH",
    "TEXT",
    "LOWER",
    "LEMMA",
    "NORM",
    "SHAPE",
    "LENGTH",
    "IS_SENT_START",
    "OP",
    *LEXEME_FLAGS,
    *_MODEL_KEYS,
}


class Example(BaseModel):
    """A self-test: a text, and optionally the channel/stage/context it must be checked with."""

    model_config = ConfigDict(extra="forbid")

    text: str
    channel: Channel | None = None
    stage: Stage | None = None
    template: bool = False
    context: dict[str, str] = Field(default_factory=dict)


def _coerce_examples(value: Any) -> Any:
    if isinstance(value, list):
        return [{"text": v} if isinstance(v, str) else v for v in value]
    return value


class Examples(BaseModel):
    """`bad` texts are ones a reader would want changed, `good` ones are fine as they are.

    For a finding rule the bad texts must fire it; for a strength rule the good texts must fire
    it (they show the strength) and the bad ones must not."""

    model_config = ConfigDict(extra="forbid")

    bad: list[Example] = Field(default_factory=list)
    good: list[Example] = Field(default_factory=list)

    _coerce_bad = field_validator("bad", mode="before")(_coerce_examples)
    _coerce_good = field_validator("good", mode="before")(_coerce_examples)


class Rule(BaseModel):
    """One rule: what to match, why it matters, and how to fix it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$")
    dimension: Dimension
    category: str
    severity: Severity = Severity.warning
    kind: Literal["finding", "strength"] = "finding"
    message: str = Field(min_length=5)
    reference: str | None = None
    phrases: list[str] = Field(default_factory=list, description="Matched case-insensitively")
    lemmas: list[str] = Field(
        default_factory=list,
        description="Matched on lemmas: 'ignore request' matches 'ignored requests'",
    )
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list)
    # before `regex`: fields are validated in this order, and the regex check needs it
    regex_case_sensitive: bool = False
    regex: list[str] = Field(default_factory=list)
    negation: bool = Field(default=True, description="Skip matches negated just before the span")
    near: list[str] = Field(
        default_factory=list, description="Fire only when one of these lemmas is in the sentence"
    )
    not_near: list[str] = Field(
        default_factory=list, description="Do not fire when one of these lemmas is in the sentence"
    )
    skip_quoted: bool = Field(default=True, description="Ignore matches inside quotation marks")
    channels: list[Channel] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    senders: list[Literal["creditor", "collector"]] = Field(default_factory=list)
    weight: float | None = Field(default=None, ge=0, le=100)
    suggestions: list[Suggestion] = Field(default_factory=list)
    examples: Examples
    # filled by the loader
    pack: str = ""
    source: str = ""

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}; allowed: see docs/categories.md")
        return value

    @field_validator("near", "not_near")
    @classmethod
    def _single_words(cls, words: list[str]) -> list[str]:
        for word in words:
            if not word or any(c.isspace() for c in word):
                raise ValueError(
                    f"{word!r}: near/not_near entries are single lemmas compared with the words of "
                    "the sentence; a phrase never matches (use one word, or a pattern)"
                )
        return [w.lower() for w in words]

    @field_validator("patterns")
    @classmethod
    def _check_patterns(cls, patterns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        for i, pattern in enumerate(patterns):
            if not pattern:
                raise ValueError(f"pattern {i} is empty")
            for token in pattern:
                unknown = set(token) - _ALLOWED_TOKEN_KEYS
                if unknown:
                    raise ValueError(
                        f"pattern {i} uses unknown token attribute(s) {sorted(unknown)}; "
                        f"allowed: {sorted(_ALLOWED_TOKEN_KEYS)}"
                    )
                for key, value in token.items():
                    if isinstance(value, dict) and "REGEX" in value:
                        raise ValueError(
                            f"pattern {i} uses a REGEX predicate on {key}; use 'regex' or IN lists "
                            "(REGEX predicates are slow and cannot be guarded)"
                        )
            problems = _spacy_pattern_problems(pattern)
            if problems:
                # spaCy's own check, here so a bad value is reported with its file and rule
                # instead of failing later when the matcher is built
                raise ValueError(f"pattern {i} is not a valid spaCy token pattern: {problems[0]}")
        return patterns

    @field_validator("regex")
    @classmethod
    def _check_regex(cls, expressions: list[str], info: ValidationInfo) -> list[str]:
        from .regex_guard import check_regex

        # checked with the flags the rule runs with, so the compiled pattern is the one the
        # checker uses (compiling is the slow part of loading a pack)
        case_sensitive = bool(info.data.get("regex_case_sensitive", False))
        for expression in expressions:
            check_regex(expression, case_sensitive)
        return expressions

    @model_validator(mode="after")
    def _check_consistency(self) -> Rule:
        if not (self.phrases or self.lemmas or self.patterns or self.regex):
            raise ValueError("a rule needs at least one of phrases, lemmas, patterns or regex")
        firing, quiet = (
            (self.examples.bad, self.examples.good)
            if self.kind == "finding"
            else (self.examples.good, self.examples.bad)
        )
        label_fire, label_quiet = ("bad", "good") if self.kind == "finding" else ("good", "bad")
        if len(firing) < 2:
            raise ValueError(f"examples.{label_fire} needs at least 2 texts that fire the rule")
        if len(quiet) < 1:
            raise ValueError(f"examples.{label_quiet} needs at least 1 text that does not fire it")
        return self

    def uses_model_attributes(self) -> bool:
        return any(set(token) & _MODEL_KEYS for pattern in self.patterns for token in pattern)

    def firing_examples(self) -> list[Example]:
        return self.examples.bad if self.kind == "finding" else self.examples.good

    def quiet_examples(self) -> list[Example]:
        return self.examples.good if self.kind == "finding" else self.examples.bad


class Requirement(BaseModel):
    """An element a message of some stage/channel should contain (amount, due date, options...).

    It is satisfied when any strength of one of `satisfied_by` categories was found; otherwise a
    finding is raised with an insert suggestion."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$")
    dimension: Dimension
    category: str
    severity: Severity = Severity.warning
    message: str = Field(min_length=5)
    reference: str | None = None
    satisfied_by: list[str] = Field(min_length=1)
    #: Graded evidence that also satisfies it: measure name -> least value. A consequence the
    #: rules do not word ("could lead to possession proceedings") is still stated, so a
    #: consequence measure at "named" strength means nothing is missing (presence first).
    satisfied_by_evidence: dict[str, float] = Field(default_factory=dict)
    stages: list[Stage] = Field(default_factory=list)
    #: Also asked of a message whose stage could not be guessed (detected ``other``: no stage
    #: cue at all). A third of real messages give no cue, and not knowing the stage is no
    #: reason to excuse a missing amount; a stage the caller states as ``other`` still is.
    unknown_stage: bool = False
    channels: list[Channel] = Field(default_factory=list)
    senders: list[Literal["creditor", "collector"]] = Field(default_factory=list)
    jurisdictions: list[str] = Field(default_factory=list)
    min_words: int = Field(default=0, ge=0, description="Skip very short messages")
    weight: float | None = Field(default=None, ge=0, le=100)
    #: Non-compensable: while this element is missing, its dimension's score stays at or below
    #: ``cap`` however many strengths the message has (no route to pay or reply cannot be made
    #: up for by a clear amount and date). The excess is its own ``kind="cap"`` contribution.
    cap: float | None = Field(default=None, ge=0, le=100)
    insert: str = Field(min_length=1, description="Text to insert; may use {amount} etc.")
    insert_short: str | None = Field(default=None, description="A shorter insert for SMS")
    position: Literal["start", "after-greeting", "before-closing", "end"] = "before-closing"
    description: str = ""
    examples: Examples
    pack: str = ""
    source: str = ""

    _check_category = field_validator("category")(Rule._known_category.__func__)  # type: ignore[attr-defined]

    @field_validator("satisfied_by")
    @classmethod
    def _known(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in CATEGORIES:
                raise ValueError(f"unknown category {value!r} in satisfied_by")
        return values

    @model_validator(mode="after")
    def _check_examples(self) -> Requirement:
        if len(self.examples.bad) < 2 or len(self.examples.good) < 1:
            raise ValueError("examples need at least 2 bad (element missing) and 1 good text")
        return self

    def firing_examples(self) -> list[Example]:
        return self.examples.bad

    def quiet_examples(self) -> list[Example]:
        return self.examples.good


class StageCue(BaseModel):
    """Words that suggest a stage when the caller did not give one."""

    model_config = ConfigDict(extra="forbid")

    stage: Stage
    weight: float = 1.0
    phrases: list[str] = Field(default_factory=list)
    lemmas: list[str] = Field(default_factory=list)


class MoneyExamples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    good: list[str] = Field(default_factory=list, description="Texts that talk about money")
    bad: list[str] = Field(default_factory=list, description="Texts that do not")


class MoneyCue(BaseModel):
    """Words that make a message with no stage cue a message about money owed, so the elements
    a payment request needs (amount, date, route) are asked of it; a reply that never mentions
    money ("Thank you for your message") is not one. Whole words, any case; ``patterns`` are
    regular expressions for what is not a word (a currency sign before a number)."""

    model_config = ConfigDict(extra="forbid")

    words: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    examples: MoneyExamples = Field(default_factory=MoneyExamples)

    @field_validator("patterns")
    @classmethod
    def _guarded(cls, value: list[str]) -> list[str]:
        from .regex_guard import check_regex

        for pattern in value:
            check_regex(pattern)
        return value


class SentimentOverlay(BaseModel):
    """Corrections to VADER's lexicon for collection language (valence -4..4, 0 = neutral)."""

    model_config = ConfigDict(extra="forbid")

    lexicon: dict[str, float] = Field(default_factory=dict)
    neutral_phrases: list[str] = Field(
        default_factory=list,
        description="Formulaic phrases removed from a sentence before VADER reads it ('kind regards')",
    )


class DetectorRule(BaseModel):
    """A rule a built-in detector reports (readability, merge fields, sentiment...).

    The detector decides when it fires; the data gives its message, severity and weight, so
    config, ``--explain`` and the docs treat it like a pack rule. `message` and `variants` may
    hold ``{name}`` fields the detector fills in."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9][a-z0-9-]*)+$")
    detector: str = Field(min_length=1, description="The detector (or engine step) that fires it")
    kind: Literal["finding", "strength"] = "finding"
    dimension: Dimension
    category: str
    severity: Severity = Severity.suggestion
    weight: float | None = Field(default=None, ge=0, le=100)
    message: str = Field(min_length=5)
    variants: dict[str, str] = Field(
        default_factory=dict, description="Other messages of the same rule, by name"
    )
    reference: str | None = None
    description: str = Field(min_length=5, description="When the detector fires it")
    examples: Examples = Field(default_factory=Examples)
    pack: str = ""
    source: str = ""

    _check_category = field_validator("category")(Rule._known_category.__func__)  # type: ignore[attr-defined]

    def text(self, variant: str | None = None, **values: object) -> str:
        """The message (or a named variant) with the detector's values filled in."""
        template = self.variants[variant] if variant is not None else self.message
        return template.format(**values)

    def firing_examples(self) -> list[Example]:
        return self.examples.bad if self.kind == "finding" else self.examples.good

    def quiet_examples(self) -> list[Example]:
        return self.examples.good if self.kind == "finding" else self.examples.bad


class NegationWords(BaseModel):
    """The words that negate a match just after them, and the words their reach spans."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    window: int = Field(default=5, ge=1, le=20, description="Tokens searched before a match")
    cues: frozenset[str] = Field(min_length=1)
    bridge: frozenset[str] = Field(default_factory=frozenset)


class PackInfo(BaseModel):
    """A pack's ``[pack]`` table: what the loader needs to know about the pack as a whole, so
    no pack name or id prefix is written into the engine."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    id_prefix: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Rule ids may start with this and a dot ('acme' allows 'acme.no-shouting') "
        "as well as with their dimension",
    )
    jurisdiction: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9-]*$",
        description="The pack applies only to messages whose context.jurisdiction is this, "
        "unless the config lists it in packs",
    )


class PackFile(BaseModel):
    """One TOML file in a pack folder."""

    model_config = ConfigDict(extra="forbid")

    pack: PackInfo | None = None
    rule: list[Rule] = Field(default_factory=list)
    requirement: list[Requirement] = Field(default_factory=list)
    stage_cue: list[StageCue] = Field(default_factory=list)
    money_cue: list[MoneyCue] = Field(default_factory=list)
    detector: list[DetectorRule] = Field(default_factory=list)
    negation: NegationWords | None = None
    sentiment: SentimentOverlay | None = None


def _spacy_pattern_problems(pattern: list[dict[str, Any]]) -> list[str]:
    from spacy.schemas import validate_token_pattern

    return [str(p) for p in validate_token_pattern(pattern)]
