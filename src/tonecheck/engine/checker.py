"""The Checker: text -> spaCy Doc -> scorers -> findings -> scores -> Report.

A Checker loads the pipeline, the rule packs and the lexicons once; ``check`` is then cheap and
safe to call from many threads (nothing per-message is stored on the Checker). Surfaces (CLI,
hook, audit, service, Dask) only ever talk to this class.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, partial
from itertools import islice
from typing import Any

from pydantic import TypeAdapter

from .. import detectors as _scorers  # noqa: F401  (registers the built-in scorers)
from .. import suppress
from ..config import Config, ConfigError
from ..config_check import model_notes, unknown_rule_ids, unused_rule_dirs
from ..detectors.base import CheckState, Hit, declared_hit, registered_scorers
from ..detectors.stage import StageDetector
from ..detectors.threats import load_threat_findings
from ..models import (
    Channel,
    Finding,
    MessageContext,
    Report,
    Scores,
    Severity,
    Stage,
    Suggestion,
)
from ..rulebook.compiler import CompiledRules
from ..rulebook.loader import available_packs, load_packs, packs_to_load
from ..scoring import readability_measures, score
from ..text.nlp import build_pipeline
from ..text.template_blocks import blank_block_tags
from ..text.textsafety import without_surrogates
from .calls import CheckCall, coerce_channel, coerce_context, coerce_stage, memory_zone
from .grouping import group_findings
from .resources import Resources


@cache
def _finding_list() -> TypeAdapter[list[Finding]]:
    """Built on first use: a start that checks nothing need not build it."""
    return TypeAdapter(list[Finding])


class Checker:
    """Loads everything once; then checks messages.

    >>> checker = Checker()
    >>> report = checker.check("Pay now or we will sue you.", channel="sms")
    >>> report.scores.respect < 60
    True
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        #: One check at a time per Checker: spaCy's pipeline and vocabulary are not safe to
        #: share between threads (calls interleaved in a threadpool can tokenize differently,
        #: explosion/spaCy#6398), and the GIL gives CPU-bound checks no parallel speed-up anyway.
        self._lock = threading.RLock()
        nlp, has_model = build_pipeline(self.config.spacy_model)
        #: Packs that apply only to messages of one jurisdiction (pack name -> jurisdiction),
        #: as their [pack] tables declare.
        self.optional_packs: dict[str, str]
        names, self.optional_packs = packs_to_load(
            self.config.packs,
            self.config.jurisdiction_packs,
            available_packs(self.config.rule_dirs) if self.config.jurisdiction_packs else {},
        )
        ruleset = load_packs(names, self.config.rule_dirs, self.config.max_rules)
        # findings made from graded evidence have ids declared as data too
        evidence_ids = [f.id for f in load_threat_findings().finding]
        problems = unknown_rule_ids(self.config, [*ruleset.by_id(), *evidence_ids])
        if problems:
            raise ConfigError("\n".join(problems))
        rules = [r for r in ruleset.rules if not self.config.is_disabled(r.id)]
        compiled = CompiledRules(nlp, rules, has_model)
        #: Settings that load but do less than they seem to (an unused rule folder, a missing
        #: spaCy model, skipped rules): the CLI prints them, library users can read them.
        self.config_warnings: list[str] = [
            *unused_rule_dirs(self.config, available_packs(self.config.rule_dirs)),
            *model_notes(self.config, has_model, compiled.skipped),
        ]
        self.resources = Resources(
            config=self.config,
            nlp=nlp,
            has_model=has_model,
            ruleset=ruleset,
            compiled=compiled,
            stage_detector=StageDetector(nlp, ruleset.stage_cues),
        )
        self.resources.scorers = [factory(self.resources) for _, factory in registered_scorers()]
        self._allow = [a.lower() for a in self.config.allow if a.strip()]
        #: Non-compensable requirements: rule id -> the score its dimension is held under.
        self._caps = {r.id: r.cap for r in ruleset.requirements if r.cap is not None}

    # -- public API -------------------------------------------------------------------------

    @property
    def packs(self) -> list[str]:
        return list(self.resources.ruleset.packs)

    @property
    def rule_count(self) -> int:
        return len(self.resources.ruleset.rules) + len(self.resources.ruleset.requirements)

    def check(
        self,
        text: str,
        channel: Channel | str = Channel.email,
        stage: Stage | str | None = None,
        context: MessageContext | Mapping[str, Any] | None = None,
        *,
        template: bool = False,
        id: str | None = None,
        ignore: Sequence[tuple[int, int]] = (),
    ) -> Report:
        """Check one message. Raises TypeError for non-text and ValueError for bad options or
        text longer than ``config.max_chars``; anything else gives a report."""
        if not isinstance(text, str):
            hint = (
                " (decode bytes first, e.g. data.decode('utf-8'))"
                if isinstance(text, (bytes, bytearray))
                else ""
            )
            raise TypeError(f"the message must be str, not {type(text).__name__}{hint}")
        if len(text) > self.config.max_chars:
            raise ValueError(
                f"message is {len(text):,} characters; the limit is {self.config.max_chars:,} "
                "(setting: max_chars in tonecheck.toml)"
            )
        channel_value = coerce_channel(channel)
        stage_value = coerce_stage(stage)
        context_value = coerce_context(context)
        active = self._active_packs(context_value)
        if not text.strip():
            return self._empty_report(
                text, channel_value, stage_value, context_value, template, id, active
            )

        with self._lock:
            readable = without_surrogates(text)
            if template:  # each branch of a conditional is read; the tags themselves are not
                readable = blank_block_tags(readable)
            doc = self.resources.nlp(readable)
            detected = stage_value is None
            final_stage = (
                self.resources.stage_detector.detect(doc) if stage_value is None else stage_value
            )
            state = CheckState(
                text=text,
                doc=doc,
                channel=channel_value,
                stage=final_stage,
                stage_detected=detected,
                context=context_value,
                template=template,
                packs=active,
            )
            for scorer in self.resources.scorers:
                scorer.score(state)
            report = self._build_report(state, id, ignore)
        return report.attach_recheck(
            partial(
                self.check,
                channel=channel_value,
                stage=stage_value,
                context=context_value,
                template=template,
            )
        )

    def check_many(
        self,
        messages: Iterable[str | Mapping[str, Any] | CheckCall],
        n_process: int = 1,
        *,
        channel: Channel | str = Channel.email,
        stage: Stage | str | None = None,
        context: MessageContext | Mapping[str, Any] | None = None,
        template: bool = False,
        chunk_size: int = 32,
    ) -> Iterator[Report]:
        r"""Check a stream of messages, yielding reports in input order.

        Items are strings, or mappings with ``text`` and optional ``id``, ``channel``, ``stage``,
        ``context``, ``template`` (which override the keyword defaults), or `CheckCall`\ s. With ``n_process > 1``
        a process pool runs whole checks, one Checker per worker; input is read a bounded
        window ahead, so memory stays flat however long the stream is.
        """
        defaults = {"channel": channel, "stage": stage, "context": context, "template": template}
        if n_process <= 1:
            # Checked in chunks inside a spaCy memory zone: names, amounts and reference numbers
            # that only one message holds would otherwise stay in the vocabulary for good.
            # Reports hold no spaCy objects, so they outlive the zone safely.
            items = iter(messages)
            while chunk := list(islice(items, max(1, chunk_size))):
                with memory_zone(self):
                    reports = [CheckCall.of(item, defaults).run(self) for item in chunk]
                yield from reports
            return
        from .batch import parallel_check

        # forked workers inherit this warm Checker instead of one built for the config
        yield from parallel_check(
            self.config, messages, defaults, n_process, chunk_size, checker=self
        )

    # -- internals --------------------------------------------------------------------------

    def _active_packs(self, context: MessageContext) -> list[str]:
        packs = [p for p in self.resources.ruleset.packs if p not in self.optional_packs]
        if context.jurisdiction is not None:
            packs += [
                p
                for p in self.resources.ruleset.packs
                if self.optional_packs.get(p) == context.jurisdiction
            ]
        return packs

    def _empty_report(
        self,
        text: str,
        channel: Channel,
        stage: Stage | None,
        context: MessageContext,
        template: bool,
        id: str | None,
        packs: list[str],
    ) -> Report:
        hit = declared_hit(
            "format.empty-message",
            0,
            len(text),
            suggestions=[
                Suggestion(action="advice", description="Write the message before sending")
            ],
        )
        state = CheckState(
            text=text,
            doc=None,
            channel=channel,
            stage=stage or Stage.other,
            stage_detected=stage is None,
            context=context,
            template=template,
            packs=packs,
            hits=[hit],
        )
        report = self._build_report(state, id)
        # nothing was written, so nothing is scored: zeros (the schema needs numbers) and no
        # breakdown, and the text output says "nothing to score"
        report.scores = Scores(respect=0, clarity=0, empathy=0, transparency=0, overall=0)
        report.breakdown = {}
        return report

    def _keep(self, hit: Hit, text: str, allowed: list[tuple[int, int]]) -> bool:
        if self.config.is_disabled(hit.rule):
            return False
        if hit.kind == "finding" and allowed and hit.end > hit.start:
            return not any(a <= hit.start and hit.end <= b for a, b in allowed)
        return True

    def _allowed_spans(self, text: str) -> list[tuple[int, int]]:
        if not self._allow:
            return []
        lower = text.lower()
        spans = []
        for phrase in self._allow:
            start = lower.find(phrase)
            while start != -1:
                spans.append((start, start + len(phrase)))
                start = lower.find(phrase, start + 1)
        return spans

    def _build_report(
        self, state: CheckState, id: str | None, ignore: Sequence[tuple[int, int]] = ()
    ) -> Report:
        text = state.text
        # not `doc.text`, which spaCy rebuilds token by token; the repeated check is one encode
        safe_text = without_surrogates(text)
        # findings inside `ignore` spans (e.g. an e-mail signature) are dropped; strengths there
        # still count, so a phone number in the signature satisfies "how to contact us"
        allowed = self._allowed_spans(safe_text) + [(int(a), int(b)) for a, b in ignore]
        overrides = self.config.severity
        # each item as the fields of a `Finding`, all of them validated in one call below: a
        # `Finding(...)` per hit is a Python-level pydantic call each, ~30 a message
        findings: list[tuple[dict[str, Any], float | None]] = []
        strengths: list[tuple[dict[str, Any], float | None]] = []
        for hit in suppress.apply(text, state.hits):  # `tonecheck: disable=…` comments
            if not self._keep(hit, safe_text, allowed):
                continue
            item = {
                "rule": hit.rule,
                "dimension": hit.dimension,
                "category": hit.category,
                "severity": overrides.get(hit.rule, hit.severity),
                "start": hit.start,
                "end": hit.end,
                "span": safe_text[hit.start : hit.end],
                "message": hit.message,
                "suggestions": hit.suggestions,
                "reference": hit.reference,
                "gate_only": hit.gate_only,
            }
            (findings if hit.kind == "finding" else strengths).append((item, hit.weight))
        order = {Severity.error: 0, Severity.warning: 1, Severity.suggestion: 2}
        findings.sort(
            key=lambda fw: (fw[0]["start"], fw[0]["end"], order[fw[0]["severity"]], fw[0]["rule"])
        )
        strengths.sort(key=lambda fw: (fw[0]["start"], fw[0]["end"], fw[0]["rule"]))
        finding_items = _finding_list().validate_python([f for f, _ in findings])
        strength_items = _finding_list().validate_python([s for s, _ in strengths])
        fitted = self.resources.score_weights
        measures: dict[str, float] = {}
        if state.doc is not None and fitted.measures():
            measures = state.evidence_summary() | readability_measures(state.readability)
        scores, breakdown = score(
            finding_items,
            strength_items,
            ([w for _, w in findings], [w for _, w in strengths]),
            fitted,
            measures,
            self._caps,
        )
        finding_items = group_findings(finding_items, breakdown)
        report = Report(
            id=id,
            channel=state.channel,
            stage=state.stage,
            stage_detected=state.stage_detected,
            template=state.template,
            scores=scores,
            findings=finding_items,
            strengths=strength_items,
            breakdown=breakdown,
            readability=state.readability,
            packs=state.packs,
            context=state.context if state.context != MessageContext() else None,
        )
        return report.attach_text(text)
