"""The public API contract: names, argument checking, and the shape of a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

import tonecheck
from tonecheck import Checker, Config, MessageContext, Report, Severity

HARSH = "Pay immediately or we will have you arrested. You have ignored every letter, you deadbeat."
POLITE = (
    "Hi Sam, we haven't received your payment of $120.50, which was due on 3 May 2026. "
    "We understand things can be difficult. You can pay at https://example.com/pay, or call us on "
    "0800 123 4567 to set up a payment plan. Thank you."
)


def test_module_level_check_returns_report() -> None:
    report = tonecheck.check(POLITE, channel="email")
    assert isinstance(report, Report)
    for value in report.scores.by_dimension().values():
        assert 0.0 <= value <= 100.0


def test_harsh_scores_below_polite(checker: Checker) -> None:
    harsh = checker.check(HARSH)
    polite = checker.check(POLITE)
    assert harsh.scores.respect < polite.scores.respect
    assert harsh.scores.overall < polite.scores.overall
    assert any(f.severity is Severity.error for f in harsh.findings)


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"]])
def test_non_string_is_type_error(checker: Checker, bad: object) -> None:
    with pytest.raises(TypeError, match="must be str"):
        checker.check(bad)  # type: ignore[arg-type]


def test_bytes_hint_mentions_decode(checker: Checker) -> None:
    with pytest.raises(TypeError, match="decode"):
        checker.check(b"hello")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n"])
def test_empty_text_gives_one_error_finding(checker: Checker, text: str) -> None:
    report = checker.check(text)
    assert [f.rule for f in report.findings] == ["format.empty-message"]
    assert report.findings[0].severity is Severity.error


def test_length_limit_names_setting() -> None:
    small = Checker(Config(max_chars=50))
    with pytest.raises(ValueError, match="max_chars"):
        small.check("x" * 51)
    assert small.check("x" * 50).scores.overall >= 0


def test_unknown_channel_and_stage(checker: Checker) -> None:
    with pytest.raises(ValueError, match="allowed: email, sms, letter, voice"):
        checker.check("hello", channel="fax")
    with pytest.raises(ValueError, match="unknown stage"):
        checker.check("hello", stage="panic")


def test_context_coercion() -> None:
    context = MessageContext(
        amount="1,240.00", due_date="2026-03-14", currency="GBP", jurisdiction="UK"
    )
    assert context.amount == Decimal("1240.00")
    assert context.due_date == dt.date(2026, 3, 14)
    assert context.jurisdiction == "uk"
    assert context.formatted_amount() == "£1,240.00"
    assert context.formatted_due_date() == "14 March 2026"
    with pytest.raises(ValueError):
        MessageContext(sender_type="bailiff")
    with pytest.raises(ValueError):
        MessageContext(colour="red")  # type: ignore[call-arg]


def test_context_as_mapping(checker: Checker) -> None:
    report = checker.check(POLITE, context={"amount": "120.50", "jurisdiction": "us"})
    assert report.context is not None and report.context.amount == Decimal("120.50")
    assert "us" in report.packs


def test_stage_detection_and_override(checker: Checker) -> None:
    detected = checker.check("Thank you for your payment of $50. Your account is now up to date.")
    assert detected.stage.value == "thank-you" and detected.stage_detected
    given = checker.check("Thank you for your payment of $50.", stage="overdue")
    assert given.stage.value == "overdue" and not given.stage_detected


def test_offsets_slice_the_input(checker: Checker) -> None:
    text = "Dear customer 😀,\r\nYou FAILED to pay!!! Pay NOW OR ELSE.\r\n\u200bRegards"
    report = checker.check(text)
    for item in report.findings + report.strengths:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.span


def test_deterministic_byte_for_byte() -> None:
    first = Checker().check(HARSH + "\n\n" + POLITE).model_dump()
    second = Checker().check(HARSH + "\n\n" + POLITE).model_dump()
    assert first == second  # pytest shows the differing fields
    assert Checker().check(POLITE).model_dump_json() == Checker().check(POLITE).model_dump_json()


def test_breakdown_explains_scores(checker: Checker) -> None:
    from tonecheck.evidence import collect_evidence, summarise
    from tonecheck.scoring import MEASURE_INDEX, SPILLOVER_SHARE, bounded, readability_measures

    text = HARSH + " " + POLITE
    report = checker.check(text)
    fitted = checker.resources.score_weights
    measures = summarise(collect_evidence(checker.resources.nlp(text), text=text))
    measures |= readability_measures(report.readability)
    for name, value in report.scores.by_dimension().items():
        breakdown = report.breakdown[name]
        raw = breakdown.base + sum(c.delta for c in breakdown.contributions)
        assert abs(raw - breakdown.raw) < 0.05
        assert value == pytest.approx(bounded(breakdown.raw), abs=0.05)
        weights = fitted.of(name)
        for contribution in breakdown.contributions:
            if contribution.kind == "measure":
                # graded evidence: the fitted coefficient times the message's measure
                assert contribution.index == MEASURE_INDEX
                expected = weights.coefficients[contribution.rule] * measures[contribution.rule]
                assert contribution.delta == pytest.approx(expected, abs=0.06)
                continue
            items = report.strengths if contribution.kind == "strength" else report.findings
            carrier = items[contribution.index]
            # a reading folded into another finding on the same words is one of its `related`
            readings = [carrier, *carrier.related]
            item = next(r for r in readings if r.rule == contribution.rule)
            if contribution.kind == "cap":
                # a non-compensable finding holds its dimension under its cap: only ever down
                assert item.dimension.value == name and contribution.delta < 0
            elif contribution.kind == "spillover":
                assert item.dimension.value == "respect" and name == "empathy"
                own = fitted.of("respect").multiplier("finding", item.category)
                share = weights.multiplier("spillover", item.category) * SPILLOVER_SHARE
                if own:
                    # both figures are shown rounded to 0.1: the finding's rounding error is
                    # scaled by share / own on the way to the spillover, then the delta rounds
                    slack = 0.05 * share / own + 0.051
                    assert contribution.delta == pytest.approx(item.impact / own * share, abs=slack)
            else:
                assert item.dimension.value == name
                assert item.impact == contribution.delta


def test_threat_measure_never_raises_respect(checker: Checker) -> None:
    coefficients = checker.resources.score_weights.of("respect").coefficients
    assert all(c <= 0 for n, c in coefficients.items() if n.startswith("threat."))
    multipliers = checker.resources.score_weights.of("respect").multipliers
    assert all(m >= 0 for m in multipliers.values())


def test_json_round_trip(checker: Checker) -> None:
    report = checker.check(HARSH)
    again = Report.model_validate_json(report.model_dump_json())
    assert again.model_dump() == report.model_dump()
    with pytest.raises(ValueError, match="pass the original"):
        again.rewrite()
    assert isinstance(again.rewrite(HARSH), str)


def test_fails_gate(checker: Checker) -> None:
    report = checker.check(HARSH)
    assert report.fails("error")
    assert not report.fails("never")
    assert checker.check(POLITE).fails("error") is False


def test_unfilled_merge_field_is_error_but_template_mode_accepts(checker: Checker) -> None:
    template = "Hi {{first_name}}, your balance of {{amount}} is due on [DUE DATE]."
    plain = checker.check(template)
    assert any(f.category == "placeholder" and f.severity is Severity.error for f in plain.findings)
    as_template = checker.check(template, template=True)
    assert not any(f.category == "placeholder" for f in as_template.findings)
    categories = {s.category for s in as_template.strengths}
    assert {"amount", "due-date"} <= categories
    assert not any(f.rule == "clarity.missing-amount" for f in as_template.findings)


def test_check_many_streams_in_order(checker: Checker) -> None:
    items = [POLITE, {"text": HARSH, "id": "h1", "channel": "sms"}, "Thanks for your payment."]
    reports = list(checker.check_many(iter(items)))
    assert [r.id for r in reports] == [None, "h1", None]
    assert reports[1].channel.value == "sms"
    assert reports[1].scores.respect < reports[0].scores.respect


def test_check_many_two_processes_matches_one(checker: Checker) -> None:
    items = [POLITE, HARSH, "Final notice: pay £200 by 1 June 2026."] * 3
    single = [r.model_dump_json() for r in checker.check_many(items)]
    double = [r.model_dump_json() for r in checker.check_many(items, n_process=2, chunk_size=2)]
    assert single == double


def test_check_many_one_process_frees_one_off_words(checker: Checker) -> None:
    # reference numbers and names that only one message holds must not pile up in spaCy's
    # vocabulary over a long stream (they are checked inside a memory zone per chunk)
    strings = checker.resources.nlp.vocab.strings
    list(checker.check_many([f"Hi Zq{i}x, ref QX{i}Z7 is due." for i in range(5)]))  # warm up
    before = len(strings)
    items = [f"Hi Zq{i}x, your reference QX{i}Z7 for £{i}.50 is due." for i in range(300)]
    reports = list(checker.check_many(items, chunk_size=16))
    assert len(reports) == 300 and reports[-1].scores.overall > 0
    assert len(strings) - before < 50, len(strings) - before


def test_check_many_reads_its_input_lazily(checker: Checker) -> None:
    taken: list[int] = []

    def stream() -> Iterator[str]:
        for i in range(10_000):
            taken.append(i)
            yield f"Reminder {i}: £40 is due on 1 June."

    first = next(iter(checker.check_many(stream(), chunk_size=8)))
    assert first.scores.overall > 0
    assert len(taken) <= 8


def test_check_many_replaces_worker_pools_and_keeps_order(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from tonecheck.engine import batch as parallel

    pools: list[int] = []

    class CountingPool(ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "RECYCLE_AFTER", 3)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    items = [f"Reminder {i}: £{i}0 is due on {i % 28 + 1} June." for i in range(20)]
    single = [r.model_dump_json() for r in checker.check_many(items)]
    double = [r.model_dump_json() for r in checker.check_many(items, n_process=2, chunk_size=2)]
    assert double == single
    assert len(pools) >= 3  # 20 messages, 6 per pool of two workers


def test_one_checker_checks_one_message_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Checker shared by a threadpool (the service does this) runs its spaCy pipeline and
    detectors for one message at a time, so interleaved threads cannot tokenize differently."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    checker = Checker()
    first = checker.resources.scorers[0]
    original = first.score
    active = 0
    most = 0
    guard = threading.Lock()

    def slow_score(state: object) -> None:
        nonlocal active, most
        with guard:
            active += 1
            most = max(most, active)
        time.sleep(0.01)
        with guard:
            active -= 1
        original(state)  # type: ignore[arg-type]

    monkeypatch.setattr(first, "score", slow_score)
    texts = [f"Please pay the {n} pounds you owe by Friday." for n in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        reports = list(pool.map(checker.check, texts))
    assert most == 1
    assert [r.model_dump_json() for r in reports] == [
        checker.check(t).model_dump_json() for t in texts
    ]
