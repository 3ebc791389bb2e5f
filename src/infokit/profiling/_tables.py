"""Count tables and samples turned into estimates: the client side of a profile."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from infokit.errors import InvalidParameterError
from infokit.estimators import estimate_entropy, estimate_mutual_information, independence_test
from infokit.profiling._engines import FloatArray, is_null

__all__ = [
    "codes",
    "edges_of",
    "permutation_p_value",
    "present",
    "sample_estimates",
    "split_table",
]

PERMUTATION_LIMIT = 10_000_000


def split_table(
    labels: list[tuple[Any, ...]], counts: FloatArray, *, paired: bool
) -> tuple[FloatArray, FloatArray, int]:
    """Marginal counts of the first key, the joint table with the second, and its missing count."""
    marginal: dict[Any, float] = {}
    rows: dict[Any, int] = {}
    cols: dict[Any, int] = {}
    cells: list[tuple[int, int, float]] = []
    missing = 0
    for label, count in zip(labels, counts.tolist(), strict=True):
        x = label[0]
        if x is None:
            missing += int(count)
            continue
        marginal[x] = marginal.get(x, 0.0) + count
        if paired and label[1] is not None:
            i = rows.setdefault(x, len(rows))
            j = cols.setdefault(label[1], len(cols))
            cells.append((i, j, count))
    table = np.zeros((len(rows), len(cols)), dtype=np.float64)
    for i, j, count in cells:
        table[i, j] += count
    return np.array(sorted(marginal.values()), dtype=np.float64), table, missing


def present(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    if values.dtype.kind == "f":
        return np.asarray(~np.isnan(values), dtype=bool)
    if values.dtype.kind in "iub":
        return np.ones(values.shape, dtype=bool)
    return np.array([not is_null(v) for v in values.tolist()], dtype=bool)


def codes(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Integer codes of labels of any type (sorted by their text, so engines agree)."""
    if values.dtype.kind in "iub":
        return values.astype(np.int64)
    text = np.array([str(v) for v in values.tolist()])
    inverse = np.unique(text, return_inverse=True)[1]
    return np.asarray(inverse, dtype=np.int64)


def sample_estimates(
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any] | None,
    *,
    x_discrete: bool,
    y_discrete: bool,
    base: float,
    test: str,
    n_permutations: int,
    seed: int,
) -> dict[str, Any]:
    """Entropy of a continuous column, and MI with the target, from the pulled sample."""
    out: dict[str, Any] = {}
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keep = present(x)
        if not x_discrete and np.unique(x[keep]).size < 2:
            # a constant: no differential entropy (-inf), and no information about anything
            notes.append("constant column: its differential entropy is -inf; I(X; Y) = 0.")
            out.update(entropy=None, entropy_std_error=None, entropy_method=None)
            if y is not None:
                out.update(
                    mutual_information=0.0,
                    mutual_information_std_error=0.0,
                    mutual_information_method="constant",
                    n_pairs=int((keep & present(y)).sum()),
                )
            out["notes"] = tuple(notes)
            return out
        if not x_discrete:
            # sorted: engines return rows in any order, and resampled error bars see the order
            values = np.sort(x[keep].astype(np.float64))
            h = estimate_entropy(values, discrete=False, base=base, rng=seed)
            out.update(entropy=h.value, entropy_std_error=h.std_error, entropy_method=h.method)
        if y is not None:
            both = keep & present(y)
            xs = x[both].astype(np.float64) if not x_discrete else codes(x[both])
            ys = y[both].astype(np.float64) if not y_discrete else codes(y[both])
            order = np.lexsort((ys, xs))
            xs, ys = xs[order], ys[order]
            flags = (x_discrete, y_discrete)
            mi = estimate_mutual_information(xs, ys, discrete=flags, base=base, rng=seed)
            out.update(
                mutual_information=mi.value,
                mutual_information_std_error=mi.std_error,
                mutual_information_method=mi.method,
                n_pairs=int(both.sum()),
            )
            if test == "permutation":
                result = independence_test(
                    xs, ys, discrete=flags, n_permutations=n_permutations, rng=seed, base=base
                )
                out.update(p_value=result.p_value, test="permutation")
        notes.extend(str(w.message) for w in caught)
    out["notes"] = tuple(notes)
    return out


def permutation_p_value(table: FloatArray, *, n_permutations: int, seed: int) -> float:
    n = int(table.sum())
    if n > PERMUTATION_LIMIT:
        msg = (
            f"`test='permutation'` on {n} rows would expand the count table to every row; "
            "use `test='g_test'` (exact counts, asymptotic law) for data this large."
        )
        raise InvalidParameterError(msg)
    i, j = np.nonzero(table)
    repeats = table[i, j].astype(np.int64)
    x, y = np.repeat(i, repeats), np.repeat(j, repeats)
    return independence_test(x, y, n_permutations=n_permutations, rng=seed).p_value


def edges_of(values: np.ndarray[Any, Any], n_bins: int) -> FloatArray:
    finite = values[present(values)].astype(np.float64)
    if finite.size == 0:
        return np.zeros(0)
    quantiles = np.quantile(finite, np.linspace(0, 1, n_bins + 1)[1:-1])
    return np.unique(quantiles)
