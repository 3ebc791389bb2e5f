"""Discrete estimation engine: combinations of entropies from a contingency table.

Every discrete quantity is a signed sum of entropies of subsets of the variables: H(X),
H(X, Y), I(X; Y) = H(X) + H(Y) - H(X, Y), H(X | Y) = H(X, Y) - H(Y) and
I(X; Y | Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z). `estimate_from_table` evaluates such a sum
with one method for every entropy, and attaches a standard error and, when asked, an interval.
The public front-ends are in `infokit.estimators._frontends`; `estimate_entropy_from_counts`
is here.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from infokit._validation import check_choice, check_int, check_level, make_rng
from infokit._warnings import warn
from infokit.errors import (
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
    SmallSampleWarning,
)
from infokit.estimators.discrete.counting import Table
from infokit.estimators.discrete.registry import (
    DISCRETE_METHODS,
    DiscreteMethod,
    DiscreteMethodSpec,
    discrete_method,
    discrete_method_names,
)
from infokit.estimators.discrete.uncertainty import (
    REFERENCE_METHOD,
    Options,
    TermCounts,
    delta_std_error,
    describe_interval,
    dirichlet_std,
    interval,
    jackknife_std_error,
    reference_interval,
)
from infokit.results import Estimate
from infokit.units import resolve_base

__all__ = [
    "DISCRETE_METHODS",
    "DiscreteMethod",
    "estimate_entropy_from_counts",
    "estimate_from_table",
]

Term = tuple[float, tuple[int, ...]]  # (sign, variables whose joint entropy enters)
FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def auto_method(
    *, n_terms: int, n_samples: int, alphabet_size: float | None, singletons: int = 0
) -> str:
    """Return the method that ``method="auto"`` stands for.

    The rule follows the accuracy table of ``benchmarks/accuracy_discrete.py`` (Zipf and
    uniform over K = 1000, N = 100, 1000, 10^4, 200 repetitions; RMSE in nats, coverage of
    the 95% interval). For one entropy:

    - the alphabet size known and N < K: ``"nsb"`` (at N = K/10 its RMSE is 0.51 / 0.24 on
      Zipf / uniform against 0.46 / 0.26 for Chao–Wang–Jost clipped to log K, a draw, and
      its interval covers more);
    - the alphabet size unknown and more than half of the samples seen once (`singletons`
      > N/2, the regime where the plug-in warns): ``"jvhw"``. Far below N = K it has the
      lowest worst-case RMSE of the methods without K (0.42 on uniform at N = 100 against
      0.55 for Chao–Wang–Jost and 0.49 for unseen; 0.46 on Zipf, level with Chao–Wang–Jost).
      The singleton share separates the regimes cleanly: 0.36–1.00 at N = K/10 on both
      distributions, 0.18–0.42 at N = K, below 0.03 at N = 10 K;
    - otherwise ``"chao_wang_jost"``: at N >= K it is the most accurate without K or level
      with the best (0.090 / 0.039 at N = K against 0.090 / 0.064 for JVHW, 0.022 / 0.002 at
      N = 10 K), twice as accurate as NSB at N = 10 K on Zipf (0.022 against 0.044, where
      NSB's single Dirichlet concentration over-weights the long tail and its posterior
      interval covers 55%), and its jackknife interval covers at least 94.5% at N >= K on
      both distributions. At N = K with K known, NSB is more accurate (0.077 / 0.024 against
      0.090 / 0.030) but its posterior interval covers only 87% on Zipf, so the rule
      switches to Chao–Wang–Jost there.

    Combinations (mutual information, conditional entropies) always use
    ``"chao_wang_jost"``. (The interval reported for any method but Chao–Wang–Jost is the
    hull of its own interval and the Chao–Wang–Jost one; the coverage figures above are
    those of the methods' own intervals.)
    """
    if n_terms == 1 and alphabet_size is not None and n_samples < alphabet_size:
        return "nsb"
    if n_terms == 1 and alphabet_size is None and 2 * singletons > n_samples:
        return "jvhw"
    return "chao_wang_jost"


def check_method(method: object) -> str:
    """Check `method` against ``"auto"`` and the registered discrete methods."""
    return check_choice(method, ("auto", *discrete_method_names()), name="method")


def check_options(
    *,
    method: object,
    base: float | str,
    alphabet_sizes: tuple[object, ...] | None,
    ci: object,
    rng: object,
    n_bootstrap: object,
    concentration: object,
) -> Options:
    """Check every option and return them as an `Options`."""
    method_name = check_method(method)
    base_value = resolve_base(base)
    sizes: tuple[float, ...] | None = None
    if alphabet_sizes is not None:
        checked = []
        for size in alphabet_sizes:
            checked.append(float(check_int(size, name="alphabet_size", minimum=1)))
        sizes = tuple(checked)
    level = check_level(ci)
    if (
        isinstance(n_bootstrap, bool)
        or not isinstance(n_bootstrap, int | np.integer)
        or n_bootstrap < 10
    ):
        msg = f"`n_bootstrap` must be an integer of at least 10; got {n_bootstrap!r}."
        raise InvalidParameterError(msg)
    if (
        isinstance(concentration, bool)
        or not isinstance(concentration, float | int | np.floating | np.integer)
        or not (math.isfinite(float(concentration)) and float(concentration) > 0)
    ):
        msg = (
            "`concentration` must be a positive number (e.g. 0.5 for Jeffreys' prior); got "
            f"{concentration!r}."
        )
        raise InvalidParameterError(msg)
    make_rng(rng)  # only checks it: the bootstrap makes its own Generator from the seed
    return Options(
        method=method_name,
        base=base_value,
        alphabet_sizes=sizes,
        ci=level,
        rng_seed=rng,
        n_bootstrap=int(n_bootstrap),
        concentration=float(concentration),
    )


def _term_counts(table: Table, terms: list[Term], options: Options) -> list[TermCounts]:
    result = []
    for sign, variables in terms:
        groups, counts = table.group(variables)
        size = None
        if options.alphabet_sizes is not None:
            size = math.prod(options.alphabet_sizes[v] for v in variables)
        result.append(TermCounts(sign, groups, counts.astype(np.float64), size))
    return result


def _check_alphabet_sizes(table: Table, options: Options, names: list[str]) -> None:
    if options.alphabet_sizes is None:
        return
    if len(options.alphabet_sizes) != len(table.sizes):
        msg = (
            f"`alphabet_size` must give one size per variable ({len(table.sizes)}); "
            f"got {len(options.alphabet_sizes)}."
        )
        raise InvalidParameterError(msg)
    for index, size in enumerate(options.alphabet_sizes):
        observed = table.group((index,))[1].size
        if size < observed:
            msg = (
                f"`alphabet_size` ({size:g}) is smaller than the {observed} categories observed "
                f"in `{names[index]}`; pass the number of possible categories, or None if unknown."
            )
            raise InvalidParameterError(msg)


def _entropy_value(
    term: TermCounts, spec: DiscreteMethodSpec, options: Options, details: dict[str, Any]
) -> float:
    counts = term.counts
    kernel = spec.kernel
    if spec.posterior is not None:
        if term.alphabet_size is None and spec.estimates_alphabet_size:
            details["alphabet_size_assumed"] = True
        posterior = spec.posterior(counts, term.alphabet_size)
        details.setdefault("posteriors", []).append(posterior)
        if posterior is not None:
            return posterior.mean
        if spec.fallback is None:
            msg = f"the {spec.name!r} posterior of these counts is improper."
            raise InvalidParameterError(msg)
        details[f"{spec.name}_fallback"] = spec.fallback  # e.g. PYM: no category seen twice
        kernel = discrete_method(spec.fallback).kernel
    value = kernel(
        counts[None, :], alphabet_size=term.alphabet_size, concentration=options.concentration
    )
    return float(value[0])


def _single_std_error(
    spec: DiscreteMethodSpec,
    term: TermCounts,
    options: Options,
    posterior: Any,
    details: dict[str, Any],
) -> float:
    """Return the standard error of one entropy by the method's own rule (`spec.std_error`)."""
    if spec.std_error == "posterior":
        if posterior is None:  # improper: the fallback's jackknife
            return jackknife_std_error(term.counts, str(spec.fallback))
        details.update(posterior.summary())
        return float(posterior.std)
    if spec.std_error == "dirichlet_posterior":
        return dirichlet_std(term, options.concentration)
    return jackknife_std_error(term.counts, spec.name)


def _warn_if_undersampled(table: Table, terms: list[TermCounts], options: Options) -> None:
    if not discrete_method(options.method).biased_when_undersampled:
        return
    largest = max(terms, key=lambda term: term.counts.size)
    total = table.n_samples
    singletons = int(np.count_nonzero(largest.counts == 1))
    size = largest.alphabet_size
    if (size is not None and total < size) or singletons > total / 2:
        scale = (
            f"K = {size:g} categories" if size is not None else f"{singletons} categories seen once"
        )
        msg = (
            f"only N = {total} samples for {scale}: the {options.method!r} estimate is biased "
            "(the plug-in by about -(K - 1)/(2N)). Use method='nsb' when the alphabet size is "
            "known, or method='chao_wang_jost'."
        )
        warn(msg, SmallSampleWarning)


def estimate_from_table(
    table: Table,
    terms: list[Term],
    options: Options,
    *,
    names: list[str],
    bounded_by_alphabet: bool,
) -> Estimate:
    """Estimate the signed sum of entropies `terms` of `table` with `options`.

    Parameters
    ----------
    table : Table
        Occupied cells of the joint table of all the variables.
    terms : list of (sign, variables)
        The combination, e.g. ``[(1, (0,)), (1, (1,)), (-1, (0, 1))]`` for I(X; Y).
    options : Options
        Checked options.
    names : list of str
        Argument names of the variables, for messages.
    bounded_by_alphabet : bool
        The quantity is one entropy, so it lies in ``[0, log K]`` (clipped with a warning).
    """
    if table.n_samples < 2:
        msg = f"`{names[0]}` must hold at least 2 samples to estimate from; got {table.n_samples}."
        raise ShapeError(msg)
    _check_alphabet_sizes(table, options, names)
    term_counts = _term_counts(table, terms, options)
    if options.method == "auto":
        chosen = auto_method(
            n_terms=len(terms),
            n_samples=table.n_samples,
            alphabet_size=term_counts[0].alphabet_size,
            singletons=int(np.count_nonzero(term_counts[0].counts == 1)),
        )
        options = dataclasses.replace(options, method=chosen)
    _warn_if_undersampled(table, term_counts, options)
    details: dict[str, Any] = {}
    method = options.method
    spec = discrete_method(method)
    if spec.combination is not None:
        value, std_error = spec.combination(table, term_counts)
    else:
        value = math.fsum(t.sign * _entropy_value(t, spec, options, details) for t in term_counts)
        std_error = delta_std_error(table, term_counts)
    posteriors = details.pop("posteriors", [])
    single = len(term_counts) == 1
    if single and spec.combination is None and spec.std_error != "delta":
        posterior = posteriors[0] if posteriors else None
        std_error = _single_std_error(spec, term_counts[0], options, posterior, details)
    if single:
        details.setdefault("alphabet_size", term_counts[0].alphabet_size)
    details["n_categories_observed"] = [int(t.counts.size) for t in term_counts]
    if f"{method}_fallback" in details:
        msg = (
            "no category was observed twice, so the PYM posterior is improper (its mean "
            "entropy is infinite); the Chao–Wang–Jost estimate is returned instead for the "
            "entropies without repeats (details['pym_fallback'])."
        )
        warn(msg, SmallSampleWarning)

    ceiling = None
    if bounded_by_alphabet and term_counts[0].alphabet_size is not None:
        ceiling = math.log(term_counts[0].alphabet_size)
    if bounded_by_alphabet:
        value = _clip_entropy(value, ceiling)

    scale = math.log(options.base)
    bounds = None
    if options.ci is not None:
        bounds = interval(table, term_counts, options, value, std_error, posteriors, details)
        if bounded_by_alphabet:
            bounds = _clip_interval(bounds, ceiling)
        if single and method != REFERENCE_METHOD:
            bounds = _hull_with_reference(table, term_counts[0], options, bounds, ceiling, details)
        else:
            details["interval"] = describe_interval(method, details["ci_method"])
        if "bootstrap_std" in details:
            details["bootstrap_std"] /= scale  # like every other number: units of `base`
    return Estimate(
        value=value / scale,
        std_error=std_error / scale,
        method=method,
        base=options.base,
        n_samples=table.n_samples,
        ci=None if bounds is None else (bounds[0] / scale, bounds[1] / scale),
        confidence_level=options.ci,
        details=details,
    )


def _clip_interval(bounds: tuple[float, float], ceiling: float | None) -> tuple[float, float]:
    top = math.inf if ceiling is None else ceiling
    return min(max(bounds[0], 0.0), top), min(max(bounds[1], 0.0), top)


def _hull_with_reference(
    table: Table,
    term: TermCounts,
    options: Options,
    own: tuple[float, float],
    ceiling: float | None,
    details: dict[str, Any],
) -> tuple[float, float]:
    """Hull of the method's own interval `own` and the Chao–Wang–Jost one (nats, one entropy).

    An interval built from a biased estimator's sampling distribution covers the estimator's
    mean, not the entropy; the Chao–Wang–Jost interval is nearly unbiased and covered at least
    94.5% at N >= K in ``benchmarks/accuracy_discrete.py``. The hull covers whenever either
    does, and its width shows how far the method's bias may take it. Both intervals are kept
    in `details`, in units of ``options.base``.
    """
    reference, kind = reference_interval(table, term, options, ceiling)
    reference = _clip_interval(reference, ceiling)
    scale = math.log(options.base)
    details["own_interval"] = (own[0] / scale, own[1] / scale)
    details["reference_interval"] = (reference[0] / scale, reference[1] / scale)
    details["interval"] = (
        f"hull of the {describe_interval(options.method, details['ci_method'])} and the "
        f"Chao–Wang–Jost {describe_interval(REFERENCE_METHOD, kind)}"
    )
    return min(own[0], reference[0]), max(own[1], reference[1])


def _clip_entropy(value: float, ceiling: float | None) -> float:
    top = math.inf if ceiling is None else ceiling
    if value < 0 or value > top:
        clipped = min(max(value, 0.0), top)
        if abs(value - clipped) <= 1e-12 * max(1.0, clipped):  # rounding, e.g. uniform counts
            return clipped
        msg = (
            f"the estimate {value:.6g} nats lies outside [0, log K] = [0, {top:.6g}] and was "
            f"clipped to {clipped:.6g}."
        )
        warn(msg, SmallSampleWarning)
        return clipped
    return value


def counts_table(counts: object, *, name: str = "counts") -> Table:
    """Check a histogram and make it a one-variable `Table`."""
    try:
        array = np.asarray(counts)
    except (TypeError, ValueError) as error:
        msg = (
            f"`{name}` must be an array of non-negative integer counts; got "
            f"{type(counts).__name__}."
        )
        raise InvalidDistributionError(msg) from error
    if array.ndim == 0 or array.ndim > 2:
        msg = (
            f"`{name}` must be 1-D (a histogram) or 2-D (a joint table, flattened); got shape "
            f"{array.shape}."
        )
        raise ShapeError(msg)
    if array.dtype.kind not in "biuf":
        msg = f"`{name}` must hold non-negative integer counts; got dtype {array.dtype}."
        raise InvalidDistributionError(msg)
    flat = array.reshape(-1).astype(np.float64)
    if not np.all(np.isfinite(flat)) or np.any(flat < 0):
        bad = flat[~(np.isfinite(flat) & (flat >= 0))][0]
        msg = (
            f"`{name}` must hold non-negative finite counts; got {float(bad):g}. Pass counts, not "
            "log-counts or differences."
        )
        raise InvalidDistributionError(msg)
    if np.any(flat != np.rint(flat)):
        bad = flat[flat != np.rint(flat)][0]
        msg = (
            f"`{name}` must hold whole-number counts; got {float(bad):g}. Pass raw counts, not "
            "frequencies (use `infokit.entropy` for a known distribution)."
        )
        raise InvalidDistributionError(msg)
    positive = flat[flat > 0].astype(np.int64)
    total = int(positive.sum())
    if total == 0:
        msg = f"`{name}` must hold at least one sample; got counts that sum to 0."
        raise ShapeError(msg)
    cells = np.arange(positive.size, dtype=np.intp)
    return Table(positive, [cells], [int(positive.size)], total)


def estimate_entropy_from_counts(
    counts: object,
    /,
    *,
    method: DiscreteMethod = "auto",
    base: float | str = math.e,
    alphabet_size: int | None = None,
    ci: float | None = None,
    rng: int | np.random.Generator | None = None,
    n_bootstrap: int = 1000,
    concentration: float = 0.5,
) -> Estimate:
    r"""Estimate the entropy of a discrete distribution from a histogram of samples.

    Parameters
    ----------
    counts : array_like of shape (n_categories,) or (n_x, n_y)
        Number of samples in each category (non-negative whole numbers; zeros allowed). A
        2-D table is flattened: its entropy is the joint entropy.
    method : str, default="auto"
        ``"plugin"``, ``"miller_madow"``, ``"jackknife"``, ``"grassberger"``,
        ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``, ``"dirichlet"``, ``"nsb"``,
        ``"pym"`` (Pitman–Yor mixture, Archer, Park & Pillow 2014: for an unknown or infinite
        alphabet), ``"jvhw"`` (Jiao, Venkat, Han & Weissman 2015), ``"unseen"`` (Valiant &
        Valiant 2013) or ``"auto"`` (``"nsb"`` when `alphabet_size` is given and N < K;
        without it ``"jvhw"`` when more than half of the samples are singletons; else
        ``"chao_wang_jost"``; see `auto_method`).
        See `infokit.estimators._frontends.estimate_entropy` for each method.
    base : float or str, default=math.e
        Logarithm base or unit name (``2``/``"bits"``, ``math.e``/``"nats"``).
    alphabet_size : int, optional
        Number of possible categories K (at least the number of non-zero counts). Needed by
        ``"nsb"`` (estimated by Chao1 when missing), used by ``"james_stein"`` and
        ``"dirichlet"`` (the observed categories when missing), and bounds every estimate
        by ``log K`` (the only use ``"pym"`` makes of it: its prior has no alphabet size).
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). ``"chao_wang_jost"``:
        ``estimate ± z * std_error`` with its jackknife standard error. Every other method:
        the hull of its own interval (the highest-posterior-density interval on
        ``[0, log K]`` for ``"nsb"``, the equal-tailed posterior interval for ``"pym"``,
        the jackknife-normal one for ``"chao_shen"`` and ``"jvhw"``, normal with the
        delta-method standard error for ``"unseen"``, a
        bootstrap percentile interval re-centred on the estimate otherwise) and the
        Chao–Wang–Jost interval on the same counts, so that a biased method's interval
        still covers the entropy: at least 94.5% of 200 repetitions for every method at
        N = 1000 and 10^4 (Zipf and uniform, K = 1000), against 0% for the plug-in's own
        interval. ``details`` holds ``"own_interval"`` and ``"reference_interval"`` (units
        of `base`); see `infokit.estimators._frontends.estimate_entropy`.
    rng : int or numpy.random.Generator, optional
        Seed of the bootstrap behind `ci`.
    n_bootstrap : int, default=1000
        Number of bootstrap resamples behind `ci`.
    concentration : float, default=0.5
        Concentration ``a`` of the ``"dirichlet"`` prior (0.5: Jeffreys, 1: Laplace).

    Returns
    -------
    Estimate
        The entropy in units of `base`, with its standard error (and interval). `ci` does
        not change the value or the standard error.

    Raises
    ------
    InvalidDistributionError
        If a count is negative, non-finite or not a whole number.
    ShapeError
        If `counts` is not 1-D or 2-D, or holds fewer than 2 samples.

    Notes
    -----
    The plug-in estimate :math:`\hat H = \log N - \frac{1}{N}\sum_i n_i \log n_i` is biased
    by about :math:`-(K-1)/2N`; the other methods correct that bias (see
    `infokit.estimators._frontends.estimate_entropy` for the formulas and references).

    Examples
    --------
    >>> from infokit.estimators.discrete.engine import estimate_entropy_from_counts
    >>> estimate = estimate_entropy_from_counts([2, 2], method="plugin", base=2)
    >>> float(estimate), round(estimate.std_error, 12)
    (1.0, 0.0)
    >>> round(float(estimate_entropy_from_counts([2, 1, 1], method="miller_madow")), 4)
    1.2897

    The plug-in's 90% interval is the hull of its own (bootstrap) interval and the
    Chao–Wang–Jost interval:

    >>> estimate = estimate_entropy_from_counts([9, 5, 3, 2, 1, 1], method="plugin", ci=0.9, rng=0)
    >>> own, reference = estimate.details["own_interval"], estimate.details["reference_interval"]
    >>> estimate.ci == (min(own[0], reference[0]), max(own[1], reference[1]))
    True
    >>> [round(bound, 3) for bound in reference]
    [1.202, 2.164]
    """
    options = check_options(
        method=method,
        base=base,
        alphabet_sizes=None if alphabet_size is None else (alphabet_size,),
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
    )
    table = counts_table(counts)
    return estimate_from_table(
        table, [(1.0, (0,))], options, names=["counts"], bounded_by_alphabet=True
    )
