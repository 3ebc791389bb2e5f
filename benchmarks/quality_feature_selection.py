"""Quality of mutual-information feature selection: infokit's mi/mrmr/jmi/cmim vs scikit-learn.

On scikit-learn's bundled breast_cancer, wine and digits datasets and a synthetic
``make_classification`` problem with known informative, redundant and noise features::

    python benchmarks/quality_feature_selection.py            # add --quick for a smoke run

For each dataset, 5-fold stratified cross-validation (seeded); inside every training fold each
method ranks the features once (greedy selections are nested, so the first k of one run are
the selection of k), and a fixed classifier (standardisation + logistic regression) is trained
on the first k and scored on the test fold. Methods: ``SelectKBest(mutual_info_classif)``
(scikit-learn, ``random_state=0``) and ``MutualInformationSelector`` with ``strategy`` mi,
mrmr, jmi and cmim with ``method="knn"`` (KSG and Ross, as `mutual_information_scores`), and
mrmr/jmi/cmim with ``method="gaussian_copula"``. On the synthetic data (``shuffle=False``:
columns 0-4 informative, 5-9 redundant linear combinations of them, the rest noise), the
number of informative features recovered among the first 5 and 10 selected, averaged over 3
seeds, on the full data.

Writes ``benchmarks/results/quality_feature_selection.json`` and, when matplotlib is
installed, ``benchmarks/results/quality_feature_selection.png``; prints markdown tables.
"""

# ruff: noqa: N803, N806  (X is the feature matrix, as in scikit-learn)

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_wine, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import mutual_info_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from infokit.feature_selection import MutualInformationSelector

warnings.simplefilter("ignore", ConvergenceWarning)

METHODS = [
    "sklearn SelectKBest(mutual_info_classif)",
    "infokit mi",
    "infokit mrmr (knn)",
    "infokit jmi (knn)",
    "infokit cmim (knn)",
    "infokit mrmr (gaussian_copula)",
    "infokit jmi (gaussian_copula)",
    "infokit cmim (gaussian_copula)",
]
K_GRID = [1, 2, 3, 5, 8, 10, 15, 20, 30]


def _order(method: str, X: np.ndarray, y: np.ndarray, k_max: int) -> tuple[list[int], str]:
    """Feature order of `method` on (X, y), its first `k_max` features; and the estimator."""
    if method.startswith("sklearn"):
        scores = mutual_info_classif(X, y, random_state=0)
        return [int(j) for j in np.argsort(-scores, kind="stable")[:k_max]], "ross (sklearn)"
    parts = method.split()
    strategy = parts[1]
    estimator = "gaussian_copula" if "gaussian_copula" in method else "knn"
    selector = MutualInformationSelector(k_max, strategy=strategy, method=estimator)  # type: ignore[arg-type]
    selector.fit(X, y)
    return selector.selected_features_.tolist(), selector.method_


def _classifier() -> Any:
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))


def accuracy_curves(
    X: np.ndarray, y: np.ndarray, methods: list[str], n_splits: int
) -> dict[str, Any]:
    """Cross-validated accuracy against k for every method, selection inside each fold."""
    ks = [k for k in K_GRID if k <= X.shape[1]]
    k_max = ks[-1]
    folds = list(StratifiedKFold(n_splits, shuffle=True, random_state=0).split(X, y))
    results: dict[str, Any] = {}
    for method in methods:
        scores = np.zeros((len(folds), len(ks)))
        used: set[str] = set()
        start = time.perf_counter()
        for f, (train, test) in enumerate(folds):
            order, estimator = _order(method, X[train], y[train], k_max)
            used.add(estimator)
            for i, k in enumerate(ks):
                model = _classifier().fit(X[train][:, order[:k]], y[train])
                scores[f, i] = model.score(X[test][:, order[:k]], y[test])
        results[method] = {
            "k": ks,
            "accuracy_mean": scores.mean(axis=0).tolist(),
            "accuracy_std": scores.std(axis=0).tolist(),
            "estimator": sorted(used),
            "seconds": time.perf_counter() - start,
        }
    return results


def recovery(methods: list[str], seeds: list[int], n_samples: int) -> dict[str, Any]:
    """Informative features recovered on make_classification (5 informative, 5 redundant)."""
    results: dict[str, Any] = {}
    for method in methods:
        counts = {"informative_in_5": [], "informative_in_10": [], "relevant_in_10": []}
        for seed in seeds:
            X, y = make_classification(
                n_samples=n_samples, n_features=50, n_informative=5, n_redundant=5,
                n_repeated=0, shuffle=False, random_state=seed,
            )  # fmt: skip
            order, _ = _order(method, X, y, 10)
            counts["informative_in_5"].append(sum(j < 5 for j in order[:5]))
            counts["informative_in_10"].append(sum(j < 5 for j in order[:10]))
            counts["relevant_in_10"].append(sum(j < 10 for j in order[:10]))
        results[method] = {name: float(np.mean(values)) for name, values in counts.items()}
    return results


def _table(name: str, curves: dict[str, Any]) -> str:
    ks = next(iter(curves.values()))["k"]
    lines = [f"### {name}", "", "| method | " + " | ".join(f"k={k}" for k in ks) + " |"]
    lines.append("|---|" + "---|" * len(ks))
    for method, result in curves.items():
        cells = " | ".join(f"{a:.3f}" for a in result["accuracy_mean"])
        lines.append(f"| {method} | {cells} |")
    return "\n".join(lines)


def _recovery_table(recovered: dict[str, Any]) -> str:
    lines = [
        "### make_classification: informative features recovered (mean of 3 seeds)",
        "",
        "| method | informative in first 5 (of 5) | informative in first 10 (of 5) | "
        "informative or redundant in first 10 (of 10) |",
        "|---|---|---|---|",
    ]
    for method, counts in recovered.items():
        lines.append(
            f"| {method} | {counts['informative_in_5']:.2f} | "
            f"{counts['informative_in_10']:.2f} | {counts['relevant_in_10']:.2f} |"
        )
    return "\n".join(lines)


def markdown(report: dict[str, Any]) -> str:
    """Render the tables of a report (as written to the JSON file) in markdown."""
    parts = [
        "Cross-validated accuracy (5-fold stratified, selection inside each training fold; "
        f"classifier: {report['classifier']}) against the number of selected features.",
    ]
    for name, curves in report["accuracy"].items():
        parts.append(_table(name, curves))
    parts.append(_recovery_table(report["recovery"]))
    return "\n\n".join(parts) + "\n"


def _plot(all_curves: dict[str, dict[str, Any]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return False
    figure, axes = plt.subplots(1, len(all_curves), figsize=(5 * len(all_curves), 4))
    for ax, (name, curves) in zip(np.atleast_1d(axes), all_curves.items(), strict=True):
        for method, result in curves.items():
            style = "--" if "copula" in method else ("-." if "sklearn" in method else "-")
            ax.plot(result["k"], result["accuracy_mean"], style, marker="o", ms=3, label=method)
        ax.set_title(name)
        ax.set_xlabel("number of selected features")
        ax.set_ylabel("5-fold CV accuracy")
        ax.set_xscale("log")
    np.atleast_1d(axes)[0].legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    return True


def main() -> None:
    """Run the experiment, print the tables, write JSON and the plot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="wine and synthetic only")
    args = parser.parse_args()
    synthetic_X, synthetic_y = make_classification(
        n_samples=1000, n_features=50, n_informative=5, n_redundant=5, n_repeated=0,
        shuffle=False, random_state=0,
    )  # fmt: skip
    datasets: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "breast_cancer": load_breast_cancer(return_X_y=True),
        "wine": load_wine(return_X_y=True),
        "digits": load_digits(return_X_y=True),
        "make_classification": (synthetic_X, synthetic_y),
    }
    if args.quick:
        datasets = {name: datasets[name] for name in ("wine", "make_classification")}
    all_curves = {}
    for name, (X, y) in datasets.items():
        start = time.perf_counter()
        all_curves[name] = accuracy_curves(np.asarray(X, dtype=float), y, METHODS, 5)
        print(_table(f"{name} ({X.shape[0]} x {X.shape[1]})", all_curves[name]))
        print(f"({time.perf_counter() - start:.1f} s)\n")
    recovered = recovery(METHODS, [0, 1, 2] if not args.quick else [0], 1000)
    print(_recovery_table(recovered))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    report = {
        "accuracy": all_curves,
        "recovery": recovered,
        "classifier": "StandardScaler + LogisticRegression(max_iter=5000)",
        "cv": "StratifiedKFold(5, shuffle=True, random_state=0)",
    }
    (out / "quality_feature_selection.json").write_text(json.dumps(report, indent=2))
    (out / "quality_feature_selection.md").write_text(markdown(report))
    if _plot(all_curves, out / "quality_feature_selection.png"):
        print(f"wrote {out / 'quality_feature_selection.png'}")
    print(f"wrote {out / 'quality_feature_selection.json'}")


if __name__ == "__main__":
    main()
