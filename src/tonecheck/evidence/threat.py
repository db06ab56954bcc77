"""Threat as a graded legal-action frame.

Every legal or coercive action named in a sentence (``threat.*`` cues) is read on its own, so
coordinated actions ("we will have you arrested and tell your employer") are two readings. A
reading starts from the action's severity, scaled by whether it is aimed at the reader, then

* rises with certainty (the modal nearest before the action, which scopes over coordinated verbs),
  immediacy, a short deadline, other pressure, and a legal actor (our solicitors, the court);
* falls with a hedge, a real condition with a date or a time that is not short, a stated legal
  basis, a step said to follow only a court's own decision, options or rights offered anywhere in the message, and a message that says it is a
  notice the law prescribes (a CCA default notice, a pre-action protocol letter);
* falls sharply when a negation stands right before the action in its own clause ("we will not
  take you to court"), or a verb's negation a few words before it ("we will not report it to
  any credit reporting agency"), or good news stands in its clause ("the credit bureaus will be
  notified that the account has been settled"); a negated holding back ("we will not hesitate
  to") is no negation.

Context words only lower a reading; they never take an action with a ``floor`` below it once
its raised reading reached it ("this is a civil matter, but you will be arrested" stays an
error-level threat). All numbers are settings in ``rules/evidence/threat.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Dimension
from ..text.fields import find_fields, inside_field
from .items import EvidenceItem
from .lexicon import Lexicon
from .values import SentenceValues
from .view import Match, MessageView, word_hash

PREFIX = "threat"
CONTEXT = "threat-context"
#: A merge field that offers the template's user alternatives to pick from.
_CHOICES = re.compile(r"/|\|| or ", re.IGNORECASE)
_CLAUSE_BREAKS = (",", ";", ":", "and", "or", "but", "then", "-", "–", "—")


@dataclass(frozen=True, slots=True)
class Reading:
    """The parts of one graded reading: the severity as aimed, after the raising context, and
    the final value (``raised`` minus what lowered it)."""

    base: float
    raised: float
    value: float
    negated: bool


_BREAKS = frozenset(word_hash(w) for w in _CLAUSE_BREAKS)


def clause_starts(view: MessageView, sentence: int) -> list[int]:
    start, end = view.starts[sentence], view.ends[sentence]
    return [start, *(i + 1 for i in range(start, end) if view.lower[i] in _BREAKS)]


def _clause(starts: list[int], token: int) -> int:
    k = 0
    for i, s in enumerate(starts):
        if s <= token:
            k = i
    return k


_VERB_NEGATORS = frozenset(word_hash(w) for w in ("not", "n't", "never"))
_OR = frozenset(word_hash(w) for w in ("or", "nor"))
#: Words that open a clause of its own after "or": "do not ignore this or we will sue" is an
#: ultimatum, not a second negated verb.
_NEW_SUBJECT = frozenset(
    word_hash(w) for w in ("we", "i", "you", "they", "our", "else", "this", "it", "the", "your")
)
_DO = word_hash("do")


def negated(
    view: MessageView,
    action: Match,
    sentence: int,
    window: int,
    verb_window: int | None = None,
    starts: list[int] | None = None,
) -> bool:
    """A negation (``threat-context.negation``) within ``window`` tokens before the action, in
    its own clause: "we will not take you to court", not "we don't want to ..., but ...".
    A verb's negation ("not", "n't", "never") reaches over the verb's words up to
    ``verb_window`` tokens: "we will not report it to any credit reporting agency".
    A negation inside a frame ("so that you don't incur", "if you do not pay") is the frame's;
    one that negates holding back ("we will not hesitate to", "we cannot hold off", "we have
    no other option but") makes the action more certain, not less. ``starts`` are the
    sentence's `clause_starts` when the caller has them."""
    matches = view.by_sentence[sentence]
    if starts is None:
        starts = clause_starts(view, sentence)
    clause = _clause(starts, action[1])
    frames = [(s, e) for name, s, e in matches if name.startswith("frame.")]
    restraints = [s for name, s, _ in matches if name == f"{CONTEXT}.restraint"]
    reach = max(window, verb_window or 0)
    for name, start, end in matches:
        if (
            name == f"{CONTEXT}.negation"
            and action[1] - reach <= start < action[1]
            and (action[1] - start <= window or view.lower[start] in _VERB_NEGATORS)
            and _clause(starts, start) == clause
            and not any(s <= start < e for s, e in frames)
            and not any(end <= r < action[1] for r in restraints)
        ):
            return True
    return _coordinated_negation(view, matches, starts, clause, frames)


def _coordinated_negation(
    view: MessageView,
    matches: list[Match],
    starts: list[int],
    clause: int,
    frames: list[tuple[int, int]],
) -> bool:
    """A verb's negation shared by verbs coordinated with "or"/"nor": in "we will not sue you
    for it or report it to a credit bureau" the report is negated too. Walks back over clauses
    that "or" opens with a verb (not a new subject: "do not ignore this or we will sue" is an
    ultimatum) and looks for a verb negator that is not a frame's ("if you do not pay") and not
    an imperative's ("do not ignore this letter or risk court action")."""
    while clause > 0:
        opener = starts[clause]
        if view.lower[opener - 1] not in _OR or (
            opener < len(view.lower) and view.lower[opener] in _NEW_SUBJECT
        ):
            return False
        clause -= 1
        for name, start, _ in matches:
            if (
                name == f"{CONTEXT}.negation"
                and view.lower[start] in _VERB_NEGATORS
                and _clause(starts, start) == clause
                and not any(s <= start < e for s, e in frames)
                and not (start - 1 == starts[clause] and view.lower[start - 1] == _DO)
                and start != starts[clause]
            ):
                return True
    return False


def _favourable(view: MessageView, action: Match, sentence: int, starts: list[int]) -> bool:
    """Good news in the action's own clause ("the credit bureaus will be notified that this
    account has been settled"): the action is a report of it, not a harm held over the reader."""
    clause = _clause(starts, action[1])
    return any(
        name == f"{CONTEXT}.favourable" and _clause(starts, start) == clause
        for name, start, _ in view.by_sentence[sentence]
    )


@dataclass(frozen=True, slots=True)
class Features:
    """What the context says about one action, before any number is applied: `read` turns it
    into a value with the settings. Kept apart so that ``bench/fit_threat.py`` can refit the
    settings on labelled messages without parsing them again for every trial."""

    cue: str
    #: ``reader`` (the reader is named), ``account`` (the account, or the reader elsewhere in
    #: the message) or ``unaimed``.
    aim: str
    #: The nearest modality cue (``certain``, ``obligation``, ``hedged``) or None.
    modal: str | None
    immediacy: bool
    short_deadline: bool
    pressure: bool
    legal_actor: bool
    condition_with_date: bool
    basis: bool
    options: bool
    rights: bool
    prescribed: bool
    court_decides: bool
    negated: bool


#: The boolean features and the setting each one adds (raising) or subtracts (lowering).
RAISING = ("immediacy", "short_deadline", "pressure", "legal_actor")
LOWERING = ("condition_with_date", "basis", "options", "rights", "prescribed", "court_decides")
_AIM_SETTING = {"account": "account_aimed", "unaimed": "unaimed"}
_MODAL_SETTING = {"certain": "certainty", "obligation": "obligation", "hedged": "hedge"}


def read(
    features: Features, settings: dict[str, float], severity: float, floor: float | None
) -> Reading:
    """The graded reading of one action: its severity as aimed, raised by the raising context
    (at most to 1), lowered by the rest (the lowering settings are negative); a negation turns
    it down, and otherwise a ``floor`` holds once the raised reading reaches it."""
    aim = 1.0 if features.aim == "reader" else settings[_AIM_SETTING[features.aim]]
    base = severity * aim
    raise_by = 0.0
    lower_by = 0.0
    if features.modal is not None:
        step = settings[_MODAL_SETTING[features.modal]]
        if step >= 0:
            raise_by += step
        else:
            lower_by += step
    for name in RAISING:
        if getattr(features, name):
            raise_by += settings[name]
    for name in LOWERING:
        if getattr(features, name):
            lower_by += settings[name]
    raised = min(1.0, base + raise_by)
    value = raised + lower_by
    # in a notice the law prescribes, a step the statute names (attachment of earnings in a
    # pre-action letter) is its wording: only an error-level floor (arrest, criminal framing)
    # still holds there
    waived = features.prescribed and floor is not None and floor < settings["error_at"]
    if features.negated:
        value += settings["negated"]
    elif floor is not None and raised >= floor and not waived:
        value = max(value, floor)
    value = round(min(1.0, max(0.0, value)), 4)
    return Reading(
        base=round(base, 4), raised=round(raised, 4), value=value, negated=features.negated
    )


class ThreatReader:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        s = {
            k.removeprefix("threat."): v
            for k, v in lexicon.settings.items()
            if k.startswith("threat.")
        }
        self.s = s
        self.short = lexicon.setting("values.short_days")

    def features(
        self,
        view: MessageView,
        action: Match,
        sentence: int,
        values: SentenceValues,
        message_names: set[str],
    ) -> Features:
        matches = view.by_sentence[sentence]
        names = {m[0] for m in matches}
        phrase = view.text[slice(*view.char_span(action[1], action[2]))].lower()
        if "agency.reader" in names or "your" in phrase.split():
            aim = "reader"
        elif f"{CONTEXT}.account" in names or "agency.reader" in message_names:
            aim = "account"
        else:
            aim = "unaimed"
        modal = self._modality(matches, action)
        short = values.days is not None and values.days <= self.short
        conditional = bool(names & {"frame.conditional", "frame.failure"})
        # a condition tied to a date, or to a time that is not short, is a next step
        dated = values.date or (values.days is not None and values.days > self.short)
        starts = clause_starts(view, sentence)
        is_negated = negated(
            view,
            action,
            sentence,
            int(self.s["negation_window"]),
            int(self.s["verb_negation_window"]),
            starts,
        ) or _favourable(view, action, sentence, starts)
        return Features(
            cue=action[0],
            aim=aim,
            modal=modal.removeprefix("modality.") if modal else None,
            immediacy=bool(names & {"pressure.today", "pressure.immediately"}),
            short_deadline=short or "pressure.today" in names,
            pressure=bool(names & {"pressure.final", "pressure.no-alternative", "pressure.now"}),
            legal_actor="agency.legal" in names,
            condition_with_date=bool(
                conditional and dated and not short and "pressure.today" not in names
            ),
            basis="consequence-basis.basis" in names,
            options=f"{CONTEXT}.options" in message_names,
            rights=f"{CONTEXT}.rights" in message_names,
            prescribed=f"{CONTEXT}.prescribed" in message_names,
            court_decides=f"{CONTEXT}.court-decides" in names,
            negated=is_negated,
        )

    def read(self, features: Features) -> Reading:
        cue = self.lexicon.cues[features.cue]
        return read(features, self.s, cue.value, cue.floor)

    @staticmethod
    def _modality(matches: list[Match], action: Match) -> str | None:
        """The modality nearest before the action in its sentence, else the first after it."""
        before = [m for m in matches if m[0].startswith("modality.") and m[2] <= action[1]]
        if before:
            return max(before, key=lambda m: m[2])[0]
        after = [m for m in matches if m[0].startswith("modality.") and m[1] >= action[2]]
        return after[0][0] if after else None

    def level(self, value: float) -> str | None:
        """``error``, ``warning`` or None, by the settings ``error_at`` and ``warning_at``."""
        if value >= self.s["error_at"]:
            return "error"
        if value >= self.s["warning_at"]:
            return "warning"
        return None


def distinct_actions(view: MessageView, sentence: int, lexicon: Lexicon) -> list[Match]:
    """The actions of a sentence that get a reading each: the most severe (then the longest)
    action of every clause. Coordinated actions sit in clauses of their own ("... arrested and
    tell your employer": two); actions of one clause are one act ("our solicitors will issue
    proceedings against you" is a lawsuit, not also a solicitor and a court)."""
    actions = [m for m in view.by_sentence[sentence] if m[0].startswith(PREFIX + ".")]
    if not actions:
        return []
    starts = clause_starts(view, sentence)
    best: dict[int, Match] = {}
    for m in actions:
        clause = _clause(starts, m[1])
        kept = best.get(clause)
        rank = (lexicon.cues[m[0]].value, m[2] - m[1], -m[1])
        if kept is None or rank > (lexicon.cues[kept[0]].value, kept[2] - kept[1], -kept[1]):
            best[clause] = m
    return sorted(best.values(), key=lambda m: m[1])


@dataclass(frozen=True, slots=True)
class Action:
    """One action to be read: where it stands and what its context says."""

    features: Features
    start: int
    end: int
    sentence: int


def actions_read(
    view: MessageView, reader: ThreatReader, values: list[SentenceValues]
) -> list[Action]:
    """Every action of the message that gets a reading, with its features."""
    message_names = {m[0] for m in view.matches}
    # words inside a merge field ("[Your Contact Information]", "[Lawsuit Number]") are the
    # field's name, which the reader never sees: no reading, as no rule finding is kept there
    # (detectors/rules.py). A field of choices ("{court action / small claims}") is kept: the
    # reader will read one of them.
    fields = [f for f in find_fields(view.text) if not _CHOICES.search(f.text)]
    out: list[Action] = []
    for sentence in range(len(view.starts)):
        for action in distinct_actions(view, sentence, reader.lexicon):
            first, last = view.char_span(action[1], action[2])
            if fields and inside_field(fields, first, last):
                continue
            features = reader.features(view, action, sentence, values[sentence], message_names)
            out.append(Action(features, first, last, sentence))
    return out


def threat_evidence(
    view: MessageView, reader: ThreatReader, values: list[SentenceValues]
) -> list[EvidenceItem]:
    """One ``threat.<action>`` item per action read (value: the graded reading, 0-1), and
    ``threat.max`` for the message (0 when no action is named)."""
    items = [
        EvidenceItem(
            name=a.features.cue,
            dimension=Dimension.respect,
            value=reader.read(a.features).value,
            start=a.start,
            end=a.end,
            sentence=a.sentence,
        )
        for a in actions_read(view, reader, values)
    ]
    # the strongest reading of an action; the prescribed marker below is not one
    strongest = EvidenceItem.strongest(f"{PREFIX}.max", Dimension.respect, items, view.text)
    if any(m[0] == f"{CONTEXT}.prescribed" for m in view.matches):
        # the message says it is a notice the law prescribes: read by every threat reading
        # above, and by the threat scorer, which then leaves vague legal steps as they are
        items.append(EvidenceItem.whole(f"{CONTEXT}.prescribed", Dimension.respect, 1.0, view.text))
    items.append(strongest)
    return items
