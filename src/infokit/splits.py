"""Information gain of decision-tree splits: the entropy reduction a partition of the samples buys.

A split sends each sample to a group (a branch); its information gain is how much the
entropy of the labels drops, on average over the groups, which is the plug-in mutual
information between the labels and the group. Decision trees (ID3, C4.5, CART with
``criterion="entropy"``) choose the split with the largest gain.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

import numpy as np

from infokit._validation import check_choice
from infokit.errors import InvalidParameterError, ShapeError
from infokit.results import unit_name
from infokit.units import resolve_base

__all__ = ["Split", "best_split", "gain_ratio", "information_gain"]

_Float = np.ndarray[Any, np.dtype[np.float64]]
_Int = np.ndarray[Any, np.dtype[np.intp]]

# Exhaustive search over binary partitions of a categorical feature up to this many
# categories (2^(k-1) - 1 partitions); above it, and for more than two classes, categories
# are ordered by their share of the majority class and only contiguous cuts are tried.
_EXHAUSTIVE_CATEGORIES = 12


@dataclass(frozen=True, slots=True)
class Split:
    """The best split of one feature.

    Attributes
    ----------
    gain : float
        Information gain of the split, in units of `base`.
    gain_ratio : float
        `gain` divided by the entropy of the split itself (Quinlan's C4.5 criterion).
    threshold : float or None
        Numeric feature: samples with ``x <= threshold`` go left. ``None`` for categorical.
    partition : tuple of two tuples, or None
        Categorical feature: the categories that go left and those that go right.
    weight_left, weight_right : float
        Number of samples (or total sample weight) on each side.
    base : float
        Logarithm base of `gain`.
    """

    gain: float
    gain_ratio: float
    threshold: float | None
    partition: tuple[tuple[Hashable, ...], tuple[Hashable, ...]] | None
    weight_left: float
    weight_right: float
    base: float = math.e

    def __repr__(self) -> str:
        rule = (
            f"x <= {self.threshold:.6g}"
            if self.threshold is not None
            else f"x in {set(self.partition[0]) if self.partition else set()}"
        )
        return f"Split({rule}: gain {self.gain:.4f} {unit_name(self.base)})"


def _labels(values: object, *, name: str) -> tuple[_Int, np.ndarray[Any, Any]]:
    """Factorise labels of any hashable type into integer codes and their categories."""
    array = np.asarray(values)
    if array.ndim != 1:
        msg = f"`{name}` must be one-dimensional; got shape {array.shape}."
        raise ShapeError(msg)
    if array.size == 0:
        msg = f"`{name}` must hold at least one sample; got none."
        raise ShapeError(msg)
    if array.dtype.kind == "f" and np.isnan(array).any():
        msg = f"`{name}` has NaN labels; drop those samples or give missing values a label."
        raise InvalidParameterError(msg)
    if array.dtype.kind == "O" and any(v is None for v in array):
        msg = f"`{name}` has None labels; drop those samples or give missing values a label."
        raise InvalidParameterError(msg)
    try:
        categories, codes = np.unique(array, return_inverse=True)
    except TypeError as error:
        msg = f"`{name}` mixes label types that cannot be ordered (e.g. numbers and strings)."
        raise InvalidParameterError(msg) from error
    return codes.reshape(-1).astype(np.intp), categories


def _weights(sample_weight: object, n: int) -> _Float:
    if sample_weight is None:
        return np.ones(n)
    try:
        weights = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError) as error:
        kind = type(sample_weight)
        msg = (
            f"`sample_weight` must be numbers, one non-negative weight per sample; got a "
            f"{kind.__name__} that does not convert to floats ({error}). Pass a numeric array."
        )
        raise InvalidParameterError(msg) from error
    if weights.shape != (n,):
        msg = f"`sample_weight` must have shape ({n},), one weight per sample; got {weights.shape}."
        raise ShapeError(msg)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        bad = ~np.isfinite(weights) | (weights < 0)
        got = f"{weights[bad][0]} at index {int(np.argmax(bad))}" if bad.any() else "all zeros"
        msg = f"`sample_weight` must be finite, non-negative and not all zero; got {got}."
        raise InvalidParameterError(msg)
    return weights


def _entropy_of_counts(counts: _Float) -> _Float:
    """Plug-in entropy (nats) of each row of weighted counts: log n - sum c log c / n."""
    totals = counts.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        c_log_c = np.where(counts > 0, counts * np.log(np.where(counts > 0, counts, 1)), 0.0)
        safe_totals = np.where(totals > 0, totals, 1)
        result = np.log(safe_totals) - c_log_c.sum(axis=-1) / safe_totals
    return np.where(totals > 0, np.maximum(result, 0.0), 0.0)


def _contingency(
    y_codes: _Int, group_codes: _Int, weights: _Float, n_y: int, n_groups: int
) -> _Float:
    flat: _Float = np.bincount(
        group_codes * n_y + y_codes, weights=weights, minlength=n_groups * n_y
    ).astype(np.float64, copy=False)
    return flat.reshape(n_groups, n_y)


def _gain_from_table(table: _Float) -> tuple[float, float]:
    """Return (information gain, split entropy) in nats of a (groups, classes) weight table."""
    group_weights = table.sum(axis=1)
    total = group_weights.sum()
    parent = float(_entropy_of_counts(table.sum(axis=0)))
    children = float(np.dot(group_weights / total, _entropy_of_counts(table)))
    split_entropy = float(_entropy_of_counts(group_weights))
    return max(parent - children, 0.0), split_entropy


def _check_same_length(y: _Int, other: _Int, name: str) -> None:
    if y.size != other.size:
        msg = f"`y` and `{name}` must have the same length; got {y.size} and {other.size}."
        raise ShapeError(msg)


def information_gain(
    y: object, groups: object, /, *, sample_weight: object = None, base: float | str = math.e
) -> float:
    r"""Compute the information gain of splitting the labels `y` into `groups`.

    Parameters
    ----------
    y : array_like of shape (n_samples,)
        Class labels: integers, strings, booleans or any hashable values.
    groups : array_like of shape (n_samples,)
        The branch each sample goes to (any hashable labels).
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weights; counts become sums of weights.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"`` is customary for trees).

    Returns
    -------
    float
        :math:`H(Y) - \sum_v \frac{|S_v|}{|S|} H(Y \mid S_v)` in units of `base`: the plug-in
        mutual information between the labels and the group.

    References
    ----------
    .. [1] J. R. Quinlan, "Induction of decision trees", *Machine Learning* 1, 1986.

    Examples
    --------
    >>> from infokit.splits import information_gain
    >>> y = ["yes", "yes", "no", "no"]
    >>> information_gain(y, [0, 0, 1, 1], base="bits")  # a perfect split
    1.0
    >>> information_gain(y, [0, 1, 0, 1], base="bits")  # a useless one
    0.0
    """
    numeric_base = resolve_base(base)
    y_codes, y_categories = _labels(y, name="y")
    group_codes, group_categories = _labels(groups, name="groups")
    _check_same_length(y_codes, group_codes, "groups")
    weights = _weights(sample_weight, y_codes.size)
    table = _contingency(y_codes, group_codes, weights, y_categories.size, group_categories.size)
    gain, _ = _gain_from_table(table)
    return gain / math.log(numeric_base)


def gain_ratio(
    y: object, groups: object, /, *, sample_weight: object = None, base: float | str = math.e
) -> float:
    r"""Compute Quinlan's gain ratio: information gain divided by the entropy of the split.

    Parameters
    ----------
    y, groups, sample_weight, base
        As in `information_gain`.

    Returns
    -------
    float
        :math:`\mathrm{IG} / H(S)`, dimensionless (the base cancels), in [0, 1] up to
        rounding; 0 when every sample falls in one group (the split does nothing).

    Notes
    -----
    Dividing by the split's own entropy :math:`H(S) = -\sum_v \frac{|S_v|}{|S|}
    \log \frac{|S_v|}{|S|}` removes information gain's preference for splits into many
    small groups (C4.5).

    References
    ----------
    .. [1] J. R. Quinlan, *C4.5: Programs for Machine Learning*, Morgan Kaufmann, 1993.

    Examples
    --------
    >>> from infokit.splits import gain_ratio
    >>> gain_ratio([0, 0, 1, 1], ["a", "b", "c", "d"])  # IG = 1 bit, split entropy = 2 bits
    0.5
    """
    resolve_base(base)
    y_codes, y_categories = _labels(y, name="y")
    group_codes, group_categories = _labels(groups, name="groups")
    _check_same_length(y_codes, group_codes, "groups")
    weights = _weights(sample_weight, y_codes.size)
    table = _contingency(y_codes, group_codes, weights, y_categories.size, group_categories.size)
    gain, split_entropy = _gain_from_table(table)
    return gain / split_entropy if split_entropy > 0 else 0.0


def best_split(
    x: object,
    y: object,
    /,
    *,
    kind: Literal["auto", "numeric", "categorical"] = "auto",
    sample_weight: object = None,
    base: float | str = math.e,
) -> Split | None:
    r"""Find the binary split of one feature with the largest information gain.

    Parameters
    ----------
    x : array_like of shape (n_samples,)
        The feature: numbers (split by a threshold) or categories (split into two sets).
    y : array_like of shape (n_samples,)
        Class labels of any hashable type.
    kind : {"auto", "numeric", "categorical"}, default="auto"
        How to split `x`; ``"auto"`` treats floats and integers as numeric and everything
        else (strings, booleans, objects) as categorical.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative sample weights.
    base : float or str, default=math.e
        Logarithm base or unit name of the gain.

    Returns
    -------
    Split or None
        The best split, or ``None`` when `x` takes a single value (nothing to split).

    Notes
    -----
    Numeric features are sorted once and every cut between consecutive distinct values is
    scored from cumulative class counts: :math:`O(N \log N)` for the sort plus
    :math:`O(N K)` for :math:`K` classes. The threshold is the midpoint of the two values
    around the cut, computed as scikit-learn does (``a / 2 + b / 2``), and the first cut
    wins ties, so a depth-1 ``DecisionTreeClassifier(criterion="entropy")`` picks the same
    threshold. Categorical features with up to 12 categories are split by exhaustive search
    over all two-set partitions; beyond that, or always for two classes (where it is exact,
    Breiman et al. 1984, Sec. 9.4), categories are ordered by their share of the majority
    class and the best contiguous cut is taken.

    References
    ----------
    .. [1] L. Breiman, J. Friedman, R. Olshen and C. Stone, *Classification and Regression
       Trees*, 1984.
    .. [2] J. R. Quinlan, *C4.5: Programs for Machine Learning*, 1993.

    Examples
    --------
    >>> from infokit.splits import best_split
    >>> split = best_split([1.0, 2.0, 3.0, 10.0, 11.0], ["a", "a", "a", "b", "b"], base=2)
    >>> split.threshold, round(split.gain, 4)
    (6.5, 0.971)
    >>> best_split(["red", "red", "blue", "green"], [1, 1, 0, 0]).partition
    (('blue', 'green'), ('red',))
    """
    numeric_base = resolve_base(base)
    check_choice(kind, ("auto", "numeric", "categorical"), name="kind")
    feature = np.asarray(x)
    y_codes, y_categories = _labels(y, name="y")
    if feature.ndim != 1:
        msg = f"`x` must be one-dimensional (one feature); got shape {feature.shape}."
        raise ShapeError(msg)
    if feature.size != y_codes.size:
        msg = f"`x` and `y` must have the same length; got {feature.size} and {y_codes.size}."
        raise ShapeError(msg)
    weights = _weights(sample_weight, y_codes.size)
    numeric = feature.dtype.kind in "iuf" if kind == "auto" else kind == "numeric"
    one_hot = np.zeros((y_codes.size, y_categories.size))
    one_hot[np.arange(y_codes.size), y_codes] = weights
    split = _best_threshold(feature, one_hot) if numeric else _best_partition(feature, one_hot)
    if split is None:
        return None
    scale = math.log(numeric_base)
    return Split(
        gain=split.gain / scale,
        gain_ratio=split.gain_ratio,
        threshold=split.threshold,
        partition=split.partition,
        weight_left=split.weight_left,
        weight_right=split.weight_right,
        base=numeric_base,
    )


def _split_from_cut(left: _Float, total: _Float, **where: Any) -> Split:
    table = np.stack([left, total - left])
    gain, split_entropy = _gain_from_table(table)
    return Split(
        gain=gain,
        gain_ratio=gain / split_entropy if split_entropy > 0 else 0.0,
        weight_left=float(left.sum()),
        weight_right=float((total - left).sum()),
        **where,
    )


def _best_threshold(feature: np.ndarray[Any, Any], one_hot: _Float) -> Split | None:
    try:
        values = feature.astype(np.float64)
    except (TypeError, ValueError) as error:
        msg = "`x` must be numeric to split by a threshold; pass kind='categorical'."
        raise InvalidParameterError(msg) from error
    if not np.isfinite(values).all():
        msg = "`x` has NaN or infinite values; drop or impute them before splitting."
        raise InvalidParameterError(msg)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    cuts = np.flatnonzero(sorted_values[1:] > sorted_values[:-1])  # cut after position i
    if cuts.size == 0:
        return None
    cumulative = np.cumsum(one_hot[order], axis=0)[cuts]
    total = one_hot.sum(axis=0)
    left_weight, right_weight = cumulative.sum(axis=1), total.sum() - cumulative.sum(axis=1)
    # Maximising the gain = minimising the weighted child entropy.
    children = left_weight * _entropy_of_counts(cumulative) + right_weight * _entropy_of_counts(
        total - cumulative
    )
    best = int(np.argmin(children))  # the first of equal cuts, as scikit-learn keeps it
    low, high = sorted_values[cuts[best]], sorted_values[cuts[best] + 1]
    threshold = low / 2.0 + high / 2.0
    if threshold == high or not math.isfinite(threshold):
        threshold = low
    return _split_from_cut(cumulative[best], total, threshold=float(threshold), partition=None)


def _best_partition(feature: np.ndarray[Any, Any], one_hot: _Float) -> Split | None:
    codes, categories = _labels(feature, name="x")
    k = categories.size
    if k < 2:
        return None
    per_category = np.zeros((k, one_hot.shape[1]))
    np.add.at(per_category, codes, one_hot)
    total = per_category.sum(axis=0)
    if one_hot.shape[1] > 2 and k <= _EXHAUSTIVE_CATEGORIES:
        # Every two-set partition once: category 0 always goes left.
        candidates = [
            (0, *rest) for size in range(k - 1) for rest in combinations(range(1, k), size)
        ]
    else:
        majority = int(np.argmax(total))
        share = per_category[:, majority] / np.maximum(per_category.sum(axis=1), 1e-300)
        ranked = np.argsort(share, kind="stable")
        candidates = [tuple(int(c) for c in ranked[: i + 1]) for i in range(k - 1)]
    lefts = np.stack([per_category[list(members)].sum(axis=0) for members in candidates])
    left_weight, right_weight = lefts.sum(axis=1), total.sum() - lefts.sum(axis=1)
    children = left_weight * _entropy_of_counts(lefts) + right_weight * _entropy_of_counts(
        total - lefts
    )
    best = int(np.argmin(children))
    members = set(candidates[best])
    left = tuple(categories[i].item() for i in range(k) if i in members)
    right = tuple(categories[i].item() for i in range(k) if i not in members)
    if left > right:  # a canonical order: the side with the smaller first category first
        left, right = right, left
        return _split_from_cut(total - lefts[best], total, threshold=None, partition=(left, right))
    return _split_from_cut(lefts[best], total, threshold=None, partition=(left, right))
