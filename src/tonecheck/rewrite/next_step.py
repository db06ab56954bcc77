"""The factual next step that takes the place of a consequence stated as a threat.

Deleting "or we will take you to court" removes the intimidation and also what the reader needs
to know: what may happen and when. A professional keeps the step and drops the threat: "If the
balance is not paid by 12 June 2026, we may start a court claim." The steps are data
(rules/rewrites/next_steps.toml); the deadline comes from the fact table, so the sentence never
adds a second date or a fact the message does not state.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..text.layout import sentence_bounds
from .edit import Edit
from .recipes import RecipeFileError, must_compile, recipes_dir


class StepExample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threat: str
    deadline: str
    sentence: str


class NextStep(BaseModel):
    """One lawful next step: the words that name it in a threat, and the sentence that states it."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    cues: str
    sentence: str
    short: str = Field(description="The step for an SMS or a voicemail")
    example: list[StepExample] = Field(min_length=1)

    @field_validator("cues")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return must_compile(value, "cues do not compile")

    def render(self, by_deadline: str, short: bool = False) -> str:
        """The sentence with the deadline, or without one when the message states none."""
        sentence = self.short if short else self.sentence
        if not by_deadline:
            return sentence.replace(" {by_deadline}", "").format(by_deadline="")
        return sentence.format(by_deadline=by_deadline)


@lru_cache(maxsize=4)
def load_steps(folder: Path | None = None) -> tuple[NextStep, ...]:
    path = (folder or recipes_dir()) / "next_steps.toml"
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return tuple(NextStep.model_validate(item) for item in data.get("step", []))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise RecipeFileError(f"{path}: {exc}; fix the [[step]] entry it names") from exc


def step_for(words: str, steps: tuple[NextStep, ...] | None = None) -> NextStep | None:
    """The first step whose cues the deleted threat words name, or None (no lawful step)."""
    return next((s for s in steps or load_steps() if re.search(s.cues, words)), None)


def self_test(steps: tuple[NextStep, ...] | None = None) -> list[str]:
    """Failures of the steps' own threat -> sentence pairs (empty when all hold)."""
    failures = []
    for step in steps or load_steps():
        for example in step.example:
            found = step_for(example.threat, steps)
            got = found.render(example.deadline) if found else None
            if got != example.sentence:
                failures.append(f"{step.kind}: {example.threat!r} -> {got!r}")
    return failures


def state_next_steps(
    text: str,
    edits: list[Edit],
    threat_rules: frozenset[str],
    by_deadline: str,
    asked: str | None = None,
    channel: str = "email",
) -> list[Edit]:
    """`edits` with each threat deletion that named a lawful step replaced by that step, stated
    once per kind, and only when the rest of the message does not already state it. The step
    names `by_deadline` (the message's own, or "" for none), or says "by then" when the sentence
    before it already asks for payment by a deadline (`asked`, as an edit may have written it)."""
    deleted = sorted(
        (e for e in edits if e.why in threat_rules and not e.text), key=lambda e: e.start
    )
    if not deleted:
        return edits
    kept = _without(text, deleted)
    done: set[str] = set()
    stepped: dict[Edit, Edit] = {}
    for edit in deleted:  # in reading order: the first statement of a kind carries its step
        step = step_for(text[edit.start : edit.end])
        if step is None or step.kind in done or _stated(step, kept):
            continue
        done.add(step.kind)
        when = by_deadline
        if asked and _just_stated(text, edits, edit, asked):
            when = "by then"
        short = channel == "sms"
        undated = step.render("", short=short) if when and when != "by then" else None
        stepped[edit] = _stepped(text, edit, step.render(when, short=short), undated)
    out = [stepped.get(edit, edit) for edit in edits]
    return out


def _just_stated(text: str, edits: list[Edit], edit: Edit, by_deadline: str) -> bool:
    """The deadline is already said in the sentence the step follows (in the original words or
    by an edit there), so the step says "by then" rather than the date again."""
    s_start = sentence_bounds(text, edit.start, edit.start)[0]
    date = by_deadline.split(" ", 1)[-1]
    return date in text[s_start : edit.start] or any(
        s_start <= e.start < edit.start and date in e.text for e in edits
    )


def _stated(step: NextStep, text: str) -> bool:
    """The message already states this step as a condition of its own ("If it is unpaid, we
    may start a claim"): a second statement would repeat or contradict it."""
    return any(
        re.search(step.cues, sentence) and _CONDITIONAL.search(sentence)
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text)
    )


_CONDITIONAL = re.compile(r"\b(?:if|unless|should|otherwise|failure to|until)\b", re.IGNORECASE)


def _without(text: str, edits: list[Edit]) -> str:
    out, at = [], 0
    for edit in edits:
        if edit.start >= at:
            out.append(text[at : edit.start])
            at = edit.end
    out.append(text[at:])
    return "".join(out)


def _stepped(text: str, edit: Edit, sentence: str, undated: str | None = None) -> Edit:
    """The deletion with the step stated. A clause that opened its sentence ("To avoid court
    action, please pay") leaves the rest of the sentence first; the step follows it. When the
    dated step fails its window (the date belongs to another clause, or the SMS has no room),
    the step without its date is tried before the plain deletion: the reader still learns what
    may happen."""
    last = max(edit.start, len(text[: edit.end].rstrip()) - 1)  # the deletion's own end mark
    s_end = sentence_bounds(text, edit.start, last)[1]
    before = text[: edit.start].rstrip(" \t")
    opens = not before or before[-1] in ".!?\n:"
    if opens and edit.end < len(text[:s_end].rstrip()):
        rest = text[edit.end : s_end]
        rest = rest[:1].upper() + rest[1:]
        body = rest.rstrip()
        tail = rest[len(body) :]
        options = [f"{body} {undated}{tail}"] if undated else []
        return replace(edit, end=s_end, text=f"{body} {sentence}{tail}", fallbacks=(*options, rest))
    options = [_in_place(text, edit, undated)] if undated else []
    return replace(edit, text=_in_place(text, edit, sentence), fallbacks=(*options, ""))


def _in_place(text: str, edit: Edit, sentence: str) -> str:
    """The step where the deleted words stood. A whole sentence becomes the step (keeping its
    trailing space). A clause that was the outcome of the sentence's own condition ("If it is
    not paid within 7 days, we will sue") becomes the step's outcome, so the condition keeps its
    main clause; any other clause ends its sentence and the step follows."""
    before = text[: edit.start].rstrip(" \t")
    if not before or before[-1] in ".!?\n:":
        region = text[edit.start : edit.end]
        condition = _own_condition(region)
        if condition:
            # the sentence's own condition stays; only the threat after it is restated
            return f"{condition}, {sentence.rpartition(', ')[2]}" + region[len(region.rstrip()) :]
        return sentence + region[len(region.rstrip()) :]
    ends = text[edit.end : edit.end + 1] in {".", "!", "?"}
    s_start = sentence_bounds(text, edit.start, edit.start)[0]
    outcome = sentence.rpartition(", ")[2]  # the date may hold a comma: "March 11, 2016"
    if outcome and _CONDITION.match(text, s_start) and "," in text[s_start : edit.start + 1]:
        return ", " + (outcome[:-1] if ends else outcome)
    return ". " + (sentence[:-1] if ends else sentence)


def _own_condition(sentence: str) -> str | None:
    """The condition a whole threat sentence opens with ("If this matter is not resolved by the
    time specified above"), or None. The reader keeps what triggers the step; a generic "If the
    balance is not paid" would replace a condition the sender chose."""
    if not _CONDITION.match(sentence):
        return None
    head, comma, _ = sentence.partition(", ")
    if not comma or len(head.split()) > 20 or step_for(head) or _BLAME.search(head):
        return None  # no clause break, the threat inside the condition, or blame in it
    return head.strip()


#: A condition that blames ("If you fail to make any arrangements"): the step's own neutral
#: condition replaces it.
_BLAME = re.compile(r"(?i)\b(?:fail\w*|refus\w*|ignor\w*|neglect\w*|continue to|choose not)\b")


#: A sentence that opens with its own condition: its main clause is the outcome.
_CONDITION = re.compile(r"[\s\"'“(]*(?:if|unless|should|in the event)\b", re.IGNORECASE)


#: A time the threat is set for: "in 48 hours", "within ${hours} hours", "${h}h until", "3 days before".
_DATED = re.compile(
    r"\b(?:in|within)\s+(?P<a>\S{1,24}?)\s?(?P<ua>h|hours?|days?|weeks?)\b"
    r"|(?P<b>\S{1,24}?)\s?(?P<ub>h|hours?|days?|weeks?)\s+(?:until|before)\b",
    re.IGNORECASE,
)
_UNIT = {"h": "hours"}


def restate_dated(
    text: str, start: int, end: int, keep: list[tuple[int, int]], why: str
) -> Edit | None:
    """A threat set for a time ("Vehicle lockdown in {hours}h", "You have 48 hours before your
    service is cut off") cannot be deleted, as the time is a fact to keep; it is restated as the
    step on that condition: "If the balance is not paid within {hours} hours, we may suspend the
    service." Only when the time is the sentence's one kept fact and the threat names a step."""
    s_start, s_end = sentence_bounds(text, start, end)
    sentence = text[s_start:s_end]
    m = _DATED.search(sentence)
    step = step_for(sentence)
    if m is None or step is None:
        return None
    a, b = s_start + m.start(), s_start + m.end()
    if any(x < s_end and s_start < y and not (a <= x and y <= b) for x, y in keep):
        return None
    amount = m.group("a") or m.group("b")
    unit = (m.group("ua") or m.group("ub")).lower()
    within = f"within {amount} {_UNIT.get(unit, unit)}"
    body = sentence.rstrip()
    return Edit(s_start, s_end, step.render(within) + sentence[len(body) :], why)
