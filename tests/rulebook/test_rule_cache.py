"""The start-up caches (parsed rule packs, hyphenation patterns, compiled regexes) change how fast
a Checker starts, never what it finds: a stale, corrupt or unwritable cache is ignored, and a
broken rule file is reported exactly as without a cache."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyphen
import pytest

from tonecheck.rulebook import RulePackError, RuleSet, load_packs
from tonecheck.rulebook import loader as loader_module
from tonecheck.rulebook.regex_guard import UnsafeRegexError, check_regex, compile_guarded
from tonecheck.text.syllables import _hyphenation

RULE = """
[[rule]]
id = "respect.team-word"
dimension = "respect"
category = "condescension"
message = "{message}"
lemmas = ["frankly"]
examples.bad = ["Frankly, you should pay.", "frankly this is late"]
examples.good = ["Please pay by Friday."]
"""


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty cache folder of its own, never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(folder))
    return folder


def _pack(root: Path, body: str, name: str = "team") -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.toml").write_text(body, encoding="utf-8")
    return folder


def _load(root: Path, name: str = "team") -> RuleSet:
    return load_packs([name], [root])


def _no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading TOML fail, to prove a load was served from the cache."""

    def refuse(_: str) -> dict[str, Any]:
        raise AssertionError("TOML was parsed although the cache was fresh")

    monkeypatch.setattr(loader_module.tomllib, "loads", refuse)


def _dump(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "rules": [r.model_dump() for r in ruleset.rules],
        "requirements": [r.model_dump() for r in ruleset.requirements],
        "stage_cues": [c.model_dump() for c in ruleset.stage_cues],
        "sentiment": ruleset.sentiment,
        "neutral_phrases": ruleset.neutral_phrases,
        "packs": ruleset.packs,
    }


def test_builtin_packs_load_the_same_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_packs(["core", "us", "uk"])
    assert sorted(p.name.split("-")[2] for p in cache.glob("rules-*.json")) == ["core", "uk", "us"]
    _no_toml(monkeypatch)
    cached = load_packs(["core", "us", "uk"])
    assert _dump(cached) == _dump(fresh)
    assert [r.source for r in cached.rules] == [r.source for r in fresh.rules]


def test_editing_a_rule_file_gives_the_new_rule(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    folder = _pack(root, RULE.format(message="Our team avoids this word."))
    assert _load(root).rules[0].message == "Our team avoids this word."
    _pack(root, RULE.format(message="Our team never uses this word."))
    assert _load(root).rules[0].message == "Our team never uses this word."
    # same size, only the modification time tells the edit apart
    path = folder / "rules.toml"
    before = path.stat()
    path.write_text(RULE.format(message="Our team never says this word."), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert path.stat().st_size == before.st_size
    assert _load(root).rules[0].message == "Our team never says this word."


def test_adding_a_file_to_a_cached_pack_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    folder = _pack(root, RULE.format(message="Our team avoids this word."))
    _load(root)
    second = RULE.replace("respect.team-word", "respect.team-other").replace("frankly", "honestly")
    (folder / "more.toml").write_text(second.format(message="Another word."), encoding="utf-8")
    assert sorted(r.id for r in _load(root).rules) == ["respect.team-other", "respect.team-word"]


def test_a_pack_of_the_same_name_elsewhere_is_not_served_from_the_cache(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _pack(one, RULE.format(message="Message of pack one."))
    _pack(two, RULE.format(message="Message of pack two."))
    assert _load(one).rules[0].message == "Message of pack one."
    assert _load(two).rules[0].message == "Message of pack two."
    assert _load(one).rules[0].message == "Message of pack one."


def test_two_copies_of_a_pack_keep_their_own_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _pack(one, RULE.format(message="Message of pack one."))
    _pack(two, RULE.format(message="Message of pack two."))
    _load(one)
    _load(two)
    _no_toml(monkeypatch)  # neither load replaced the other's cache
    assert _load(one).rules[0].message == "Message of pack one."
    assert _load(two).rules[0].message == "Message of pack two."


def test_caches_of_throwaway_folders_are_pruned(tmp_path: Path, cache: Path) -> None:
    keep = loader_module._CACHE_KEEP
    for i in range(keep + 5):
        root = tmp_path / f"run{i}"
        _pack(root, RULE.format(message=f"Message number {i}."))
        _load(root)
    assert len(list(cache.glob("rules-*.json"))) == keep
    newest = tmp_path / f"run{keep + 4}"
    assert loader_module._cache_file(newest / "team").exists()


@pytest.mark.parametrize(
    "garbage",
    ["", "{not json", "[]", '{"stamp": 1}', None],
    ids=["empty", "truncated", "wrong-type", "no-data", "wrong-data"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, garbage: str | None
) -> None:
    root = tmp_path / "packs"
    _pack(root, RULE.format(message="Our team avoids this word."))
    _load(root)
    (cache_file,) = cache.glob("rules-*.json")
    if garbage is None:  # a valid file with the right stamp but data of the wrong shape
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        stored["data"] = ["not a table"]
        garbage = json.dumps(stored)
    cache_file.write_text(garbage, encoding="utf-8")
    assert _load(root).rules[0].message == "Our team avoids this word."
    _no_toml(monkeypatch)  # the rebuilt cache serves the next load
    assert _load(root).rules[0].message == "Our team avoids this word."


def test_a_tampered_cache_is_validated_like_a_rule_file(tmp_path: Path, cache: Path) -> None:
    root = tmp_path / "packs"
    _pack(root, RULE.format(message="Our team avoids this word."))
    _load(root)
    (cache_file,) = cache.glob("rules-*.json")
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    stored["data"][0]["rule"][0]["regex"] = ["(a+)+$"]
    cache_file.write_text(json.dumps(stored), encoding="utf-8")
    with pytest.raises(RulePackError, match=r"rule 'respect.team-word': regex: .*\(a\+\)\+"):
        _load(root)


def test_an_unwritable_cache_folder_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(blocker / "cache"))
    root = tmp_path / "packs"
    _pack(root, RULE.format(message="Our team avoids this word."))
    assert _load(root).rules[0].message == "Our team avoids this word."
    assert _load(root).rules[0].message == "Our team avoids this word."
    assert blocker.read_text(encoding="utf-8") == ""


BROKEN = RULE.format(message="Our team avoids this word.").replace(
    'category = "condescension"', 'category = "rudeness"'
)


def test_a_broken_rule_file_gives_the_same_error_and_is_never_cached(
    tmp_path: Path, cache: Path
) -> None:
    root = tmp_path / "packs"
    folder = _pack(root, BROKEN)
    expected = (
        f"{folder / 'rules.toml'}: rule 'respect.team-word': category: Value error, "
        "unknown category 'rudeness'; allowed: see docs/categories.md"
    )
    for _ in range(2):
        with pytest.raises(RulePackError) as info:
            _load(root)
        assert str(info.value) == expected
    assert not list(cache.glob("rules-*"))


def test_breaking_a_cached_rule_file_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    _pack(root, RULE.format(message="Our team avoids this word."))
    _load(root)
    _pack(root, BROKEN)
    with pytest.raises(RulePackError, match="unknown category 'rudeness'"):
        _load(root)
    _pack(root, "[[rule]]\nid = 'x")
    with pytest.raises(RulePackError, match="invalid TOML"):
        _load(root)


def test_a_file_after_a_broken_one_is_not_read_first(tmp_path: Path) -> None:
    """Errors come in file order, as they did before the cache: the first broken file wins."""
    root = tmp_path / "packs"
    folder = _pack(root, BROKEN)
    (folder / "z-more.toml").write_text("[[rule]]\nid = 'x", encoding="utf-8")
    with pytest.raises(RulePackError, match="unknown category"):
        _load(root)


# -- regular expressions ------------------------------------------------------------------------


def test_a_refused_regex_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(UnsafeRegexError, match="backtrack"):
            check_regex("(a+)+$")
        with pytest.raises(UnsafeRegexError, match="does not compile"):
            check_regex("(unclosed", True)


def test_case_sensitivity_is_kept_apart_in_the_compile_cache() -> None:
    assert compile_guarded(r"\bCCJ\b", True).search("a ccj") is None
    assert compile_guarded(r"\bCCJ\b", False).search("a ccj") is not None
    assert compile_guarded(r"\bCCJ\b", True).search("a CCJ") is not None


def test_a_case_sensitive_rule_regex_runs_case_sensitively(tmp_path: Path) -> None:
    body = RULE.format(message="Our team avoids this word.").replace(
        'lemmas = ["frankly"]', 'regex = ["\\\\bFRANKLY\\\\b"]\nregex_case_sensitive = true'
    )
    root = tmp_path / "packs"
    _pack(root, body)
    rule = _load(root).rules[0]
    compiled = compile_guarded(rule.regex[0], rule.regex_case_sensitive)
    assert compiled.search("FRANKLY, pay") is not None
    assert compiled.search("frankly, pay") is None


# -- hyphenation patterns -------------------------------------------------------------------------


def _english() -> Any:
    return pyphen.LANGUAGES[pyphen.language_fallback("en_US")]


WORDS = ["accountexamplecom", "acmelendingexamplepay", "moneyhelper", "stepchange", "f988662"]


def test_cached_hyphenation_is_pyphens_own(cache: Path) -> None:
    path = _english()
    reference = pyphen.HyphDict(path)
    built = _hyphenation(pyphen, path)
    assert list(cache.glob("hyphenation-*.json")), "the patterns should be cached"
    cached = _hyphenation(pyphen, path)
    assert cached is not built  # the second one came from the cache
    assert cached.patterns == reference.patterns
    assert cached.maxlen == reference.maxlen
    assert [cached.positions(w) for w in WORDS] == [reference.positions(w) for w in WORDS]


def test_corrupt_hyphenation_cache_is_ignored(cache: Path) -> None:
    path = _english()
    _hyphenation(pyphen, path)
    (cache_file,) = cache.glob("hyphenation-*.json")
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    stored["patterns"][".ach"] = [2, ["not", "digits"]]
    for garbage in ("{truncated", json.dumps(stored)):
        cache_file.write_text(garbage, encoding="utf-8")
        hyph_dict = _hyphenation(pyphen, path)
        assert hyph_dict.patterns == pyphen.HyphDict(path).patterns
