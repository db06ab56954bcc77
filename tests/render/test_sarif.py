"""SARIF output carries what code-scanning tools show: rule metadata, a link to the cited
provision (``helpUri``) and machine-applicable ``fixes`` where a suggestion names exact text."""

from __future__ import annotations

from typing import Any

import pytest

from tonecheck.engine.checker import Checker
from tonecheck.render import Checked
from tonecheck.render.citations import citation_url
from tonecheck.render.sarif import sarif_log

TEXT = "Please remit the balance.\nPay now or we will have you arrested.\n"


@pytest.fixture(scope="module")
def log() -> dict[str, Any]:
    report = Checker().check(TEXT)
    return sarif_log([Checked(label="m.txt", text=TEXT, report=report)])


def _rule(log: dict[str, Any], rule_id: str) -> dict[str, Any]:
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    return next(r for r in rules if r["id"] == rule_id)


def test_no_placeholder_links(log: dict[str, Any]) -> None:
    """A dashboard shows the driver's and rules' links to users: none may be a placeholder."""
    driver = log["runs"][0]["tool"]["driver"]
    links = [driver.get("informationUri"), *(r.get("helpUri") for r in driver["rules"])]
    assert any(links)
    assert not [link for link in links if link and ".invalid" in link]


def test_rule_metadata_and_help_uri(log: dict[str, Any]) -> None:
    rule = _rule(log, "respect.threat-arrest")
    assert rule["helpUri"] == "https://www.law.cornell.edu/uscode/text/15/1692e"
    assert rule["fullDescription"]["text"].startswith("Never say or imply")
    assert "15 USC 1692e(4)" in rule["help"]["text"]
    assert "tonecheck rules --explain respect.threat-arrest" in rule["help"]["text"]
    assert "**Reference:**" in rule["help"]["markdown"]
    assert rule["properties"]["tags"] == ["respect", "threat"]
    assert rule["name"] == "RespectThreatArrest"
    assert rule["defaultConfiguration"]["level"] == "error"


def test_replacement_suggestions_become_fixes(log: dict[str, Any]) -> None:
    results = log["runs"][0]["results"]
    [remit] = [r for r in results if r["ruleId"] == "clarity.jargon-remit"]
    [fix] = remit["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "m.txt"
    [replacement] = change["replacements"]
    region = replacement["deletedRegion"]
    assert (
        TEXT[region["charOffset"] : region["charOffset"] + region["charLength"]].lower() == "remit"
    )
    assert (region["startLine"], region["startColumn"]) == (1, 8)
    assert replacement["insertedContent"]["text"].lower() == "pay"
    # advice-only suggestions (delete the sentence) give no fix
    [arrest] = [r for r in results if r["ruleId"] == "respect.threat-arrest"]
    assert "fixes" not in arrest


@pytest.mark.parametrize(
    ("reference", "url"),
    [
        ("15 USC 1692d(2); 12 CFR 1006.14(d)", "https://www.law.cornell.edu/uscode/text/15/1692d"),
        ("12 CFR 1006.6(e)", "https://www.ecfr.gov/current/title-12/section-1006.6"),
        (
            "FCA CONC 7.3.10R(3); 15 USC 1692d",
            "https://www.handbook.fca.org.uk/handbook/CONC/7/3.html",
        ),
        (
            "FCA FG21/1 (vulnerable customers)",
            "https://www.fca.org.uk/publication/finalised-guidance/fg21-1.pdf",
        ),
        (
            "Federal Plain Language Guidelines (common words)",
            "https://www.plainlanguage.gov/guidelines/",
        ),
        ("docs/scoring.md", None),
        (None, None),
    ],
)
def test_citation_url(reference: str | None, url: str | None) -> None:
    assert citation_url(reference) == url
