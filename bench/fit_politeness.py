"""Fit the politeness weights on the Stanford Politeness Corpus; write rules/models/politeness.toml.

Training data, and only this: Wikipedia requests whose numeric id is *not* divisible by 5, in the
top or bottom quartile of people's ratings (``labels.binary`` = +1 / -1). Wikipedia ids divisible
by 5 and every Stack Exchange request are the held-out test (``bench/evaluate_politeness.py``);
this script never reads their labels. The regularisation strength is chosen by stratified 5-fold
cross-validation inside the training records, with a fixed seed, so a rerun writes the same file.

Features are the runtime's own (`tonecheck.evidence.politeness.strategies` on the checker's Doc,
with their values: 1 for a present strategy, log(1 + occurrences) for a counted one), so what is
fitted is exactly what is read at check time. scikit-learn is a dev-only dependency.

Usage:
    python bench/fit_politeness.py            # fit and write the model
    python bench/fit_politeness.py --dry-run  # cross-validate and print, write nothing
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rules" / "models" / "politeness.toml"
CORPUS = "stanford_politeness.jsonl"
SEED = 0
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5


def corpus_file() -> Path | None:
    env = os.environ.get("TONECHECK_SHARED_DATA")
    bases = (
        [Path(env).expanduser()]
        if env
        else [ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data"]
    )
    for base in bases:
        for candidate in (base / "external" / CORPUS, base / CORPUS):
            if candidate.is_file():
                return candidate
    return None


def numeric_id(record: dict[str, Any]) -> int:
    return int(str(record["id"]).rsplit("-", 1)[-1])


def is_training(record: dict[str, Any]) -> bool:
    """The only records this script may learn from."""
    return record.get("domain") == "wikipedia" and numeric_id(record) % 5 != 0


def training_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if is_training(r) and r["labels"]["binary"] in (1, -1)]


def feature_names(evidence: Any) -> list[str]:
    from tonecheck.evidence.politeness import COMPUTED, PREFIX

    cues = [c.name[len(PREFIX) + 1 :] for c in evidence.lexicon.family(PREFIX)]
    return [*cues, *COMPUTED]


def features(nlp: Any, evidence: Any, texts: list[str], names: list[str]) -> Any:
    import numpy as np

    from tonecheck.evidence.politeness import strategies

    column = {name: j for j, name in enumerate(names)}
    matrix = np.zeros((len(texts), len(names)))
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        for name, strategy in strategies(evidence.view(doc), evidence.counted).items():
            matrix[i, column[name]] = strategy.value
    return matrix


def fit(matrix: Any, labels: Any) -> tuple[Any, float, dict[float, float]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    scores = {}
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=2000, random_state=SEED)
        scores[c] = float(
            cross_val_score(model, matrix, labels, cv=folds, scoring="roc_auc").mean()
        )
    best = max(C_GRID, key=lambda c: (round(scores[c], 4), -c))
    model = LogisticRegression(C=best, max_iter=2000, random_state=SEED).fit(matrix, labels)
    return model, best, scores


def render(model: Any, names: list[str], best: float, cv_auc: float, rows: int) -> str:
    import sklearn

    weights = "\n".join(
        f'"{name}" = {float(w):.4f}' for name, w in zip(names, model.coef_[0], strict=True)
    )
    return f'''description = """
Weights of the politeness strategies (rules/evidence/politeness.toml and the computed features of
src/tonecheck/evidence/politeness.py), fitted by bench/fit_politeness.py on the Stanford Politeness
Corpus (Danescu-Niculescu-Mizil et al. 2013; CC BY 4.0): Wikipedia requests whose id is not
divisible by 5, top vs bottom quartile. Generated; do not edit by hand, run the script again.
"""
intercept = {float(model.intercept_[0]):.4f}

[fit]
records = {rows}
folds = {FOLDS}
seed = {SEED}
C = {best}
cv_auc = {cv_auc:.4f}
sklearn = "{sklearn.__version__}"

[weights]
{weights}
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    path = corpus_file()
    if path is None:
        print("Stanford Politeness Corpus not found; set TONECHECK_SHARED_DATA", file=sys.stderr)
        return 0
    import numpy as np

    from tonecheck.evidence import Evidence
    from tonecheck.evidence.politeness import PolitenessModel
    from tonecheck.text.nlp import build_pipeline

    nlp, _ = build_pipeline()
    evidence = Evidence(model=PolitenessModel(intercept=0.0, weights={}))
    records = training_records(path)
    names = feature_names(evidence)
    matrix = features(nlp, evidence, [r["text"] for r in records], names)
    labels = np.array([1 if r["labels"]["binary"] == 1 else 0 for r in records])
    model, best, scores = fit(matrix, labels)
    for c, s in scores.items():
        print(f"C={c:<5} cross-validated AUC {s:.4f}{'  <- chosen' if c == best else ''}")
    order = np.argsort(-np.abs(model.coef_[0]))
    for j in order:
        print(
            f"  {names[j]:<28} {model.coef_[0][j]:+.3f}  (present in {int((matrix[:, j] > 0).sum())})"
        )
    if not args.dry_run:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(render(model, names, best, scores[best], len(records)), encoding="utf-8")
        print(f"{len(records)} training records -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
