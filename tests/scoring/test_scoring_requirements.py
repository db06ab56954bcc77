"""Requirements that do not hang on the stage guess, non-compensable elements, and the one
placeholder grammar (issue 11, items 5, 7 and 8)."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.text.fields import blank_fields, field_kind, find_fields

NO_ROUTE = "Your balance of $250 was due on 1 March 2026 and is still unpaid."


def _rules(report: object) -> set[str]:
    return {f.rule for f in report.all_findings()}  # type: ignore[attr-defined]


# --- requirements at an unknown stage ---------------------------------------------------------


def test_a_message_without_stage_cues_is_still_asked_for_the_amount(checker: Checker) -> None:
    text = "Please settle this account. You can pay at https://example.com/pay."
    report = checker.check(text, channel="email")
    assert report.stage.value == "other" and report.stage_detected
    assert "clarity.missing-amount" in _rules(report)
    # a stage the caller states as "other" (a dispute reply, say) is not asked
    stated = checker.check(text, channel="email", stage="other")
    assert "clarity.missing-amount" not in _rules(stated)


def test_a_limited_content_voicemail_is_not_asked_for_next_steps(checker: Checker) -> None:
    text = "Hello, this message is for Sam. This is Jo from Ridgeline. Please call me on 1-855-555-0124."
    report = checker.check(text, channel="voice")
    assert not _rules(report) & {
        "transparency.missing-next-step",
        "empathy.missing-acknowledgement",
        "empathy.missing-options",
    }
    legal = checker.check(
        "This is regarding a legal matter filed under your name. Call 1-855-555-0124 today.",
        channel="voice",
    )
    assert "empathy.missing-acknowledgement" in _rules(legal)


def test_a_consequence_the_rules_do_not_word_satisfies_the_requirement(checker: Checker) -> None:
    base = "This is a final notice: £400 is overdue. Pay by 30 June 2026 at example.co.uk/pay."
    silent = checker.check(base, channel="email", stage="final-notice")
    assert "transparency.missing-consequences" in _rules(silent)
    stated = checker.check(
        base + " Non-payment could lead to possession proceedings.",
        channel="email",
        stage="final-notice",
    )
    assert "transparency.missing-consequences" not in _rules(stated)


def test_good_faith_in_other_words_is_acknowledgement(checker: Checker) -> None:
    text = "Your payment of $90 is overdue. It may have slipped your mind. Pay at example.com/pay."
    report = checker.check(text, channel="email", stage="overdue")
    assert "empathy.missing-acknowledgement" not in _rules(report)
    offer = checker.check(
        "Your payment of $90 is overdue. Revised repayments can be discussed with your agent.",
        channel="email",
        stage="overdue",
    )
    assert "empathy.missing-options" not in _rules(offer)


# --- non-compensable missing route ------------------------------------------------------------


def test_no_route_to_pay_or_reply_caps_clarity(checker: Checker) -> None:
    rich = NO_ROUTE + " The amount is for your March invoice, reference 4471, from Acme Ltd."
    report = checker.check(rich, channel="email", stage="overdue")
    assert "clarity.missing-route" in _rules(report)
    assert "clarity.missing-payment-method" not in _rules(report)  # one finding, not two
    assert report.scores.clarity <= 50.0
    breakdown = report.breakdown["clarity"]
    assert breakdown.base + sum(c.delta for c in breakdown.contributions) == pytest.approx(
        breakdown.raw, abs=0.05
    )
    with_route = checker.check(
        rich + " Call us on 0800 123 4567.", channel="email", stage="overdue"
    )
    assert "clarity.missing-route" not in _rules(with_route)
    assert with_route.scores.clarity > report.scores.clarity


# --- one placeholder grammar ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "kind"),
    [
        ("Your balance is [balanceDue].", "[balanceDue]", "amount"),
        ("Total: «Client_Total»", "«Client_Total»", "amount"),
        ("Reference: [REF/INVOICE NO]", "[REF/INVOICE NO]", None),
        ("Amount: {{ inv.amount | currency }}", "{{ inv.amount | currency }}", "amount"),
        ("Please pay £____ by Friday.", "____", "amount"),
        ("Call us on [NUMBER].", "[NUMBER]", None),
        ("Call us on [phone number].", "[phone number]", "contact"),
        ("Pay at [PAYMENT LINK].", "[PAYMENT LINK]", "payment-method"),
        (
            "Due on {{ invoice.due_at|format_date }}.",
            "{{ invoice.due_at|format_date }}",
            "due-date",
        ),
        ("Dear <first_name>,", "<first_name>", None),
        (
            'Dear <t t-out="object.amount_residual"/>',
            '<t t-out="object.amount_residual"/>',
            "amount",
        ),
    ],
)
def test_every_field_syntax_is_a_field_of_its_kind(text: str, field: str, kind: str | None) -> None:
    fields = find_fields(text)
    assert [f.text for f in fields] == [field]
    assert fields[0].kind == kind
    assert field_kind(field, text[: text.index(field)]) == kind


@pytest.mark.parametrize(
    "text",
    [
        "[t]he debt is owed [sic].",
        "See note [1].",
        "Line one<br>line two</p>",
        "Write to <jo@example.com>.",
        "______________",
    ],
)
def test_what_is_not_a_field(text: str) -> None:
    assert find_fields(text) == []


def test_capitals_inside_a_field_are_not_shouting(checker: Checker) -> None:
    text = "Dear [ACCOUNT HOLDER FULL NAME], your balance of [AMOUNT DUE] is due on [DUE DATE]."
    report = checker.check(text, channel="email", template=True, stage="reminder")
    assert not [f for f in report.all_findings() if f.category == "shouting"]
    shouted = checker.check(
        "Dear [NAME], YOUR BALANCE IS OVERDUE. PAY NOW.", channel="email", template=True
    )
    assert [f for f in shouted.all_findings() if f.category == "shouting"]
    assert blank_fields("[AB] c").startswith("    ")


def test_a_bare_number_field_is_not_a_contact(checker: Checker) -> None:
    report = checker.check("Call [NUMBER] about your balance.", channel="sms", template=True)
    assert "format.merge-field-contact" not in {s.rule for s in report.strengths}
    named = checker.check("Call [PHONE NUMBER] about your balance.", channel="sms", template=True)
    assert "format.merge-field-contact" in {s.rule for s in named.strengths}


# --- a vague legal step under pressure is a threat --------------------------------------------


def test_vague_legal_action_is_a_threat_only_when_the_message_presses(checker: Checker) -> None:
    calm = checker.check("Legal action may be taken if this is not paid.", channel="email")
    pressed = checker.check(
        "Final notice: pay today. Legal action may be taken if this is not paid.", channel="email"
    )

    def threats(report: object) -> set[str]:
        return {f.rule for f in report.all_findings() if f.category == "threat"}  # type: ignore[attr-defined]

    assert "transparency.legal-action-unspecified" in _rules(calm)
    assert not threats(calm)
    assert "transparency.legal-action-unspecified" in threats(pressed)
    prescribed = checker.check(
        "This notice is served under section 87(1) of the Consumer Credit Act 1974. Pay today. "
        "Legal action may be taken if this is not paid.",
        channel="letter",
    )
    assert "transparency.legal-action-unspecified" not in threats(prescribed)


def test_money_cues_read_their_examples(checker: Checker) -> None:
    """The words that make a stage-less message a payment request are data
    (``[[money_cue]]``), and each cue's examples say what they must and must not read."""
    from tonecheck.detectors.requirements import money_matcher

    cues = checker.resources.ruleset.money_cues
    assert cues, "no pack gives money cues"
    matcher = money_matcher(cues)
    assert matcher is not None
    for cue in cues:
        assert cue.examples.good and cue.examples.bad
        missed = [t for t in cue.examples.good if not matcher.search(t)]
        wrong = [t for t in cue.examples.bad if matcher.search(t)]
        assert not missed, f"money cues miss {missed}"
        assert not wrong, f"money cues read {wrong}"


def test_no_money_cues_means_no_message_is_about_money() -> None:
    from tonecheck.detectors.requirements import money_matcher

    assert money_matcher([]) is None
