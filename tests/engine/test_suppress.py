"""Inline suppression: ``tonecheck: disable=RULE`` / ``enable=RULE`` in plain-text, HTML and
template comments silences findings in its region and moves no score; an unused one is reported."""

from __future__ import annotations

import pytest

from tonecheck import Checker
from tonecheck.email import read_email
from tonecheck.hook import check_body
from tonecheck.suppress import UNUSED_RULE, parse

THREAT = "Pay now or we will have you arrested."


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def _rules(report: object) -> list[str]:
    return [f.rule for f in report.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- tonecheck: disable=respect.threat-arrest -->",
        "{# tonecheck: disable=respect.threat-arrest #}",
        "{{! tonecheck: disable=respect.threat-arrest }}",
        "{{!-- tonecheck: disable=respect.threat-arrest --}}",
        "# tonecheck: disable=respect.threat-arrest",
        "tonecheck: disable=threat",  # a category
        "tonecheck: disable=respect",  # an id prefix
        "tonecheck: disable",  # every rule
    ],
)
def test_disable_silences_findings_and_their_score(checker: Checker, directive: str) -> None:
    plain = checker.check(f"Hello,\n\n{THREAT}\n")
    silenced = checker.check(f"Hello,\n{directive}\n{THREAT}\n")
    assert "respect.threat-arrest" in _rules(plain)
    assert "respect.threat-arrest" not in _rules(silenced)
    assert UNUSED_RULE not in _rules(silenced)
    assert silenced.scores.respect > plain.scores.respect


def test_enable_ends_the_region(checker: Checker) -> None:
    text = (
        "<!-- tonecheck: disable=respect.threat-arrest -->\n"
        f"{THREAT}\n"
        "<!-- tonecheck: enable=respect.threat-arrest -->\n"
        f"{THREAT}\n"
    )
    report = checker.check(text)
    arrests = [f for f in report.findings if f.rule == "respect.threat-arrest"]
    assert arrests and all(f.start > text.index("enable=") for f in arrests)


def test_unused_suppression_is_reported_without_moving_scores(checker: Checker) -> None:
    text = f"Hello,\n\n{THREAT}\n"
    stale = "<!-- tonecheck: disable=clarity.jargon-remit -->\n"
    report = checker.check(stale + text)
    [unused] = [f for f in report.findings if f.rule == UNUSED_RULE]
    assert unused.start == stale.index("tonecheck:")
    assert "clarity.jargon-remit" in unused.message
    # the directive's own words ("remit") are not message text
    assert "clarity.jargon-remit" not in _rules(report)
    baseline = checker.check("<!-- a comment of the same length, nothing to see here. -->\n" + text)
    # the report of the unused directive moves no score; the continuous politeness measure reads
    # every word, a comment's too, so two different comments may differ by a fraction of a point
    assert unused.impact == 0.0
    assert report.scores.respect == pytest.approx(baseline.scores.respect, abs=0.5)


def test_regions() -> None:
    text = "a tonecheck: disable=x,respect.y b tonecheck: enable=x c"
    [item] = parse(text)
    assert item.rules == ("x", "respect.y")
    assert item.region_end == len(text)  # enable=x does not close disable=x,respect.y
    [closed] = parse("tonecheck: disable=x\n tonecheck: enable\n")
    assert closed.region_end == len("tonecheck: disable=x\n ")


def test_html_mail_comment_directive(checker: Checker) -> None:
    raw = (
        "From: a@b.example\nTo: c@d.example\nSubject: x\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>Hello,</p><!-- tonecheck: disable=respect.threat-arrest -->"
        f"<p>{THREAT}</p></body></html>\n"
    ).encode()
    body = read_email(raw)
    assert "tonecheck: disable=respect.threat-arrest" in body.text
    report = check_body(checker, body)
    assert "respect.threat-arrest" not in _rules(report)
