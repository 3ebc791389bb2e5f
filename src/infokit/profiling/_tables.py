"""Count tables and samples turned into estimates: the client side of a profile."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from infokit.errors import InfokitError
from infokit.estimators import estimate_entropy, estimate_mutual_information, independence_test
from infokit.profiling._engines import FloatArray, is_null

__all__ = [
    "codes",
    "edges_of",
    "permutation_p_value",
    "present",
    "sample_estimates",
]

CHANCE_ROWS = 20  # fewer rows per category than this: measure the Ross estimate's chance level
CHANCE_SHUFFLES = 5  # shuffles of the labels behind that chance level
PERMUTATION_ROWS = 200_000  # above this, the count-table permutation test samples rows
STOP_AFTER = 10  # Besag-Clifford: stop shuffling once this many reach the observed value


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
            try:
                h = estimate_entropy(values, discrete=False, base=base, rng=seed)
            except InfokitError as error:  # e.g. too few values for any estimator
                notes.append(f"no differential entropy: {error}")
                out.update(entropy=None, entropy_std_error=None, entropy_method=None)
            else:
                out.update(entropy=h.value, entropy_std_error=h.std_error, entropy_method=h.method)
        if y is not None:
            both = keep & present(y)
            xs = x[both].astype(np.float64) if not x_discrete else codes(x[both])
            ys = y[both].astype(np.float64) if not y_discrete else codes(y[both])
            order = np.lexsort((ys, xs))
            xs, ys = xs[order], ys[order]
            flags = (x_discrete, y_discrete)
            try:
                mi = estimate_mutual_information(xs, ys, discrete=flags, base=base, rng=seed)
            except InfokitError as error:
                notes.append(f"no mutual information estimate: {error}")
                notes.extend(str(w.message) for w in caught)
                out["notes"] = tuple(notes)
                return out
            out.update(
                mutual_information=mi.value,
                mutual_information_std_error=mi.std_error,
                mutual_information_method=mi.method,
                n_pairs=int(both.sum()),
            )
            labels = xs if x_discrete and not y_discrete else ys
            if x_discrete != y_discrete and np.unique(labels).size * CHANCE_ROWS > labels.size:
                # few rows per category: the Ross estimate has a positive bias under
                # independence; its mean over shuffles of the labels is the chance level
                shuffler = np.random.default_rng(seed)
                null = []
                for _ in range(CHANCE_SHUFFLES):
                    shuffled = shuffler.permutation(labels)
                    pair = (shuffled, ys) if x_discrete else (xs, shuffled)
                    null.append(
                        estimate_mutual_information(
                            *pair, discrete=flags, base=base, rng=seed, uncertainty="none"
                        ).value
                    )
                out["expected_mutual_information"] = float(np.mean(null))
            if test == "permutation":
                result = independence_test(
                    xs, ys, discrete=flags, n_permutations=n_permutations, rng=seed, base=base
                )
                out.update(p_value=result.p_value, test="permutation")
        notes.extend(str(w.message) for w in caught)
    out["notes"] = tuple(notes)
    return out


def _sum_c_log_c(keys: np.ndarray[Any, Any], size: int) -> float:
    """Sum of c log c over the counts c of the distinct values of `keys` (in 0 .. size-1)."""
    if size <= max(4 * keys.size, 1 << 22):
        counts = np.bincount(keys, minlength=size)
        counts = counts[counts > 1]
    else:  # a sparse product space: count by sorting instead of a huge bincount
        ordered = np.sort(keys)
        bounds = np.flatnonzero(np.diff(ordered)) + 1
        counts = np.diff(np.concatenate(([0], bounds, [ordered.size])))
        counts = counts[counts > 1]
    c = counts.astype(np.float64)
    return float(np.dot(c, np.log(c)))


def permutation_p_value(
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    counts: FloatArray,
    *,
    n_permutations: int,
    seed: int,
    max_rows: int = PERMUTATION_ROWS,
    stop_after: int = STOP_AFTER,
) -> tuple[float, int, int]:
    r"""Permutation test of independence on the observed cells of a count table.

    The rows behind the cells are relabelled (``x`` repeated by the counts), the ``y``
    labels shuffled and recounted: one ``bincount`` per permutation. The statistic is the
    plug-in mutual information, which with both margins fixed is :math:`\sum c \log c` of
    the joint counts. Sequential stopping (Besag & Clifford 1991): the shuffles stop once
    `stop_after` of them reach the observed value, and the p-value is then their fraction
    :math:`h / \ell`; otherwise :math:`(1 + h) / (1 + B)` after all `n_permutations`. Both
    are valid p-values. Above `max_rows` rows the test runs on a seeded uniform sample of
    `max_rows` of them (drawn from the cells without replacement), which stays a valid test
    of independence (with less power).

    Returns
    -------
    (float, int, int)
        The p-value, the number of shuffles run and the number of rows tested.
    """
    rng = np.random.default_rng(seed)
    whole = np.asarray(counts, dtype=np.int64)
    n = int(whole.sum())
    if n > max_rows:
        whole = rng.multivariate_hypergeometric(whole, max_rows, method="marginals")
    x = np.asarray(x, dtype=np.int64)
    y = np.asarray(y, dtype=np.int64)
    rows_x = np.repeat(x, whole)
    rows_y = np.repeat(y, whole)
    tested = int(rows_x.size)
    size_y = int(rows_y.max()) + 1 if tested else 1
    size = (int(rows_x.max()) + 1 if tested else 1) * size_y
    base_keys = rows_x * size_y
    observed = _sum_c_log_c(base_keys + rows_y, size)
    tolerance = 1e-9 * max(abs(observed), 1.0)
    reached = 0
    for done in range(1, n_permutations + 1):
        if _sum_c_log_c(base_keys + rng.permutation(rows_y), size) >= observed - tolerance:
            reached += 1
            if reached >= stop_after:
                return reached / done, done, tested
    return (1 + reached) / (1 + n_permutations), n_permutations, tested


def edges_of(values: np.ndarray[Any, Any], n_bins: int) -> FloatArray:
    finite = values[present(values)].astype(np.float64)
    if finite.size == 0:
        return np.zeros(0)
    quantiles = np.quantile(finite, np.linspace(0, 1, n_bins + 1)[1:-1])
    return np.unique(quantiles)
