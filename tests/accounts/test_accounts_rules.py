"""Every account rule proves itself on its example histories; thresholds and settings work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tonecheck.accounts import AccountConfigError, AccountsConfig, RuleSet, load_rules
from tonecheck.accounts.checks import KINDS
from tonecheck.accounts.rules import AccountRuleError
from tonecheck.accounts.selftest import failures, run_example
from tonecheck.config import Config, ConfigError
from tonecheck.rulebook.loader import available_packs

RULES = load_rules()
BY_ID = {r.id: r for r in RULES}
REQUIRED = {
    "account.call-frequency",
    "account.time-of-day",
    "account.after-stop",
    "account.after-dispute",
    "account.breathing-space",
    "account.excessive-contact",
    "account.no-reminder-before-due",
    "account.no-thanks-after-payment",
    "account.tone-escalation",
    "account.inconsistent-facts",
}
CASES = [(rule, n) for rule in RULES for n in range(len(rule.examples))]


@pytest.mark.parametrize("case", CASES, ids=[f"{r.id}-{n}" for r, n in CASES])
def test_example(case: tuple[object, int]) -> None:
    rule, n = case
    example = rule.examples[n]  # type: ignore[attr-defined]
    findings = run_example(rule, example)  # type: ignore[arg-type]
    assert bool(findings) is example.fires, (example.note, findings)
    for finding in findings:
        assert finding.rule == rule.id  # type: ignore[attr-defined]
        assert finding.records and finding.start <= finding.end


def test_required_rules_exist_and_cite() -> None:
    assert set(BY_ID) >= REQUIRED
    for rule in RULES:
        assert not failures(rule)
        assert rule.reference and "domain brief" not in rule.reference.lower()
        assert all(check.kind in KINDS for check in rule.checks)


def test_both_call_frequency_checks_fire_separately() -> None:
    rule = BY_ID["account.call-frequency"]
    checks = {f.check for e in rule.examples for f in run_example(rule, e)}
    assert checks == {"seven-in-seven", "after-conversation"}


def test_threshold_override_from_config(tmp_path: Path) -> None:
    (tmp_path / "tonecheck.toml").write_text(
        '[accounts.thresholds."account.call-frequency"]\nmax = 8\nwithin_days = 3\n',
        encoding="utf-8",
    )
    settings = Config.from_file(tmp_path / "tonecheck.toml").accounts
    rule = BY_ID["account.call-frequency"]
    checks = RuleSet([rule], settings).for_jurisdiction("us")[0][1]
    assert {c.name: (c.max, c.within_days) for c in checks} == {
        "seven-in-seven": (8, None),
        "after-conversation": (None, 3),
    }


def test_jurisdiction_prefixed_override_only_applies_there() -> None:
    settings = AccountsConfig(thresholds={"uk:account.excessive-contact": {"max": 1}})
    ruleset = RuleSet(RULES, settings)
    uk = {r.id: checks for r, checks in ruleset.for_jurisdiction("uk")}
    assert [c.max for c in uk["account.excessive-contact"]] == [1, 1]
    us = {r.id for r, _ in ruleset.for_jurisdiction("us")}
    assert "account.excessive-contact" not in us and "account.call-frequency" in us


def test_unknown_rule_or_threshold_is_named() -> None:
    with pytest.raises(AccountConfigError, match=r"no account rule .account\.nope."):
        RuleSet(RULES, AccountsConfig(thresholds={"account.nope": {"max": 1}}))
    with pytest.raises(AccountConfigError, match="has no threshold 'hours'"):
        RuleSet(RULES, AccountsConfig(thresholds={"account.time-of-day": {"hours": 1}}))
    with pytest.raises(ConfigError, match=r"accounts\.jurisdictions"):
        Config.from_mapping({"accounts": {"jurisdictions": "us"}})


def test_disable_with_wildcards() -> None:
    ruleset = RuleSet(RULES, AccountsConfig(disable=["account.no-*"]))
    ids = {r.id for r, _ in ruleset.for_jurisdiction("us")}
    assert "account.no-reminder-before-due" not in ids
    assert "account.time-of-day" in ids


def test_accounts_folder_is_not_a_message_pack() -> None:
    assert "accounts" not in available_packs()


def test_bad_rule_file_names_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[[rule]]\nid = "account.x"\nseverity = "error"\nmessage = "m"\nreference = "15 USC 1692d"\n'
        '[[rule.checks]]\nname = "c"\nkind = "count-in-window"\nmax = 3\n'
        '[[rule.examples]]\nfires = true\nhistory = [{at = "2024-01-01T10:00:00+00:00", event = "call"}]\n'
        '[[rule.examples]]\nfires = false\nhistory = [{at = "2024-01-01T10:00:00+00:00", event = "call"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(AccountRuleError, match=r"bad\.toml: rule 1 \(account\.x\).*window_days"):
        load_rules((tmp_path,))


def test_docs_list_every_rule_with_its_reference() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "accounts.md").read_text("utf-8")
    for rule in RULES:
        assert f"`{rule.id}`" in doc, rule.id
        assert rule.reference in doc, rule.id
    for name in KINDS:
        assert f"`{name}`" in doc, name
