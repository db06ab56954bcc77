"""Redaction: contact details and names are masked, everything else is left alone, reports stay
internally consistent (offsets point into the redacted text), and masking is idempotent."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tonecheck
from tonecheck.models import Report
from tonecheck.redact import pseudonym, redact_id, redact_report, redact_text

EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail jo.bloggs+bills@mail.example.co.uk today", "Mail [email] today"),
        ("Call (555) 123-4567 or 555.123.4567", "Call [phone] or [phone]"),
        ("Ring 1-800-555-1234", "Ring [phone]"),
        (
            "Ring +44 20 7946 0958 or 020 7946 0958 or 07700 900123",
            "Ring [phone] or [phone] or [phone]",
        ),
        ("card 4111 1111 1111 1234 expires", "card **** **** **** 1234 expires"),
        ("card 4111-1111-1111-1234", "card ****-****-****-1234"),
        ("Account number AB123456 is overdue", "Account number ****3456 is overdue"),
        ("Ref: 99887766.", "Ref: ****7766."),
        ("SSN 123-45-6789", "SSN ***-**-6789"),
        ("IBAN GB29 NWBK 6016 1331 9268 19", "IBAN **** **** **** **** **68 19"),
        ("Dear Ms Jones,\nplease call.", "Dear Ms [name],\nplease call."),
        ("Hi Sam,", "Hi [name],"),
    ],
)
def test_masks(text: str, expected: str) -> None:
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You owe $1,234.56 by 3 May 2025.",
        "Due 2025-05-03, or 03/05/2025, or 20250503.",
        "Dear Customer, thank you.",
        "Dear Sir or Madam,",
        "Call us at 10:30 on 12 June; reference 12.",
        "We will review your case.",
    ],
)
def test_leaves_amounts_dates_and_plain_words(text: str) -> None:
    assert redact_text(text) == text


def test_names_from_context_full_and_parts() -> None:
    text = "Dear Sam Lee, SAM LEE owes nothing. Lee said hi. We will call Sam. sam is lower case."
    assert redact_text(text, ["Sam Lee"]) == (
        "Dear [name], [name] owes nothing. [name] said hi. We will call [name]. sam is lower case."
    )
    # a name that is also a word is masked only where capitalised
    assert redact_text("Will said we will pay.", ["Will Smith"]) == "[name] said we will pay."


emails = st.builds(
    lambda user, domain, tld: f"{user}@{domain}.{tld}",
    st.from_regex(r"[a-z][a-z0-9._+\-]{0,15}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9\-]{0,10}[a-z0-9]", fullmatch=True),
    st.sampled_from(["com", "co.uk", "example", "org", "io"]),
)
digits = st.integers(min_value=0, max_value=9)
phones = st.builds(
    lambda a, b, c, shape: shape.format(a=a, b=b, c=c),
    st.integers(200, 999),
    st.integers(100, 999),
    st.integers(1000, 9999),
    st.sampled_from(
        [
            "({a}) {b}-{c}",
            "{a}-{b}-{c}",
            "{a}.{b}.{c}",
            "+1 {a} {b} {c}",
            "+44 20 {b}{c}",
            "0{a} {b} {c}",
            "1-{a}-{b}-{c}",
        ]
    ),
)
cards = st.builds(
    lambda groups, sep: sep.join(groups),
    st.lists(st.from_regex(r"[0-9]{4}", fullmatch=True), min_size=4, max_size=4),
    st.sampled_from([" ", "-", ""]),
)
filler = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Zs", "Po", "So"), exclude_characters="@"),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(filler, st.one_of(emails, phones, cards)), min_size=1, max_size=5), filler
)
def test_no_contact_detail_survives(pieces: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{words} {secret} " for words, secret in pieces) + tail
    redacted = redact_text(text)
    assert not EMAIL_RE.search(redacted), redacted
    for _, secret in pieces:
        assert secret not in redacted
    # at most the last four digits of any number survive
    assert not re.search(r"\d{5}", redacted.replace("-", "")), redacted
    assert redact_text(redacted) == redacted


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.lists(st.text(min_size=1, max_size=12), max_size=3))
def test_any_text_any_names_is_safe_and_idempotent(text: str, names: list[str]) -> None:
    once = redact_text(text, names)
    assert redact_text(once, names) == once


def test_report_offsets_follow_the_redacted_text(checker: tonecheck.Checker) -> None:
    text = (
        "Dear Sam Lee,\n\nYou owe $540.00 on account 12345678. Pay by 5 May or we will have you "
        "arrested. Call 0800 123 4567 or write to sam.lee@example.com. Sam, this is your last chance."
    )
    report = checker.check(text, context={"name": "Sam Lee", "contact": "help@agency.example"})
    redacted = redact_report(report)
    shown = redacted.text
    assert shown is not None
    for secret in (
        "Sam",
        "Lee",
        "sam.lee@example.com",
        "0800 123 4567",
        "12345678",
        "help@agency.example",
    ):
        assert secret not in shown
        assert secret not in redacted.model_dump_json()
    assert "$540.00" in shown and "5 May" in shown and "****5678" in shown
    for item in [*redacted.findings, *redacted.strengths]:
        assert shown[item.start : item.end] == item.span
    assert len(redacted.findings) == len(report.findings)
    assert redacted.context is not None and redacted.context.name == "[name]"
    Report.model_validate_json(redacted.model_dump_json())
    # the original is untouched
    assert report.text == text and any(
        "Sam" in f.span for f in [*report.findings, *report.strengths]
    )


def test_report_from_json_masks_spans_in_place(checker: tonecheck.Checker) -> None:
    report = checker.check("Write to jo@example.com or we will have you arrested.")
    loaded = Report.model_validate_json(report.model_dump_json())
    redacted = redact_report(loaded)
    assert redacted.text is None
    assert "jo@example.com" not in redacted.model_dump_json()
    assert [(f.start, f.end) for f in redacted.findings] == [
        (f.start, f.end) for f in report.findings
    ]


def test_ids_with_personal_data_become_pseudonyms() -> None:
    assert redact_id("m42") == "m42"
    assert redact_id("<abc@mail.example.com>") == pseudonym("<abc@mail.example.com>")
    assert redact_id("<abc@mail.example.com>") != redact_id("<abd@mail.example.com>")
    assert redact_id(None) is None
