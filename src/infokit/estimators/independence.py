r"""Tests of independence based on the mutual information: permutation and G-test.

The permutation test is exact up to Monte Carlo error for any data: it compares the observed
mutual information with its values after shuffling `y`. For discrete labels the marginal
entropies do not change under shuffling, so each permutation costs one shuffle and one
`np.bincount` of the combined codes. The G-test uses the asymptotic law
:math:`2N\hat I \sim \chi^2_{(|X|-1)(|Y|-1)}` of the plug-in estimate (nats) under independence.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import numpy as np
from scipy import special, stats

from infokit._validation import Seed, check_choice, check_int, make_rng
from infokit._warnings import attributed_to_caller
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators._frontends import drop_missing_rows, route_mutual_information
from infokit.estimators._options import (
    CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    Metric,
    MutualInformationMethod,
    NanPolicy,
    Options,
    build_options,
    resolve_discrete,
)
from infokit.estimators.continuous.mutual_information import permutation_statistic
from infokit.estimators.discrete.counting import Variable, contingency_table, prepare_variables
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.results import unit_name

__all__ = ["IndependenceTestResult", "independence_test"]

_NULL_QUANTILES = (0.5, 0.9, 0.95, 0.99)


@dataclass(frozen=True)
class IndependenceTestResult:
    """Outcome of a test of independence of two variables.

    Attributes
    ----------
    statistic : float
        The mutual information estimate of the observed samples, in units of `base`.
    p_value : float
        Probability, under independence, of a statistic at least as large as the observed.
    method : str
        ``"permutation"`` or ``"g_test"``.
    base : float
        Logarithm base of `statistic` and of the null summary.
    n_samples : int
        Number of paired samples.
    estimator : str
        Mutual information estimator behind `statistic` (``"plugin"`` for discrete data).
    degrees_of_freedom : int or None
        ``(|X| - 1)(|Y| - 1)`` for the G-test.
    n_permutations : int or None
        Number of permutations of the permutation test.
    null_mean, null_std : float
        Mean and standard deviation of the statistic under independence.
    null_quantiles : dict of float to float
        Quantiles 0.5, 0.9, 0.95 and 0.99 of the statistic under independence.
    """

    statistic: float
    p_value: float
    method: str
    base: float
    n_samples: int
    estimator: str
    degrees_of_freedom: int | None = None
    n_permutations: int | None = None
    null_mean: float = math.nan
    null_std: float = math.nan
    null_quantiles: dict[float, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"IndependenceTestResult(statistic={self.statistic:.4g} {unit_name(self.base)}, "
            f"p_value={self.p_value:.4g}, method={self.method!r}, n={self.n_samples})"
        )


def _dense(variable: Variable) -> tuple[np.ndarray[Any, Any], int]:
    """Dense codes 0..k-1 of the categories that occur."""
    counts = np.bincount(variable.codes, minlength=variable.size)
    present = np.flatnonzero(counts)
    if present.size == variable.size:
        return variable.codes, variable.size
    lookup = np.zeros(variable.size, dtype=np.intp)
    lookup[present] = np.arange(present.size)
    return lookup[variable.codes], int(present.size)


def _xlogx_sum(counts: np.ndarray[Any, Any]) -> float:
    positive = counts[counts > 0].astype(np.float64)
    return float(np.sum(positive * np.log(positive)))


def _discrete_permutation(
    x_codes: np.ndarray[Any, Any],
    x_size: int,
    y_codes: np.ndarray[Any, Any],
    y_size: int,
    n_permutations: int,
    rng: np.random.Generator,
) -> tuple[float, np.ndarray[Any, Any]]:
    """Plug-in MI (nats) of the data and of `n_permutations` shuffles of `y`.

    Only H(X, Y) changes under a shuffle: I = H(X) + H(Y) - H(X, Y), and with
    S = sum n log n, I = (S_xy - S_x - S_y) / N + log N.
    """
    total = x_codes.size
    s_x = _xlogx_sum(np.bincount(x_codes, minlength=x_size))
    s_y = _xlogx_sum(np.bincount(y_codes, minlength=y_size))
    bins = x_size * y_size
    dense = bins <= max(1 << 22, total)
    base_codes = np.multiply(x_codes, y_size, dtype=np.intp)

    def joint_sum(y_perm: np.ndarray[Any, Any]) -> float:
        combined = base_codes + y_perm
        if dense:
            return _xlogx_sum(np.bincount(combined, minlength=bins))
        return _xlogx_sum(np.unique(combined, return_counts=True)[1])

    def mutual_information(s_xy: float) -> float:
        return (s_xy - s_x - s_y) / total + math.log(total)

    observed = mutual_information(joint_sum(y_codes))
    null = np.array(
        [mutual_information(joint_sum(rng.permutation(y_codes))) for _ in range(n_permutations)]
    )
    return observed, null


def _null_summary(null: np.ndarray[Any, Any]) -> tuple[float, float, dict[float, float]]:
    quantiles = np.quantile(null, _NULL_QUANTILES)
    return (
        float(null.mean()),
        float(null.std(ddof=1)) if null.size > 1 else 0.0,
        {q: float(v) for q, v in zip(_NULL_QUANTILES, quantiles, strict=True)},
    )


def _permutation_p_value(observed: float, null: np.ndarray[Any, Any]) -> float:
    # Ties (common with discrete data) count as at least as extreme; a relative tolerance
    # absorbs floating-point noise between equal tables. The +1 keeps the test exact.
    tolerance = 1e-12 * max(1.0, abs(observed))
    extreme = int(np.count_nonzero(null >= observed - tolerance))
    return (extreme + 1) / (null.size + 1)


def independence_test(
    x: object,
    y: object,
    /,
    *,
    method: Literal["permutation", "g_test"] = "permutation",
    n_permutations: int = 1000,
    rng: Seed = None,
    base: float | str = math.e,
    nan_policy: NanPolicy = "raise",
    discrete: bool | tuple[bool, bool] | None = None,
    estimator: MutualInformationMethod = "auto",
    n_neighbors: int | None = None,
    metric: Metric | None = None,
    standardize: bool | None = None,
) -> IndependenceTestResult:
    r"""Test whether `x` and `y` are independent, with the mutual information as statistic.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired samples: labels, or continuous values (permutation test only).
    method : {"permutation", "g_test"}, default="permutation"
        ``"permutation"``: shuffle `y` `n_permutations` times; exact up to Monte Carlo
        error, for any data. ``"g_test"``: asymptotic chi-squared law, discrete data only.
    n_permutations : int, default=1000
        Number of shuffles of the permutation test.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the shuffles (and of the estimator's randomness), following
        Scientific Python SPEC 7: an integer makes the p-value reproducible; ``None`` draws
        fresh entropy from the operating system, so repeated calls differ by their Monte
        Carlo error.
    base : float or str, default=math.e
        Logarithm base or unit name of the reported statistic.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values: raise, drop the pairs that hold one (before shuffling), or (labels
        only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether `x` and `y` are discrete; by default the rule of
        `infokit.estimators.is_discrete` (labels, and a few whole numbers that recur, are
        discrete).
    estimator : str, default="auto"
        The `method` of `estimate_mutual_information` behind the statistic. Discrete data
        with ``"auto"`` (and no kNN option) use the plug-in MI with the fast counting path;
        anything else recomputes that estimator on every shuffle. On a multivariate
        continuous pair ``"auto"`` computes KSG and the Gaussian-copula MI on each shuffle
        (the estimate is the larger, as in `estimate_mutual_information`) and combines
        their permutation p-values by their minimum ("minP", Westfall & Young 1993), which
        keeps the test exact and about as powerful as the better of the two
        (``estimator="ksg+gaussian_copula"`` in the result).
    n_neighbors, metric, standardize : optional
        Options of the continuous estimators, as in `estimate_mutual_information`.

    Returns
    -------
    IndependenceTestResult
        The statistic (plug-in MI for discrete data, in units of `base`), the p-value, and a
        summary of the statistic's null distribution.

    Notes
    -----
    Permutation p-value: :math:`(1 + \#\{b: \hat I_b \ge \hat I\})/(1 + B)` over `B`
    shuffles, valid at every sample size. G-test: :math:`G = 2N\hat I` (nats, plug-in) and
    :math:`p = P(\chi^2_d \ge G)` with :math:`d = (|X|-1)(|Y|-1)` over the categories
    observed; it is the likelihood-ratio test of Wilks (1938) and agrees with
    ``scipy.stats.chi2_contingency(table, lambda_="log-likelihood", correction=False)``.
    Prefer the permutation test when many cells have expected counts below 5.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.estimators.independence import independence_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 3, 500)
    >>> independence_test(x, x, rng=1, n_permutations=200).p_value
    0.004975124378109453
    >>> independence_test(x, rng.integers(0, 3, 500), method="g_test").p_value > 0.05
    True
    """
    test = check_choice(method, ("permutation", "g_test"), name="method")
    n_permutations = check_int(n_permutations, name="n_permutations", minimum=1)
    options = build_options(
        method=estimator,
        methods=(*DISCRETE_METHODS, *CONTINUOUS_MUTUAL_INFORMATION_METHODS),
        n_variables=2,
        base=base,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        n_neighbors=n_neighbors,
        metric=metric,
        standardize=standardize,
    )
    base_value = options.base
    scale = math.log(base_value)
    flags = resolve_discrete(options, [x, y])
    generator = make_rng(rng)
    fast = all(flags) and options.method == "auto" and not options.continuous_options_given()
    if fast:
        factorised, n_samples = prepare_variables([x, y], ["x", "y"], nan_policy=options.nan_policy)
        if n_samples < 2:
            msg = f"`x` must hold at least 2 samples to test; got {n_samples}."
            raise ShapeError(msg)
        factorised = [variable.checked() for variable in factorised]
        x_codes, x_size = _dense(factorised[0])
        y_codes, y_size = _dense(factorised[1])
        if test == "g_test":
            return _g_test(factorised, n_samples, x_size, y_size, base_value)
        observed, null = _discrete_permutation(
            x_codes, x_size, y_codes, y_size, n_permutations, generator
        )
        summary = _null_summary(null / scale)
        return IndependenceTestResult(
            statistic=observed / scale,
            p_value=_permutation_p_value(observed, null),
            method="permutation",
            base=base_value,
            n_samples=n_samples,
            estimator="plugin",
            n_permutations=int(n_permutations),
            null_mean=summary[0],
            null_std=summary[1],
            null_quantiles=summary[2],
        )
    if test == "g_test":
        msg = (
            "`method='g_test'` needs discrete data; `x` or `y` looks continuous. Use "
            "`method='permutation'`, or pass `discrete=True` to treat the values as labels."
        )
        raise InvalidParameterError(msg)
    if options.nan_policy == "omit":
        x, y = drop_missing_rows([x, y])
    return _generic_permutation(x, y, replace(options, discrete=flags), n_permutations, generator)


def _g_test(
    factorised: list[Variable], n_samples: int, x_size: int, y_size: int, base: float
) -> IndependenceTestResult:
    table = contingency_table(factorised)
    total = float(n_samples)
    s_xy = _xlogx_sum(table.counts)
    s_x = _xlogx_sum(table.group((0,))[1])
    s_y = _xlogx_sum(table.group((1,))[1])
    information = max((s_xy - s_x - s_y) / total + math.log(total), 0.0)
    dof = (x_size - 1) * (y_size - 1)
    g_statistic = 2 * total * information
    p_value = float(stats.chi2.sf(g_statistic, dof)) if dof > 0 else 1.0
    scale = math.log(base) * 2 * total
    quantiles = {}
    if dof > 0:
        quantiles = {q: float(special.chdtri(dof, 1 - q)) / scale for q in _NULL_QUANTILES}
    return IndependenceTestResult(
        statistic=information / math.log(base),
        p_value=p_value,
        method="g_test",
        base=base,
        n_samples=n_samples,
        estimator="plugin",
        degrees_of_freedom=dof,
        null_mean=dof / scale,
        null_std=math.sqrt(2 * dof) / scale,
        null_quantiles=quantiles,
    )


def _generic_permutation(
    x: object, y: object, options: Options, n_permutations: int, rng: np.random.Generator
) -> IndependenceTestResult:
    """Permutation test with a continuous or mixed estimator.

    The shuffled statistics need no error bars, so none is computed. For the continuous
    methods the samples are checked, standardised and tie-broken once (the observed and the
    shuffled statistics see the same samples) and the shuffles run on every core; Ross's
    estimator goes through the front end on each shuffle.
    """
    flags = options.discrete or (False, False)
    # discrete methods take no `uncertainty` (their error bars cost nothing)
    uncertainty = options.uncertainty if all(flags) else "none"
    checked = replace(options, rng=rng, nan_policy="raise", uncertainty=uncertainty)
    prepared = None if any(flags) else permutation_statistic(x, y, checked, rng)
    p_value: float | None = None
    if prepared is None:
        y_array = np.asarray(y)
        if np.asarray(x).shape[0] != y_array.shape[0]:
            msg = (
                f"`x` and `y` must have the same number of samples; got "
                f"{np.asarray(x).shape[0]} and {y_array.shape[0]}."
            )
            raise ShapeError(msg)
        n_samples = int(y_array.shape[0])
        first = route_mutual_information([x, y_array], checked)
        method, observed = str(first.method), float(first.value)

        def front_end(order: np.ndarray[Any, Any]) -> float:
            return float(route_mutual_information([x, y_array[order]], checked))

        orders = [rng.permutation(n_samples) for _ in range(n_permutations)]
        null = np.array([front_end(order) for order in orders])
    else:
        method, n_samples, statistic = prepared
        scale = math.log(options.base)
        observed_parts = np.array(statistic(None)) / scale
        orders = [rng.permutation(n_samples) for _ in range(n_permutations)]
        null_parts = np.array(_map(statistic, orders)).reshape(n_permutations, -1) / scale
        if observed_parts.size > 1:  # auto on a multivariate pair: KSG and copula
            p_value = _min_p_value(observed_parts, null_parts)
            method = "ksg+gaussian_copula"
        observed, null = float(observed_parts.max()), null_parts.max(axis=1)
    summary = _null_summary(null)
    return IndependenceTestResult(
        statistic=observed,
        p_value=_permutation_p_value(observed, null) if p_value is None else p_value,
        method="permutation",
        base=options.base,
        n_samples=n_samples,
        estimator=method,
        n_permutations=n_permutations,
        null_mean=summary[0],
        null_std=summary[1],
        null_quantiles=summary[2],
    )


def _min_p_value(observed: np.ndarray[Any, Any], null: np.ndarray[Any, Any]) -> float:
    """Permutation p-value of several statistics at once, by their smallest p-value.

    `observed` has one value per statistic, `null` one row per shuffle. Each statistic's
    p-value is taken against its own column of the observation and all shuffles, for the
    observation and for every shuffle alike; the smallest of them is the combined statistic,
    whose permutation p-value ("minP", Westfall & Young 1993) is exact, since the B + 1 rows
    are exchangeable under independence. Neither statistic's scale matters, only its ranks.
    """
    rows = np.vstack([observed, null])
    size = rows.shape[0]
    tolerance = 1e-12 * np.maximum(1.0, np.abs(rows).max(axis=0))
    p_values = np.empty_like(rows)
    for j in range(rows.shape[1]):  # p of each row: the share of rows at least as large
        ordered = np.sort(rows[:, j])
        below = np.searchsorted(ordered, rows[:, j] - tolerance[j], side="left")
        p_values[:, j] = (size - below) / size
    smallest = p_values.min(axis=1)
    return float(np.count_nonzero(smallest <= smallest[0]) / size)


_Value = TypeVar("_Value")


def _map(
    function: Callable[[np.ndarray[Any, Any]], _Value], orders: list[np.ndarray[Any, Any]]
) -> list[_Value]:
    """``[function(order) for order in orders]`` on every core (the kernels release the GIL)."""
    threads = min(os.cpu_count() or 1, len(orders))
    if threads < 2:
        return [function(order) for order in orders]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(attributed_to_caller(function), orders, chunksize=16))
