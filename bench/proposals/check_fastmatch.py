"""Check the proposed TokenMatcher against spaCy's Matcher (same matches) and time both.

python bench/proposals/check_fastmatch.py [N messages]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import LENGTH_SWEEP, messages, text_of_length
from bench.proposals.fastmatch import TokenMatcher


def main() -> int:
    from spacy.matcher import Matcher

    from tonecheck.engine.checker import Checker
    from tonecheck.rulebook.compiler import _normalise_pattern

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    checker = Checker()
    nlp = checker.resources.nlp
    rules = [r for r in checker.resources.ruleset.rules if r.patterns]
    spacy_matcher = Matcher(nlp.vocab)
    fast = TokenMatcher(nlp.vocab)
    for rule in rules:
        patterns = [_normalise_pattern(p) for p in rule.patterns]
        spacy_matcher.add(rule.id, patterns)
        fast.add(rule.id, patterns)
    texts = [m["text"] for m in messages(n, seed=31)]
    texts += [text_of_length(k, seed=5) for k in LENGTH_SWEEP[:7]]
    for rule in checker.resources.ruleset.rules:
        texts += [e.text for e in [*rule.examples.bad, *rule.examples.good]]
    docs = [nlp(t) for t in texts]
    bad = 0
    for doc in docs:
        a = set(spacy_matcher(doc))
        b = set(fast(doc))
        if a != b:
            bad += 1
            if bad <= 5:
                strings = nlp.vocab.strings
                print("MISMATCH:", doc.text[:120].replace("\n", " "))
                print("  spaCy only:", [(strings[k], doc[s:e].text[:60]) for k, s, e in a - b][:5])
                print("  fast only: ", [(strings[k], doc[s:e].text[:60]) for k, s, e in b - a][:5])
    print(
        f"{len(docs)} docs, {bad} with different matches; {len(rules)} rules, "
        f"{sum(len(r.patterns) for r in rules)} patterns ({len(fast.fallback)} rules on spaCy's Matcher)"
    )
    sample = docs[:300]
    matchers: list[tuple[str, Any]] = [("spaCy Matcher", spacy_matcher), ("TokenMatcher", fast)]
    try:
        from tonecheck.rulebook.gated import GatedMatcher

        gated = GatedMatcher(nlp.vocab)
        for rule in rules:
            gated.add(rule.id, [_normalise_pattern(p) for p in rule.patterns])
        matchers.append(("GatedMatcher (compiler's)", gated))
    except ImportError:
        pass
    for _ in range(2):
        for name, matcher in matchers:
            start = time.perf_counter()
            for doc in sample:
                matcher(doc)
            print(
                f"{name}: {(time.perf_counter() - start) / len(sample) * 1e6:,.0f} µs per message"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
