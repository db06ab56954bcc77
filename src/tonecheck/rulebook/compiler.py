"""Rule data -> spaCy matchers, and the context filters that decide whether a match counts.

Phrases go to a `PhraseMatcher` on LOWER, lemma phrases to one on LEMMA, token patterns to one
`TokenAutomaton` (spaCy `Matcher` semantics, one pass for all patterns); only what tokens cannot express uses a guarded regular expression. Every match is
written to ``doc.spans["tonecheck"]`` (label = rule id) so a spaCy user can inspect it.

A match only counts when it survives context: negation just before it ("we will *not* contact
your employer"), quotation ("you said 'I refuse to pay'"), and the rule's own ``near``/``not_near``
word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..models import Channel, Stage
from ..text.nlp import phrase_docs
from .automaton import TokenAutomaton
from .context import ContextWords, DocContext
from .loader import negation_words
from .regex_gate import RegexGate
from .regex_guard import compile_guarded, finditer_guarded
from .regex_literals import Requirements, required_groups
from .schema import Rule

SPAN_KEY = "tonecheck"


_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|\u201c[^\u201d\n]{1,300}\u201d")


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule that matched, and where (characters and tokens)."""

    rule: Rule
    start: int
    end: int
    token_start: int
    token_end: int


def _normalise_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lower-case LOWER/LEMMA values so rule authors need not think about case."""
    out = []
    for token in pattern:
        fixed: dict[str, Any] = {}
        for key, value in token.items():
            if key in {"LOWER", "LEMMA"}:
                if isinstance(value, str):
                    value = value.lower()
                elif isinstance(value, dict):
                    value = {
                        op: [v.lower() for v in vals] if isinstance(vals, list) else vals
                        for op, vals in value.items()
                    }
            fixed[key] = value
        out.append(fixed)
    return out


class CompiledRules:
    """All rules of a RuleSet, compiled once per Checker against its spaCy pipeline."""

    def __init__(self, nlp: Any, rules: Iterable[Rule], has_model: bool) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.rules: dict[int, Rule] = {}
        self.skipped: list[str] = []  # rules that need a trained pipeline we do not have
        self.phrase_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrase_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.matcher = TokenAutomaton(nlp.vocab)
        self.regexes: list[tuple[Rule, Any, Requirements | None]] = []

        lemma_phrases: list[tuple[int, str]] = []
        for rule in rules:
            if rule.uses_model_attributes() and not has_model:
                self.skipped.append(rule.id)
                continue
            key = nlp.vocab.strings.add(rule.id)
            self.rules[key] = rule
            if rule.phrases:
                self.phrase_lower.add(rule.id, [nlp.make_doc(p) for p in rule.phrases])
            lemma_phrases.extend((key, p) for p in rule.lemmas)
            if rule.patterns:
                self.matcher.add(rule.id, [_normalise_pattern(p) for p in rule.patterns])
            for expression in rule.regex:
                compiled = compile_guarded(expression, rule.regex_case_sensitive)
                self.regexes.append((rule, compiled, required_groups(expression)))
        if lemma_phrases:
            docs = phrase_docs(nlp, [p for _, p in lemma_phrases])
            grouped: dict[int, list[Any]] = {}
            for (key, _), doc in zip(lemma_phrases, docs, strict=True):
                grouped.setdefault(key, []).append(doc)
            for key, docs_for_rule in grouped.items():
                self.phrase_lemma.add(self.rules[key].id, docs_for_rule)
        self.regex_gate = RegexGate([groups for _, _, groups in self.regexes])
        words = negation_words()  # rules/core/negation.toml
        self.negation_window = words.window
        self.context_words = ContextWords(nlp.vocab, words.cues, words.bridge)

    def __len__(self) -> int:
        return len(self.rules) + len(self.skipped)

    def raw_matches(self, doc: Any, text: str | None = None) -> list[RuleMatch]:
        """Every place a rule's pattern matches, before context filters.

        `text` is ``doc.text`` when the caller has it: spaCy joins every token in Python to
        build it, which costs as much as a fifth of a whole check on a long message."""
        found: set[tuple[int, int, int]] = set()
        for matcher in (self.phrase_lower, self.phrase_lemma, self.matcher):
            for key, start, end in matcher(doc):
                found.add((key, start, end))
        matches: list[RuleMatch] = []
        if found:
            from spacy.attrs import IDX, IS_SPACE, LENGTH

            # character offsets from one array, not a Token object per end of every match
            offsets = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
            for key, start, end in found:
                # a context token that is only white space (a blank line, or a template tag
                # read as spaces) is not part of the words the finding quotes
                while end - start > 1 and offsets[start][2]:
                    start += 1
                while end - start > 1 and offsets[end - 1][2]:
                    end -= 1
                matches.append(
                    RuleMatch(
                        self.rules[key],
                        offsets[start][0],
                        offsets[end - 1][0] + offsets[end - 1][1],
                        start,
                        end,
                    )
                )
        if text is None:
            text = doc.text
        folded = text.casefold()
        # only the regexes whose every required word group has a word in the message
        for number in self.regex_gate.needed(folded):
            rule, compiled, _ = self.regexes[number]
            for start_char, end_char in finditer_guarded(compiled, text):
                span = doc.char_span(start_char, end_char, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                matches.append(RuleMatch(rule, start_char, end_char, span.start, span.end))
        # one match per place: overlapping matches of the same rule are joined into one
        matches.sort(key=lambda m: (m.rule.id, m.start, -m.end))
        merged: list[RuleMatch] = []
        for match in matches:
            last = merged[-1] if merged else None
            if last is not None and last.rule.id == match.rule.id and match.start < last.end:
                if match.end > last.end:
                    merged[-1] = RuleMatch(
                        last.rule, last.start, match.end, last.token_start, match.token_end
                    )
                continue
            merged.append(match)
        merged.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return merged

    def matches(
        self,
        doc: Any,
        channel: Channel,
        stage: Stage,
        sender_type: str | None,
        packs: set[str] | None = None,
        text: str | None = None,
    ) -> list[RuleMatch]:
        """Matches that apply to this channel/stage/sender and survive the context filters.

        `text` is ``doc.text`` when the caller has it (see `raw_matches`)."""
        from spacy.tokens import Span

        if text is None:
            text = doc.text
        quoted = (
            [m.span() for m in _QUOTED.finditer(text)] if ('"' in text or "\u201c" in text) else []
        )
        kept: list[RuleMatch] = []
        seen: set[tuple[str, int, int]] = set()
        context: DocContext | None = None
        for match in self.raw_matches(doc, text):
            rule = match.rule
            if packs is not None and rule.pack not in packs:
                continue
            if rule.channels and channel not in rule.channels:
                continue
            if rule.stages and stage not in rule.stages:
                continue
            if rule.senders and (sender_type is None or sender_type not in rule.senders):
                continue
            key = (rule.id, match.start, match.end)
            if key in seen:
                continue
            if (
                rule.skip_quoted
                and quoted
                and any(a <= match.start and match.end <= b for a, b in quoted)
            ):
                continue
            if rule.negation or rule.near or rule.not_near:
                if context is None:
                    context = DocContext(doc, self.context_words)
                if rule.negation and context.negated(match.token_start, self.negation_window):
                    continue
                if (
                    rule.negation
                    and rule.kind == "strength"
                    and context.denied_after(match.token_end)
                ):
                    continue
                if rule.near or rule.not_near:
                    words = context.sentence_words(match.token_start)
                    if rule.near and words.isdisjoint(self.context_words.of(tuple(rule.near))):
                        continue
                    if rule.not_near and not words.isdisjoint(
                        self.context_words.of(tuple(rule.not_near))
                    ):
                        continue
            seen.add(key)
            kept.append(match)
        doc.spans[SPAN_KEY] = [Span(doc, m.token_start, m.token_end, label=m.rule.id) for m in kept]
        return kept
