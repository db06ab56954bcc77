"""Rule-file shorthand ([defaults], [[swap]]) and the [pack] table (id_prefix, jurisdiction):
what a rule author writes once, the loader writes out as ordinary rules."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tonecheck import Checker, Config
from tonecheck.cli import main
from tonecheck.rulebook import Rule, RulePackError, builtin_rules_dir, load_packs
from tonecheck.rulebook.selftest import run_all

SWAP_PACK = """
[defaults]
dimension = "clarity"
category = "jargon"
reference = "docs/coverage.md C13"

[[swap]]
id_prefix = "clarity.team-"
severity = "suggestion"
message = "'{From}' is our house jargon; say '{to}'."
entries = [
  { id = "herewith", from = ["herewith", "herewithin"], to = "with this letter", bad = ["Herewith the statement.", "We send herewith a copy."], good = ["With this letter, the statement."] },
  { id = "aforesaid", from = "aforesaid", to = "", description = "Remove the word", severity = "warning", bad = ["The aforesaid balance is due.", "Pay the aforesaid sum."], good = ["The balance is due."] },
  { id = "quantum", from = "the quantum", advice = "Give the figure", message = "'The quantum' hides the figure; give the amount.", bad = ["The quantum is agreed.", "We dispute the quantum."], good = ["The amount is $20."] },
]

[[rule]]
id = "clarity.team-own-rule"
severity = "warning"
message = "A rule of this file, with the file's dimension and category."
category = "filler"
phrases = ["ipso facto"]
examples.bad = ["Ipso facto you owe it.", "It is owed ipso facto."]
examples.good = ["You owe it."]
"""


def _pack(root: Path, name: str, *files: tuple[str, str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for file_name, body in files:
        (folder / file_name).write_text(body, encoding="utf-8")
    return root


def _rules(root: Path, name: str) -> dict[str, Rule]:
    return {rule.id: rule for rule in load_packs([name], [root]).rules}


def test_swap_entries_become_rules_with_their_own_ids(tmp_path: Path) -> None:
    rules = _rules(_pack(tmp_path, "team", ("a.toml", SWAP_PACK)), "team")
    assert sorted(rules) == [
        "clarity.team-aforesaid",
        "clarity.team-herewith",
        "clarity.team-own-rule",
        "clarity.team-quantum",
    ]
    herewith = rules["clarity.team-herewith"]
    assert herewith.message == "'Herewith' is our house jargon; say 'with this letter'."
    assert herewith.severity.value == "suggestion"
    assert herewith.reference == "docs/coverage.md C13"
    assert (herewith.dimension.value, herewith.category) == ("clarity", "jargon")
    assert herewith.phrases == ["herewith", "herewithin"]
    [suggestion] = herewith.suggestions
    assert (suggestion.action, suggestion.text, suggestion.description) == (
        "replace",
        "with this letter",
        "Use plain words",
    )
    assert [e.text for e in herewith.examples.bad] == [
        "Herewith the statement.",
        "We send herewith a copy.",
    ]


def test_an_entry_overrides_its_table_and_a_rule_its_file(tmp_path: Path) -> None:
    table = _rules(_pack(tmp_path, "team", ("a.toml", SWAP_PACK)), "team")
    aforesaid, quantum, own = (
        table["clarity.team-aforesaid"],
        table["clarity.team-quantum"],
        table["clarity.team-own-rule"],
    )
    assert aforesaid.severity.value == "warning"
    assert aforesaid.message == "'Aforesaid' is our house jargon; say ''."
    assert [(s.action, s.text, s.description) for s in aforesaid.suggestions] == [
        ("replace", "", "Remove the word")
    ]
    assert quantum.message == "'The quantum' hides the figure; give the amount."
    assert [(s.action, s.description) for s in quantum.suggestions] == [
        ("advice", "Give the figure")
    ]
    assert (own.dimension.value, own.category, own.reference) == (
        "clarity",
        "filler",
        "docs/coverage.md C13",
    )


def test_swap_entries_fire_and_their_examples_run(tmp_path: Path) -> None:
    root = _pack(tmp_path, "team", ("a.toml", SWAP_PACK))
    checker = Checker(Config(packs=["team"], rule_dirs=[root], jurisdiction_packs=False))
    report = checker.check("We send herewith a copy of the aforesaid statement.")
    found = {f.rule: f for f in report.all_findings() if f.rule.startswith("clarity.team-")}
    assert set(found) == {"clarity.team-herewith", "clarity.team-aforesaid"}
    assert found["clarity.team-herewith"].span == "herewith"
    assert found["clarity.team-herewith"].suggestions[0].text == "with this letter"
    results = run_all(checker)
    assert len(results) == 4 * 3  # every example of every entry and rule
    assert all(result.ok for result in results), [r.describe() for r in results if not r.ok]


def test_explain_shows_a_swap_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _pack(tmp_path / "packs", "team", ("a.toml", SWAP_PACK))
    config = tmp_path / "tonecheck.toml"
    config.write_text(f'packs = ["core", "team"]\nrule_dirs = ["{root.as_posix()}"]\n', "utf-8")
    assert main(["rules", "--config", str(config), "--explain", "clarity.team-herewith"]) == 0
    out = capsys.readouterr().out
    assert "'Herewith' is our house jargon; say 'with this letter'." in out
    assert "We send herewith a copy." in out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            SWAP_PACK.replace('to = "with this letter", ', ""),
            "entry 'clarity.team-herewith': give either to",
        ),
        (
            SWAP_PACK.replace('advice = "Give the figure"', 'to = "the amount", advice = "x"'),
            "entry 'clarity.team-quantum': give either to",
        ),
        (
            SWAP_PACK.replace('from = "the quantum", ', "")
            .replace("message = \"'The quantum' hides the figure; give the amount.\", ", "")
            .replace('advice = "Give the figure"', 'to = "the amount"'),
            "the message names {from} but the entry has no from",
        ),
        (
            SWAP_PACK.replace(
                "message = \"'The quantum' hides the figure; give the amount.\", ", ""
            ),
            "the message names {to} but the entry has no to",
        ),
        (SWAP_PACK.replace("[defaults]\n", "[defaults]\nweight = 3\n"), "defaults: unknown key"),
        (
            SWAP_PACK.replace('id_prefix = "clarity.team-"', 'phrases = ["x"]'),
            "belong to each entry",
        ),
        (SWAP_PACK.replace('{ id = "herewith", ', "{ "), "each entry needs an id"),
        (
            SWAP_PACK.replace('"Herewith the statement.", ', ""),
            "rule 'clarity.team-herewith': (rule): Value error, examples.bad needs at least 2",
        ),
    ],
)
def test_shorthand_mistakes_name_the_file_and_entry(
    tmp_path: Path, body: str, expected: str
) -> None:
    root = _pack(tmp_path, "team", ("a.toml", body))
    with pytest.raises(RulePackError) as info:
        load_packs(["team"], [root])
    assert expected in str(info.value)
    assert str(root / "team" / "a.toml") in str(info.value)


def test_the_jargon_file_is_swap_tables_with_a_rule_per_entry() -> None:
    path = builtin_rules_dir() / "core" / "clarity-jargon.toml"
    raw = tomllib.loads(path.read_text("utf-8"))
    entries = [entry for table in raw["swap"] for entry in table["entries"]]
    assert len(entries) >= 60 and "rule" not in raw
    from_file = [r for r in load_packs(["core"]).rules if r.source == str(path)]
    assert len(from_file) == len(entries)
    assert len({r.id for r in from_file}) == len(entries)
    assert len(path.read_text("utf-8").splitlines()) < 150


ACME = """
[pack]
name = "acme"
id_prefix = "acme"

[[rule]]
id = "acme.no-shouting"
dimension = "respect"
category = "shouting"
message = "Acme does not write URGENT in messages."
regex = ['\\bURGENT\\b']
regex_case_sensitive = true
examples.bad = ["URGENT: pay now.", "This is URGENT."]
examples.good = ["Please pay when you can."]
"""


def test_a_user_pack_uses_its_declared_id_prefix(tmp_path: Path) -> None:
    root = _pack(tmp_path, "acme", ("acme.toml", ACME))
    ruleset = load_packs(["acme"], [root])
    assert [r.id for r in ruleset.rules] == ["acme.no-shouting"]
    assert ruleset.info["acme"].id_prefix == "acme"
    checker = Checker(Config(packs=["acme"], rule_dirs=[root], jurisdiction_packs=False))
    assert "acme.no-shouting" in [
        f.rule for f in checker.check("URGENT: call us today.").all_findings()
    ]
    assert "acme.no-shouting" not in [
        f.rule for f in checker.check("Call us today.").all_findings()
    ]


def test_an_undeclared_prefix_is_refused_with_the_fix(tmp_path: Path) -> None:
    root = _pack(tmp_path, "acme", ("acme.toml", ACME.replace('id_prefix = "acme"\n', "")))
    with pytest.raises(RulePackError, match=r"acme\.no-shouting.*\[pack\] table \(id_prefix"):
        load_packs(["acme"], [root])
    other_prefix = ACME.replace('id_prefix = "acme"', 'id_prefix = "acme-x"')
    other = _pack(tmp_path / "b", "acme", ("acme.toml", other_prefix))
    with pytest.raises(RulePackError, match=r"or the pack's id_prefix \('acme-x\.'\)"):
        load_packs(["acme"], [other])


def test_pack_tables_are_checked(tmp_path: Path) -> None:
    typo = _pack(tmp_path / "a", "acme", ("acme.toml", ACME.replace("id_prefix", "idprefix")))
    with pytest.raises(RulePackError, match=r"pack\.idprefix"):
        load_packs(["acme"], [typo])
    two = _pack(
        tmp_path / "b",
        "acme",
        ("acme.toml", ACME),
        ("more.toml", '[pack]\nid_prefix = "other"\n'),
    )
    with pytest.raises(RulePackError, match=r"pack\.id_prefix: 'other' disagrees with 'acme'"):
        load_packs(["acme"], [two])


def test_a_pack_declaring_a_jurisdiction_applies_to_it_only(tmp_path: Path) -> None:
    body = ACME.replace('id_prefix = "acme"\n', 'id_prefix = "acme"\njurisdiction = "ie"\n')
    root = _pack(tmp_path, "acme", ("acme.toml", body))
    checker = Checker(Config(packs=["core"], rule_dirs=[root]))
    text = "URGENT: please call us about your account."
    assert "acme" in checker.resources.ruleset.packs
    irish = checker.check(text, context={"jurisdiction": "ie"})
    assert "acme.no-shouting" in [f.rule for f in irish.all_findings()]
    assert "acme" in irish.packs and "us" not in irish.packs
    assert "acme.no-shouting" not in [f.rule for f in checker.check(text).all_findings()]
    us = checker.check(text, context={"jurisdiction": "us"})
    assert "acme.no-shouting" not in [f.rule for f in us.all_findings()] and "us" in us.packs


def test_builtin_jurisdiction_packs_are_declared_as_data() -> None:
    ruleset = load_packs(["core", "us", "uk"])
    assert {name: info.jurisdiction for name, info in ruleset.info.items()} == {
        "core": None,
        "us": "us",
        "uk": "uk",
    }
