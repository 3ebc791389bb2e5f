r"""Public front ends: one function per quantity, from discrete, continuous or mixed samples.

Each function takes its options as explicit keywords, checks them once into a frozen
`infokit.estimators._options.Options` and routes it: discrete methods (and ``"auto"`` on
discrete data) to the counting engine of `infokit.estimators.discrete`, continuous methods
(and ``"auto"`` on continuous or mixed data) to `infokit.estimators.continuous`. Whether a
variable is discrete follows one rule, `infokit.estimators.kinds.is_discrete`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from infokit._array import to_numpy
from infokit._validation import Seed
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators._options import (
    CONDITIONAL_MUTUAL_INFORMATION_METHODS,
    CONTINUOUS_ENTROPY_METHODS,
    CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    NEURAL_MUTUAL_INFORMATION_METHODS,
    ConditionalMutualInformationMethod,
    DiscreteMethod,
    EntropyMethod,
    KLMethod,
    Metric,
    MutualInformationMethod,
    NanPolicy,
    Options,
    Uncertainty,
    build_options,
    resolve_discrete,
)
from infokit.estimators.discrete.counting import contingency_table, prepare_variables
from infokit.estimators.discrete.engine import (
    DISCRETE_METHODS,
    Term,
    check_options,
    estimate_from_table,
)
from infokit.estimators.discrete.local import plugin_local_values
from infokit.results import Estimate

__all__ = [
    "estimate_conditional_entropy",
    "estimate_conditional_mutual_information",
    "estimate_entropy",
    "estimate_joint_entropy",
    "estimate_kl_divergence",
    "estimate_mutual_information",
]

_DEFAULT_BOOTSTRAP = 1000
_DEFAULT_CONCENTRATION = 0.5

#: ``engine(variables, options)``: a continuous estimate of the quantity.
ContinuousEngine = Callable[[Sequence[object], Options], Estimate]


@dataclass(frozen=True)
class _Quantity:
    """What the router needs to know about a quantity."""

    terms: tuple[Term, ...]  # the signed entropies of its discrete form
    continuous_methods: tuple[str, ...]
    continuous: ContinuousEngine | None  # None: discrete data only
    entropy_only: bool  # one entropy, bounded by log K
    device: bool = False  # Gaussian and copula estimates stay on a torch/JAX device


def _continuous_entropy(variables: Sequence[object], options: Options) -> Estimate:
    from infokit.estimators.continuous.entropy import differential_entropy

    return differential_entropy(variables[0], options)


def _continuous_mutual_information(variables: Sequence[object], options: Options) -> Estimate:
    from infokit.estimators.continuous.mutual_information import mutual_information

    return mutual_information(variables[0], variables[1], options)


def _continuous_conditional(variables: Sequence[object], options: Options) -> Estimate:
    from infokit.estimators.continuous.conditional import conditional_mutual_information

    return conditional_mutual_information(variables[0], variables[1], variables[2], options)


_ENTROPY = _Quantity(((1.0, (0,)),), CONTINUOUS_ENTROPY_METHODS, _continuous_entropy, True)
_MUTUAL_INFORMATION = _Quantity(
    ((1.0, (0,)), (1.0, (1,)), (-1.0, (0, 1))),
    CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    _continuous_mutual_information,
    False,
    device=True,
)
_CONDITIONAL_ENTROPY = _Quantity(((1.0, (0, 1)), (-1.0, (1,))), (), None, False)
_CONDITIONAL_MUTUAL_INFORMATION = _Quantity(
    ((1.0, (0, 2)), (1.0, (1, 2)), (-1.0, (0, 1, 2)), (-1.0, (2,))),
    CONDITIONAL_MUTUAL_INFORMATION_METHODS,
    _continuous_conditional,
    False,
    device=True,
)


def _route(
    quantity: _Quantity, variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    """Send the estimate to the discrete or the continuous engine, by method and by data."""
    from infokit.estimators.discrete import device as discrete_device

    if options.method in NEURAL_MUTUAL_INFORMATION_METHODS:  # MI only: no other front end has them
        from infokit.estimators.neural import neural_mutual_information

        return neural_mutual_information(variables[0], variables[1], options)
    given = options.neural_options_given()
    if given:
        shown = ", ".join(f"`{name}`" for name in given)
        neural = ", ".join(repr(name) for name in NEURAL_MUTUAL_INFORMATION_METHODS)
        msg = (
            f"unexpected option(s) {shown} for method {options.method!r}: they apply to the "
            f"neural methods ({neural}) only."
        )
        raise InvalidParameterError(msg)

    if discrete_device.takes_device_path(variables, options):
        return discrete_device.device_plugin(quantity.terms, variables, names, options)
    if quantity.device:
        from infokit.estimators.continuous import device

        if device.takes_device_path(variables, options):
            return device.device_estimate(variables, names, options)
    estimate = _dispatch(quantity, variables, names, options)
    if options.local and estimate.local_values is None:
        if estimate.value == 0 and "reason" in estimate.details:  # exactly 0: a constant
            return replace(estimate, local_values=np.zeros(estimate.n_samples or 0))
        msg = (
            f"`local=True` needs an estimator that averages pointwise terms, and "
            f"method='auto' chose {estimate.method!r}, which does not; pass e.g. "
            "method='ksg' (or 'kozachenko_leonenko' for an entropy, 'plugin' for labels)."
        )
        raise InvalidParameterError(msg)
    return estimate


def _dispatch(
    quantity: _Quantity, variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    if options.method in quantity.continuous_methods:
        return _estimate_continuous(quantity, variables, names, options)
    # an alphabet size speaks of categories: with it, "auto" counts the values as labels
    labels = options.discrete is None and options.alphabet_size is not None
    if options.method == "auto" and not labels:
        flags = resolve_discrete(options, variables)
        if not all(flags):
            if quantity.continuous is None:
                flagged = [n for n, f in zip(names, flags, strict=True) if not f]
                shown = ", ".join(f"`{n}`" for n in flagged)
                verb = "looks" if len(flagged) == 1 else "look"
                msg = (
                    f"{shown} {verb} continuous (decimals, or nearly as many distinct values as "
                    "samples), but this quantity is estimated for discrete data only; pass "
                    "`discrete=True` to treat the values as labels."
                )
                raise InvalidParameterError(msg)
            return _estimate_continuous(
                quantity, variables, names, replace(options, discrete=flags)
            )
    return _estimate_discrete(quantity, variables, names, options)


def _estimate_continuous(
    quantity: _Quantity, variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    given = options.discrete_options_given()
    if given:
        name = given[0]
        msg = (
            f"`{name}` applies to discrete methods only; got {name}={getattr(options, name)!r} "
            f"with method={options.method!r}."
        )
        raise InvalidParameterError(msg)
    if options.nan_policy == "category":
        msg = (
            "`nan_policy='category'` applies to discrete labels; for continuous samples use "
            "'omit' (drop rows with a missing value) or 'raise'."
        )
        raise InvalidParameterError(msg)
    if options.nan_policy == "omit":
        variables = drop_missing_rows(variables)
    if quantity.continuous is _continuous_entropy:
        return quantity.continuous(variables, options)  # the user's `discrete`, if any
    resolved = replace(options, discrete=resolve_discrete(options, variables))
    assert quantity.continuous is not None  # the continuous methods imply an engine
    return quantity.continuous(variables, resolved)


def route_mutual_information(variables: Sequence[object], options: Options) -> Estimate:
    """Estimate I(X; Y) of ``variables = [x, y]`` with checked `options` (no re-checking)."""
    return _route(_MUTUAL_INFORMATION, variables, ["x", "y"], options)


def drop_missing_rows(variables: Sequence[object]) -> list[object]:
    """Drop the rows in which any variable has a NaN (``nan_policy="omit"``, continuous)."""
    arrays = [
        np.asarray(to_numpy(v) if hasattr(v, "__array_namespace__") else v) for v in variables
    ]
    if len({len(array) for array in arrays}) > 1:
        return list(variables)  # mismatched lengths: let the estimator report them
    keep = np.ones(len(arrays[0]), dtype=bool)
    for array in arrays:
        if array.dtype.kind == "f":
            missing = np.isnan(array)
            keep &= ~(missing.any(axis=tuple(range(1, array.ndim))) if array.ndim > 1 else missing)
    return [array[keep] for array in arrays]


def _estimate_discrete(
    quantity: _Quantity, variables: Sequence[object], names: Sequence[str], options: Options
) -> Estimate:
    given = options.continuous_options_given()
    if given:
        shown = ", ".join(f"`{name}`" for name in given)
        msg = (
            f"unexpected option(s) {shown} for the discrete method {options.method!r}: they "
            "apply to continuous methods only."
        )
        raise InvalidParameterError(msg)
    if options.local and options.method == "auto":
        options = replace(options, method="plugin")  # the pointwise estimator of labels
    checked = check_options(
        method=options.method,
        base=options.base,
        alphabet_sizes=options.alphabet_size,
        ci=options.ci,
        rng=options.rng,
        n_bootstrap=_DEFAULT_BOOTSTRAP if options.n_bootstrap is None else options.n_bootstrap,
        concentration=(
            _DEFAULT_CONCENTRATION if options.concentration is None else options.concentration
        ),
    )
    factorised, _ = prepare_variables(list(variables), list(names), nan_policy=options.nan_policy)
    table = contingency_table(factorised)
    estimate = estimate_from_table(
        table,
        list(quantity.terms),
        checked,
        names=list(names),
        bounded_by_alphabet=quantity.entropy_only,
    )
    if not options.local:
        return estimate
    exact = [variable.checked() if variable.maybe_negative else variable for variable in factorised]
    local = plugin_local_values(
        [v.codes for v in exact], [v.size for v in exact], list(quantity.terms)
    )
    return replace(estimate, local_values=local / math.log(options.base))


_ENTROPY_METHODS = (*DISCRETE_METHODS, *CONTINUOUS_ENTROPY_METHODS)
_MUTUAL_INFORMATION_METHODS = (
    *DISCRETE_METHODS,
    *CONTINUOUS_MUTUAL_INFORMATION_METHODS,
    *NEURAL_MUTUAL_INFORMATION_METHODS,
)
_CONDITIONAL_METHODS = (*DISCRETE_METHODS, *CONDITIONAL_MUTUAL_INFORMATION_METHODS)


def estimate_entropy(
    x: object,
    /,
    *,
    method: EntropyMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | None = None,
    alphabet_size: int | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    metric: Metric | None = None,
    standardize: bool | None = None,
    window_length: int | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the entropy of the distribution that generated the samples `x`.

    Parameters
    ----------
    x : array_like of shape (n_samples,) or (n_samples, n_variables)
        Samples: labels (integers, strings, booleans, any hashable; NumPy arrays, lists,
        pandas or polars Series) or continuous values. For 2-D input, rows are samples and
        the columns together form one variable (joint entropy).
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
        ``"kozachenko_leonenko"``: kNN estimator [13]_ (any dimension);
        ``"weighted_kozachenko_leonenko"``: the weighted average over the 1st to K-th
        neighbour of Berrett, Samworth and Yuan [16]_, with the minimum-norm weights that
        cancel the bias terms of order :math:`(K/N)^{2l/d}`, :math:`l = 1..\lfloor d/4
        \rfloor`; ``n_neighbors`` is K (default 3 for d <= 3, where it is the plain
        estimator, and 10 from d = 4); ``"vasicek"`` [14]_, ``"van_es"``,
        ``"ebrahimi"`` [15]_ and ``"correa"``: spacing estimators (one dimension only, the
        same values as `scipy.stats.differential_entropy`, where van Es is spelled
        ``"van es"``; `infokit.estimators.continuous.spacing` has the formulas and
        references); ``"gaussian"``: entropy of the fitted normal.
        ``"auto"`` uses, in one dimension, ``"van_es"`` for n <= 10 and ``"ebrahimi"``
        above (scipy's default also switches to Vasicek above n = 1000; infokit keeps
        Ebrahimi there, see below), ``"weighted_kozachenko_leonenko"``
        for 4 <= d <= 6 with N >= 10000 and ``"kozachenko_leonenko"`` otherwise: on normal,
        uniform and exponential samples with N = 100, 1000, 10000
        (``benchmarks/accuracy_continuous.py``) Ebrahimi's RMSE was below the kNN
        estimator's in 9 of 9 settings (e.g. 0.026 vs 0.033 nats, normal, N = 1000) and
        below Vasicek's in 7 of 9; on 5-D normal samples with N = 10000
        (``benchmarks/accuracy_weighted_kl.py``) the weighted estimator's RMSE was 0.036
        nats against 0.056 for the plain one, and it also won on uniform and Student-t
        samples there, but lost at N = 1000 and at d = 10. ``benchmarks/accuracy_spacing.py``
        (RMSE over six distributions including Student-t and lognormal, nats): n = 5:
        van Es 0.52, Ebrahimi 0.62; n = 100: Ebrahimi 0.104, Vasicek 0.127; n = 1000:
        Vasicek 0.035, kNN 0.036, Ebrahimi 0.040; n = 10^4: kNN 0.011, Vasicek 0.015,
        Ebrahimi 0.018 (the heavy tails favour the kNN estimator at large n).
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy. Measured over 200
        repetitions (Zipf and uniform, K = 1000, N = 1000 and 10^4, K known or not): every
        method's 95% interval covers the entropy in at least 94.5% of them (own intervals
        alone: 0% for the plug-in). ``details["own_interval"]`` keeps the method's own
        interval. Discrete combinations (mutual information, conditional entropy) keep the
        re-centred bootstrap interval (normal with the delta-method standard error for
        ``"nsb"`` and ``"pym"``); see the Notes of `estimate_entropy`. Continuous methods:
        normal, with the standard error of `uncertainty`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values (NaN, None, nulls): raise, drop the rows that hold one, or (discrete
        methods only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete (one flag for all, or one per variable). By
        default the rule of `infokit.estimators.is_discrete`: booleans, strings and
        categoricals are labels; numbers are labels when they are whole numbers with few
        distinct values (at most 10, or one per 5 samples) that recur, so an integer array
        and its float copy are treated alike, and measurements otherwise (decimals, or
        counts, ids and amounts with many distinct values). Pass ``discrete=True`` for
        integer codes of a large alphabet.
    n_neighbors : int, optional
        ``k`` of the kNN estimators (continuous methods only); 3 by default (K of
        ``"weighted_kozachenko_leonenko"``: see `method`).
    metric : {"euclidean", "chebyshev"}, optional
        Norm of the kNN distances of the Kozachenko–Leonenko methods (the unit-ball volume matches
        it); ``"euclidean"`` by default.
    standardize : bool, optional
        Divide each column by its standard deviation :math:`s_j` before a continuous
        estimate and add back :math:`\sum_j \log s_j`, so the result is still the entropy of
        `x`; only the kNN estimator's finite-sample behaviour changes. False by default.
    window_length : int, optional
        Spacing ``m`` of the spacing estimators (``"vasicek"``, ``"van_es"``,
        ``"ebrahimi"``, ``"correa"``); default
        :math:`\lfloor\sqrt n + 1/2\rfloor`.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's `std_error` is computed; ``"auto"`` by default: subsampling
        for kNN methods (40 subsamples of N/4 rows below 20 000 samples; above, 6 to 8
        subsamples, so the error bar costs at most 1.4 estimates), a delete-a-group
        jackknife over 10 blocks otherwise (see `infokit.estimators.continuous.uncertainty`).

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it), the kNN
        methods (``"ksg"``, ``"ksg2"``, ``"kozachenko_leonenko"``, ``"ross"``,
        ``"mixed_ksg"``, ...) and the spacing estimators; other methods raise
        `InvalidParameterError`.

    Returns
    -------
    Estimate
        The entropy in units of `base` with its standard error, the method used, the number
        of samples and, when asked, the interval. ``details`` holds the alphabet size used.

    Raises
    ------
    InvalidParameterError
        If an option is invalid, `x` holds missing labels under ``nan_policy="raise"``, or
        `alphabet_size` is smaller than the number of categories observed.
    ShapeError
        If `x` is empty, holds a single sample, or has more than 2 dimensions.
    InvalidParameterError
        For NaN or infinite samples, a constant column (its differential entropy is
        :math:`-\infty`) or a bad option.
    ShapeError
        Too few samples, or several dimensions for a spacing method.

    Warns
    -----
    SmallSampleWarning
        When N is far below K (more than half the samples are singletons, or N < K) for
        the plug-in, Miller–Madow, jackknife or Grassberger estimators; or when an estimate
        outside ``[0, log K]`` was clipped.
    TieWarning
        When repeated values were jittered (the differential entropy of data with atoms is
        :math:`-\infty`; the jittered estimate is then not meaningful).

    Notes
    -----
    With counts :math:`n_i`, :math:`N = \sum_i n_i`, :math:`m` categories seen, :math:`f_1,
    f_2` the numbers seen once and twice, all in nats:

    - ``"plugin"``: :math:`\hat H = \log N - \frac1N \sum_i n_i \log n_i`, biased by about
      :math:`-(K-1)/2N`; standard error :math:`\sqrt{(\sum_i \hat p_i \log^2 \hat p_i -
      \hat H^2)/N}` (Basharin [1]_), also used by the other frequentist methods.
    - ``"miller_madow"``: :math:`\hat H + (m - 1)/2N` [2]_.
    - ``"jackknife"``: :math:`N \hat H - \frac{N-1}{N}\sum_j \hat H_{-j}` [3]_, computed
      from the counts in O(m); standard error from the jackknife variance.
    - ``"grassberger"``: :math:`\log N - \frac1N\sum_i n_i G(n_i)` with :math:`G(n) =
      \psi(n) + \frac12 (-1)^n [\psi(\frac{n+1}2) - \psi(\frac n2)]` [4]_.
    - ``"chao_shen"``: coverage :math:`C = 1 - f_1/N`, :math:`\tilde p_i = C n_i / N`,
      :math:`\hat H = -\sum_i \tilde p_i \log \tilde p_i / (1 - (1 - \tilde p_i)^N)` [5]_.
    - ``"chao_wang_jost"``: :math:`\sum_{n_i<N} \frac{n_i}{N}(\psi(N) - \psi(n_i)) +
      \frac{f_1}{N}(1-A)^{1-N}(-\log A - \sum_{r=1}^{N-1}\frac{(1-A)^r}{r})`, :math:`A =
      2f_2/((N-1)f_1 + 2f_2)` [6]_; the last term is evaluated as an integral, free of the
      cancellation of the literal formula.
    - ``"james_stein"``: entropy of :math:`\lambda/K + (1-\lambda)\hat p_i` with the
      shrinkage :math:`\lambda = (1 - \sum \hat p_i^2)/((N-1)\sum(1/K - \hat p_i)^2)`, clipped
      to the interval from 0 to 1 [7]_; K is the number observed when `alphabet_size` is not
      given.
    - ``"dirichlet"``: posterior mean :math:`\psi(N+Ka+1) - \sum_i \frac{n_i+a}{N+Ka}
      \psi(n_i+a+1)` over all K categories [8]_; the standard error is the posterior standard
      deviation.
    - ``"nsb"``: the Dirichlet posterior mean averaged over :math:`a` with the prior
      :math:`p(a) \propto K\psi_1(Ka+1) - \psi_1(a+1)` [9]_, integrated numerically (no
      saddle-point approximation); the standard error and interval are the posterior ones.
      Without `alphabet_size`, K is the Chao1 estimate :math:`m + \frac{N-1}{N}\frac{f_1(f_1-1)}
      {2(f_2+1)}` (reported as ``details["alphabet_size"]``).
    - ``"pym"``: the Pitman–Yor mixture [10]_ for an unknown, possibly infinite alphabet: the
      posterior mean of the entropy under a Pitman–Yor process prior PY(d, α), in closed
      form, averaged over the discount d and concentration α with a prior that is flat in
      the prior mean entropy :math:`\psi(\alpha+1) - \psi(1-d)`, times the evidence of the
      counts (2-D Gauss–Legendre quadrature around the posterior mode; see
      `infokit.estimators.discrete.pym`). The standard error is the posterior standard
      deviation, the own interval the equal-tailed posterior interval. `alphabet_size` does
      not enter the prior; the estimate is clipped to :math:`\log K` like the others. Because
      the prior
      extrapolates a heavy tail, it over-estimates the entropy of distributions with a
      finite support that the sample does not yet reveal: in
      ``benchmarks/accuracy_discrete.py`` (K = 1000, K unknown, 200 repetitions) its bias is
      +0.27 nats on Zipf and +0.31 on uniform at N = 1000 (RMSE 0.28 and 0.32 against 0.09
      and 0.04 for ``"chao_wang_jost"``) and +1.04 on uniform at N = 100; it is the most
      accurate only on Zipf at N = 100 (RMSE 0.33 against 0.46). On samples of a power law
      with an infinite support it matches ``"chao_wang_jost"``. When no category was seen
      twice its posterior is improper and the Chao–Wang–Jost estimate is returned, with a
      `SmallSampleWarning` and ``details["pym_fallback"]``.
    - ``"jvhw"``: the estimator of Jiao, Venkat, Han & Weissman [11]_, which attains the
      minimax rate (consistent with N of order K / log K samples): a category of frequency
      :math:`x = n_i/N` above the threshold :math:`T = 4c_1\log N/N` contributes
      :math:`-x\log x + 1/2N`; below :math:`T/2`, an unbiased estimate (falling factorials of
      :math:`n_i`) of the best uniform polynomial approximation of :math:`-p\log p` on
      :math:`[0, T]`, of order :math:`\min(4 + \lceil 1.2\log N\rceil, 22)`; in between a
      linear blend. :math:`c_1` is the authors' fit in :math:`\log(N/f_1)`. Categories not
      seen add nothing, so it needs no alphabet size (see `infokit.estimators.discrete.jvhw`). The
      standard error and own interval come from the jackknife over samples.
    - ``"unseen"``: the estimator of Valiant & Valiant [12]_: the histogram of the
      distribution (how many categories have each probability, on a geometric grid) whose
      expected fingerprint (how many categories are seen once, twice, ...) best matches the
      observed one, found by two linear programs, the second choosing the smallest support
      among near-best fits; frequent categories keep their empirical probability. The
      estimate is the entropy of that histogram (see `infokit.estimators.discrete.unseen`). Two LPs
      per estimate make it the slowest method (4–10 ms). The standard error is the
      delta-method one and the own interval normal with it, for one entropy and for
      combinations: a jackknife over samples overstates the spread of an LP solution many
      times, and a bootstrap would solve two LPs per resample.
    - ``"auto"``: for one entropy, ``"nsb"`` when `alphabet_size` is given and N < K,
      ``"jvhw"`` when it is not and more than half of the samples are singletons (far fewer
      samples than categories), ``"chao_wang_jost"`` otherwise and for every combination,
      by the accuracy table of ``benchmarks/accuracy_discrete.py`` (see
      `infokit.estimators.discrete.engine.auto_method`).

    Entropy estimates outside :math:`[0, \log K]` (:math:`[0, \infty)` without `alphabet_size`)
    are clipped into it, with a `SmallSampleWarning`.
    Intervals (``ci``). Each method first builds its own interval: for ``"nsb"`` the
    highest-posterior-density interval on :math:`[0, \log K]` (it reaches :math:`\log K`
    for near-uniform data); for ``"chao_shen"`` and ``"chao_wang_jost"``
    :math:`\hat H \pm z\,\mathrm{se}` with the jackknife standard error; for the others a
    percentile interval of `n_bootstrap` multinomial resamples of size N (seeded by `rng`)
    of the estimated complete distribution of [6]_ (the observed frequencies scaled by the
    estimated sample coverage, plus the Chao1 number of unseen categories sharing the rest),
    shifted by the estimate minus the bootstrap mean. Such an interval describes where the
    estimator falls, not where the entropy lies: when the bias exceeds the spread it misses
    the entropy almost always. So, for every method but ``"chao_wang_jost"``, ``ci`` is the
    hull of the own interval and the Chao–Wang–Jost interval on the same counts (that
    estimator is nearly unbiased and its jackknife interval covers): it covers whenever
    either does, and its extra width shows how far the method's bias may reach. Both are
    in `details` (``"own_interval"``, ``"reference_interval"``, in units of `base`; also
    ``"ci_method"`` for the own interval and ``"interval"`` in words); the estimate and its
    standard error do not change. Measured in ``benchmarks/accuracy_discrete.py`` (Zipf and
    uniform over K = 1000, 200 repetitions, nominal 95%), coverage at N = 1000 and 10^4,
    K known or not: the own intervals of the plug-in, Miller–Madow, jackknife, Grassberger,
    Chao–Shen and James–Stein covered 0–69% wherever their bias exceeded their standard
    deviation (the plug-in 0% at N = 1000; Chao–Shen 0% on uniform at N = 10^4, bias
    -0.046, sd 0.002), Dirichlet's 0–81%, NSB's 36.5–96.5% (55% on Zipf at N = 10^4); the
    hulls covered 94.5–100% for every method, as did Chao–Wang–Jost's own interval. The
    price is width: on uniform data at N = 1000 the plug-in's mean width grows from 0.08 to
    0.74 nats (its bias is -0.57), while where a method is unbiased (Miller–Madow, uniform,
    N = 10^4) it stays 0.015. At N = 100 the Chao–Wang–Jost interval covered 87.5% on Zipf
    and so every hull covered at least that. Discrete
    combinations (mutual information, conditional entropy and conditional mutual
    information) keep the re-centred bootstrap percentile interval of resamples of the
    observed cell frequencies (for ``"nsb"``: normal, with the delta-method standard error);
    no reference with a measured coverage exists for them.

    **Continuous methods.**

    Kozachenko–Leonenko, with :math:`\epsilon_i` the distance to the `k`-th neighbour and
    :math:`V_d` the unit-ball volume of the norm:

    .. math:: \hat H = \psi(N) - \psi(k) + \log V_d + \frac dN \sum_i \log \epsilon_i

    Consistent for any fixed `k` as :math:`N \to \infty` with bias decaying like
    :math:`N^{-1/d}`; the spacing estimators converge faster in one dimension.

    References
    ----------
    .. [1] G. P. Basharin, "On a statistical estimate for the entropy of a sequence of
       independent random variables", *Theory Probab. Appl.* 4, 1959.
    .. [2] G. A. Miller, "Note on the bias of information estimates", 1955.
    .. [3] S. Zahl, "Jackknifing an index of diversity", *Ecology* 58, 1977.
    .. [4] P. Grassberger, "Entropy estimates from insufficient samplings",
       arXiv:physics/0307138, 2003.
    .. [5] A. Chao and T.-J. Shen, "Nonparametric estimation of Shannon's index of diversity
       when there are unseen species", *Environ. Ecol. Stat.* 10, 2003.
    .. [6] A. Chao, Y. T. Wang and L. Jost, "Entropy and the species accumulation curve",
       *Methods Ecol. Evol.* 4, 2013.
    .. [7] J. Hausser and K. Strimmer, "Entropy inference and the James–Stein estimator",
       *JMLR* 10, 2009.
    .. [8] D. H. Wolpert and D. R. Wolf, "Estimating functions of probability distributions
       from a finite set of samples", *Phys. Rev. E* 52, 1995.
    .. [9] I. Nemenman, F. Shafee and W. Bialek, "Entropy and inference, revisited",
       *NIPS* 14, 2002.
    .. [10] E. Archer, I. M. Park and J. W. Pillow, "Bayesian entropy estimation for countable
       discrete distributions", *JMLR* 15, 2014 (NIPS 25, 2012).
    .. [11] J. Jiao, K. Venkat, Y. Han and T. Weissman, "Minimax estimation of functionals of
       discrete distributions", *IEEE Trans. Inf. Theory* 61(5), 2015.
    .. [12] G. Valiant and P. Valiant, "Estimating the unseen: improved estimators for
       entropy and other properties", *NIPS* 26, 2013.
    .. [13] L. F. Kozachenko and N. N. Leonenko, "Sample estimate of the entropy of a random
       vector", Problems of Information Transmission 23(2), 95-101, 1987.
    .. [14] O. Vasicek, "A test for normality based on sample entropy", JRSS B 38, 1976.
    .. [15] N. Ebrahimi, K. Pflughoeft and E. S. Soofi, "Two measures of sample entropy",
       Statistics & Probability Letters 20, 1994.
    .. [16] T. B. Berrett, R. J. Samworth and M. Yuan, "Efficient multivariate entropy
       estimation via k-nearest neighbour distances", *Ann. Statist.* 47(1), 288-318, 2019.

    Examples
    --------
    >>> from infokit import estimate_entropy
    >>> labels = ["a", "b", "a", "c", "a", "b"]
    >>> estimate_entropy(labels, method="plugin", base="bits")
    1.459 ± 0.232 bits (plugin, n=6)
    >>> round(float(estimate_entropy(labels, method="miller_madow")), 4)
    1.1781

    >>> import math
    >>> import numpy as np
    >>> from infokit import estimate_entropy
    >>> x = np.random.default_rng(0).normal(size=5000)
    >>> estimate = estimate_entropy(x, method="vasicek")
    >>> round(estimate.value, 2), round(0.5 * math.log(2 * math.pi * math.e), 2)
    (1.42, 1.42)
    """
    options = build_options(
        method=method,
        methods=_ENTROPY_METHODS,
        n_variables=1,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        metric=metric,
        standardize=standardize,
        window_length=window_length,
        uncertainty=uncertainty,
        local=local,
    )
    return _route(_ENTROPY, [x], ["x"], options)


def estimate_joint_entropy(
    *variables: object,
    method: EntropyMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    metric: Metric | None = None,
    standardize: bool | None = None,
    window_length: int | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the joint entropy :math:`H(X_1, \dots, X_k)` of several variables.

    Parameters
    ----------
    *variables : array_like, each of shape (n_samples,) or (n_samples, n_columns)
        Paired samples of each variable.
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy (measured coverage: the Notes of `estimate_entropy`).
        ``details["own_interval"]`` keeps the method's own interval. Discrete combinations
        (mutual information, conditional entropy) keep the re-centred bootstrap interval
        (normal with the delta-method standard error for ``"nsb"`` and ``"pym"``); see the
        Notes of `estimate_entropy`. Continuous methods: normal, with the standard error of
        `uncertainty`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values (NaN, None, nulls): raise, drop the rows that hold one, or (discrete
        methods only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete (one flag for all, or one per variable). By
        default the rule of `infokit.estimators.is_discrete`: booleans, strings and
        categoricals are labels; numbers are labels when they are whole numbers with few
        distinct values (at most 10, or one per 5 samples) that recur, so an integer array
        and its float copy are treated alike, and measurements otherwise (decimals, or
        counts, ids and amounts with many distinct values). Pass ``discrete=True`` for
        integer codes of a large alphabet.
    n_neighbors : int, optional
        ``k`` of the kNN estimators (continuous methods only); 3 by default.
    metric : {"euclidean", "chebyshev"}, optional
        Norm of the kNN distances (``"euclidean"`` by default).
    standardize : bool, optional
        As in `estimate_entropy` (False by default).
    window_length : int, optional
        Spacing ``m`` of the spacing estimators (``"vasicek"``, ``"van_es"``,
        ``"ebrahimi"``, ``"correa"``); default
        :math:`\lfloor\sqrt n + 1/2\rfloor`.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's `std_error` is computed; ``"auto"`` by default: subsampling
        for kNN methods (40 subsamples of N/4 rows below 20 000 samples; above, 6 to 8
        subsamples, so the error bar costs at most 1.4 estimates), a delete-a-group
        jackknife over 10 blocks otherwise (see `infokit.estimators.continuous.uncertainty`).

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it), the kNN
        methods (``"ksg"``, ``"ksg2"``, ``"kozachenko_leonenko"``, ``"ross"``,
        ``"mixed_ksg"``, ...) and the spacing estimators; other methods raise
        `InvalidParameterError`.

    Returns
    -------
    Estimate
        The joint entropy in units of `base`.

    Notes
    -----
    The joint entropy is the entropy of the tuple of labels, estimated by `method` from the
    counts of the occupied cells of the joint table (see `estimate_entropy`). With
    `alphabet_size`, K is the product of the sizes. Continuous methods receive the columns
    stacked side by side.

    Examples
    --------
    >>> from infokit import estimate_joint_entropy
    >>> x, y = [0, 0, 1, 1] * 5, [0, 1, 0, 1] * 5
    >>> round(float(estimate_joint_entropy(x, y, method="plugin", base=2)), 6)
    2.0
    """
    if not variables:
        msg = "`variables` must hold at least one variable; got none."
        raise ShapeError(msg)
    names = [f"variables[{i}]" for i in range(len(variables))]
    options = build_options(
        method=method,
        methods=_ENTROPY_METHODS,
        n_variables=len(variables),
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        metric=metric,
        standardize=standardize,
        window_length=window_length,
        uncertainty=uncertainty,
        local=local,
    )
    flags = resolve_discrete(options, variables) if options.method == "auto" else None
    if options.method in CONTINUOUS_ENTROPY_METHODS or (flags is not None and not all(flags)):
        stacked = _stack_continuous(variables, names, omit=options.nan_policy == "omit")
        sizes = options.alphabet_size
        joint = replace(
            options,
            discrete=(False,) if options.method == "auto" else None,
            alphabet_size=None if sizes is None else (math.prod(sizes),),
        )
        return _route(_ENTROPY, [stacked], ["x"], joint)
    whole = _Quantity(((1.0, tuple(range(len(variables)))),), (), None, True)
    return _estimate_discrete(whole, variables, names, options)


def _stack_continuous(variables: Sequence[object], names: Sequence[str], *, omit: bool) -> object:
    """Stack the continuous `variables` side by side, checking each under its own name.

    A NaN, a wrong shape or a mismatched length names ``variables[i]``, not the stacked
    array. With ``omit`` the NaN rows are left for the entropy engine to drop.
    """
    from infokit.estimators.continuous.samples import as_samples

    columns = []
    for value, name in zip(variables, names, strict=True):
        array = np.asarray(to_numpy(value) if hasattr(value, "__array_namespace__") else value)
        if omit and array.dtype.kind == "f":  # check all but NaN (dropped later)
            as_samples(np.where(np.isnan(array), 0.0, array), name=name)
            columns.append(np.asarray(array, dtype=np.float64).reshape(array.shape[0], -1))
        else:
            columns.append(as_samples(array, name=name))
    lengths = [column.shape[0] for column in columns]
    if len(set(lengths)) > 1:
        shown = ", ".join(f"`{n}` has {k}" for n, k in zip(names, lengths, strict=True))
        msg = f"the variables must have the same number of samples; {shown}. Pass paired samples."
        raise ShapeError(msg)
    return np.column_stack(columns)


def estimate_mutual_information(
    x: object,
    y: object,
    /,
    *,
    method: MutualInformationMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | tuple[bool, bool] | None = None,
    alphabet_size: int | tuple[int, int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    metric: Metric | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
    critic: str | object | None = None,
    batch_size: int | None = None,
    max_steps: int | None = None,
    learning_rate: float | None = None,
    held_out: float | None = None,
    patience: int | None = None,
    device: object = None,
    progress: bool | None = None,
) -> Estimate:
    r"""Estimate the mutual information :math:`I(X; Y)` from paired samples.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired samples (labels or continuous values); 2-D columns form one joint variable.
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
        ``"ksg"``/``"ksg2"``: Kraskov–Stögbauer–Grassberger algorithms 1 and 2 [1]_;
        ``"gaussian_copula"``: Ince et al. [2]_ with their bias correction; ``"gaussian"``:
        plug-in Gaussian MI (no correction); ``"ross"``: one discrete and one continuous
        variable [3]_ (scikit-learn's `mutual_info_classif`); ``"mixed_ksg"``: Gao et al.
        [4]_ for variables with discrete atoms; ``"stratified_ksg"``: for variables with
        atoms (zero-inflated data, sentinel values), the chain rule over the atoms
        :math:`A` of x and :math:`B` of y, :math:`I = I(A;B) + P(B{=}c) I(A;Y|B{=}c) +
        P(A{=}c) I(X;B|A{=}c) + P(A{=}c,B{=}c) I(X;Y|A{=}c,B{=}c)` (c: the continuous
        part), by plug-in, Ross and KSG, which keeps kNN balls from mixing an atom's line
        of positive mass with the continuous part (independent half-zero normals, N = 5000:
        -0.002 nats, where ``"mixed_ksg"`` gives 0.044; see
        `infokit.estimators.continuous.mixed.stratified_ksg_mutual_information`).
        ``"auto"``: one discrete variable gives ``"ross"`` (either argument may be the
        discrete one); two continuous ones give ``"ksg"``, or ``"stratified_ksg"`` when more than
        5% of the rows repeat a value (with a `TieWarning`). For a multivariate pair (more
        than two columns in all, without atoms, not `local`) ``"auto"`` also computes
        ``"gaussian_copula"`` and returns the larger of the two estimates, with its own error
        bar (``details["auto"]`` keeps both): KSG's bias grows with the dimension and is
        towards zero, while the copula estimate is exact for dependence that is Gaussian up
        to monotone maps of the coordinates and otherwise mostly low (a lower bound in
        one dimension, Ince et al. 2017). On the 40 "Beyond Normal" tasks (Czyż et al.
        2023; ``benchmarks/accuracy_beyond_normal.py``) this solves more tasks than either
        estimator alone, for the copula's extra cost (a sort per column). Rounding is not an
        atom: a tied column whose distinct values lie on a grid (``offset + step *
        integer``: rounded measurements, integer counts) first gets seeded
        ``Uniform(-step/2, step/2)`` noise, an invertible map that leaves I(X; Y) of the
        rounded data unchanged; only ties off a grid (e.g. exact zeros among continuous
        values) count as atoms. Ross's estimator
        counts tied values at an atom as Gao et al. do, instead of jittering them.
        Neural (the ``torch`` extra; never chosen by ``"auto"``): ``"infonce"``, ``"nwj"``,
        ``"smile"``, ``"mine"``, ``"donsker_varadhan"`` train a critic on that variational
        bound of `infokit.bounds` and report its value on held-out rows (Notes).
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy (measured coverage: the Notes of `estimate_entropy`).
        ``details["own_interval"]`` keeps the method's own interval. Discrete combinations
        (mutual information, conditional entropy) keep the re-centred bootstrap interval
        (normal with the delta-method standard error for ``"nsb"`` and ``"pym"``); see the
        Notes of `estimate_entropy`. Continuous methods: normal, with the standard error of
        `uncertainty`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values (NaN, None, nulls): raise, drop the rows that hold one, or (discrete
        methods only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete (one flag for all, or one per variable). By
        default the rule of `infokit.estimators.is_discrete`: booleans, strings and
        categoricals are labels; numbers are labels when they are whole numbers with few
        distinct values (at most 10, or one per 5 samples) that recur, so an integer array
        and its float copy are treated alike, and measurements otherwise (decimals, or
        counts, ids and amounts with many distinct values). Pass ``discrete=True`` for
        integer codes of a large alphabet.
    n_neighbors : int, optional
        ``k`` of the kNN estimators (continuous methods only); 3 by default, as in
        Kraskov et al. and scikit-learn.
    metric : {"euclidean", "chebyshev"}, optional
        Norm of the continuous variable in ``"ross"``; the KSG methods are defined with
        the max-norm (``"chebyshev"``, the default) and accept nothing else.
    standardize : bool, optional
        Centre each continuous column and divide it by its standard deviation before the
        kNN search, so that each column counts equally in the max-norm (True by default). MI
        is invariant under this scaling; the kNN estimates' finite-sample bias is not.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's `std_error` is computed; ``"auto"`` by default: subsampling
        for kNN methods (40 subsamples of N/4 rows below 20 000 samples; above, 6 to 8
        subsamples, so the error bar costs at most 1.4 estimates), a delete-a-group
        jackknife over 10 blocks otherwise (see `infokit.estimators.continuous.uncertainty`).

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it), the kNN
        methods (``"ksg"``, ``"ksg2"``, ``"kozachenko_leonenko"``, ``"ross"``,
        ``"mixed_ksg"``, ...) and the spacing estimators; other methods raise
        `InvalidParameterError`.
    critic : {"separable", "joint", "bilinear"} or torch.nn.Module, optional
        Neural methods only: the critic :math:`f(x, y)` (`infokit.bounds.critics`),
        ``"separable"`` by default, or the caller's module whose ``forward(x, y)`` maps
        ``(B, dim_x)`` and ``(B, dim_y)`` batches to the ``(B, B)`` scores (trained in
        place, left on its own device and dtype).
    batch_size, max_steps, learning_rate, held_out, patience : optional
        Neural methods only: pairs per minibatch (128, less where the held-out rows give
        fewer than 4 batches; at most half the held-out rows), Adam steps at most (2000),
        Adam's learning rate (5e-4), fraction of the rows held out for the reported value
        (0.2), and held-out evaluations without improvement before stopping (5).
    device : torch.device or str, optional
        Neural methods only: where to train; by default the device of torch samples, else
        the CPU.
    progress : bool, optional
        Neural methods only: a progress bar on stderr once training has taken a second;
        by default shown when rich is installed.

    Returns
    -------
    Estimate
        The mutual information in units of `base`. Bias-corrected estimates may be slightly
        negative when X and Y are independent; they are not clipped.

    Raises
    ------
    InvalidParameterError, ShapeError, ArrayLibraryError
        For non-finite samples, unequal lengths, too few samples, object dtypes that are
        not labels, or bad options.

    Warns
    -----
    TieWarning
        When repeated values were jittered or the method was switched to
        ``"stratified_ksg"``.
    SmallSampleWarning
        When the dimension is too large for kNN distances to be informative.

    Notes
    -----
    Discrete methods estimate :math:`I = H(X) + H(Y) - H(X, Y)` with the same entropy
    estimator for all three terms (see `estimate_entropy`), K of the joint being the product
    of the alphabet sizes. For the plug-in this is :math:`\sum_{xy} \hat p_{xy}\log(\hat
    p_{xy}/\hat p_x \hat p_y)`, biased by about :math:`+(K_X-1)(K_Y-1)/2N`; ``"nsb"`` combines
    the three NSB posterior means, ``"pym"`` the three PYM posterior means. The standard
    error is the delta-method one, :math:`\sqrt{(\sum \hat p_{xy}\log^2 \frac{\hat
    p_{xy}}{\hat p_x\hat p_y} - \hat I^2)/N}` (the jackknife variance for ``"jackknife"``);
    it is meaningless at exact independence, where :math:`2N\hat I` follows a
    :math:`\chi^2` law: use `independence_test` there. The interval (``ci``) is the
    bootstrap percentile interval of resamples of the observed cell frequencies, re-centred
    on the estimate (normal with that standard error for ``"nsb"``, ``"pym"`` and
    ``"unseen"``). Unlike
    one entropy's, it is not joined with a Chao–Wang–Jost interval: no such reference with
    a measured coverage exists for combinations. It inherits the bias of the method: for X
    uniform over 30 symbols and Y = X with probability 0.5
    (``benchmarks/accuracy_discrete.py``, 100 repetitions) the 95% interval covered 86% for
    ``"chao_wang_jost"`` and 0% for the plug-in at N = 1000, 90% and 28% at N = 10^4.
    ``"auto"`` is ``"chao_wang_jost"`` for discrete data; continuous or mixed data go to
    `infokit.estimators.continuous` (methods ``"ksg"``, ``"ksg2"``, ``"gaussian_copula"``,
    ``"gaussian"``, ``"ross"``, ``"mixed_ksg"``, ``"stratified_ksg"``).

    **Continuous methods.**

    KSG algorithm 1, with :math:`\epsilon_i` the max-norm distance to the `k`-th neighbour in
    the joint space and :math:`n_{x,i}` the points with :math:`|x_j - x_i| < \epsilon_i`:

    .. math:: \hat I = \psi(k) + \psi(N) - \langle \psi(n_x + 1) + \psi(n_y + 1) \rangle

    Algorithm 2: :math:`\psi(k) - 1/k + \psi(N) - \langle\psi(n_x) + \psi(n_y)\rangle` with
    per-marginal radii and :math:`\le`. Columns that are constant carry no information and
    are dropped; if one side is entirely constant the estimate is exactly 0.

    Uncertainty (``benchmarks/accuracy_continuous.py``, bivariate Gaussians with rho = 0.6,
    N = 1000, 200 seeded repetitions): the default 95% interval of ``"ksg"`` (subsampling)
    covered the true MI in 97.0% of the repetitions (mean width 0.126 nats); the block
    jackknife in 99.5% (width 0.178, too wide), the local-terms spread in 93.0% (width
    0.099); ``"gaussian_copula"`` (block jackknife) in 97.5%; ``"ross"`` on a Bernoulli
    mixture in 94.5%. The naive bootstrap is not offered: it duplicates points and biases
    kNN estimates upwards.

    **On the caller's device.** With torch or JAX samples, ``"gaussian"`` and
    ``"gaussian_copula"`` (block-jackknife or no error bar) are computed in that library on
    the samples' device, no sample copied to the host; ``value`` and ``std_error`` are then
    0-d arrays of that library, and the ``"gaussian"`` value is differentiable with respect
    to the samples (the copula one depends on ranks only). The results equal the NumPy
    path's to rounding. Other methods and options copy the samples to the host.

    **Neural methods** (`infokit.estimators.neural`). The rows are split once at random
    (`rng`) into training and held-out rows; the columns are standardised by the training
    rows (unless ``standardize=False``); the critic (weights seeded by `rng`) is trained by
    Adam on minibatches of the training rows to maximise the bound: InfoNCE (van den Oord et
    al. 2018), NWJ (Nguyen, Wainwright and Jordan 2010), SMILE with clip 5 (Song and Ermon
    2020), MINE (Belghazi et al. 2018, moving-average gradient with momentum 0.9; its value
    is the Donsker–Varadhan bound's) or Donsker–Varadhan. After each pass over the training
    rows the bound is evaluated on the held-out rows in batches of `batch_size`, and
    training stops after `patience` passes without improvement (or `max_steps`). The value
    is the best critic's mean bound over the held-out batches and `std_error` their standard
    deviation over the square root of their number: a critic scored on its own training
    batch over-estimates (it has learnt the batch's noise). InfoNCE never exceeds
    ``log(batch_size)`` (``details["ceiling"]``), so it under-estimates a large MI; NWJ, DV
    and MINE are unbiased only for the optimal critic and their variance grows like
    :math:`e^{I}` (Song and Ermon 2020); SMILE trades bias for variance. Samples are trained
    on in float32 unless they are float64 tensors. With torch samples, ``value`` and
    ``std_error`` are 0-d tensors on their device. Defaults are sized for a laptop CPU:
    5000 pairs of 5 + 5 dimensions take about a second on two cores.

    References
    ----------
    .. [1] A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual information",
       Physical Review E 69, 066138, 2004.
    .. [2] R. A. A. Ince et al., "A statistical framework for neuroimaging data analysis
       based on mutual information estimated via a Gaussian copula", Human Brain Mapping 38,
       1541-1573, 2017.
    .. [3] B. C. Ross, "Mutual information between discrete and continuous data sets",
       PLoS ONE 9(2), e87357, 2014.
    .. [4] W. Gao, S. Kannan, S. Oh and P. Viswanath, "Estimating mutual information for
       discrete-continuous mixtures", NeurIPS 30, 2017.

    Examples
    --------
    >>> from infokit import estimate_mutual_information
    >>> x = [0, 0, 1, 1, 0, 1]
    >>> estimate_mutual_information(x, x, method="plugin", base=2)
    1.000 ± 0.000 bits (plugin, n=6)

    >>> import math
    >>> import numpy as np
    >>> from infokit import estimate_mutual_information
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000)
    >>> y = 0.6 * x + 0.8 * rng.normal(size=2000)
    >>> estimate = estimate_mutual_information(x, y, method="gaussian_copula")
    >>> round(estimate.value, 2), round(-0.5 * math.log(1 - 0.6**2), 2)
    (0.22, 0.22)
    >>> labels = (x > 0).astype(int)
    >>> estimate_mutual_information(labels, y).method
    'ross'
    """
    options = build_options(
        method=method,
        methods=_MUTUAL_INFORMATION_METHODS,
        n_variables=2,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        metric=metric,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
        critic=critic,
        batch_size=batch_size,
        max_steps=max_steps,
        learning_rate=learning_rate,
        held_out=held_out,
        patience=patience,
        device=device,
        progress=progress,
    )
    return _route(_MUTUAL_INFORMATION, [x, y], ["x", "y"], options)


def estimate_conditional_entropy(
    x: object,
    y: object,
    /,
    *,
    method: DiscreteMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | tuple[bool, bool] | None = None,
    alphabet_size: int | tuple[int, int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the conditional entropy :math:`H(X \mid Y)` of discrete samples.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired labels; `y` is the conditioning variable.
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy (measured coverage: the Notes of `estimate_entropy`).
        ``details["own_interval"]`` keeps the method's own interval. Discrete combinations
        (mutual information, conditional entropy) keep the re-centred bootstrap interval
        (normal with the delta-method standard error for ``"nsb"`` and ``"pym"``); see the
        Notes of `estimate_entropy`. Continuous methods: normal, with the standard error of
        `uncertainty`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values (NaN, None, nulls): raise, drop the rows that hold one, or (discrete
        methods only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete (one flag for all, or one per variable). By
        default the rule of `infokit.estimators.is_discrete`: booleans, strings and
        categoricals are labels; numbers are labels when they are whole numbers with few
        distinct values (at most 10, or one per 5 samples) that recur, so an integer array
        and its float copy are treated alike, and measurements otherwise (decimals, or
        counts, ids and amounts with many distinct values). Pass ``discrete=True`` for
        integer codes of a large alphabet.

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it), the kNN
        methods (``"ksg"``, ``"ksg2"``, ``"kozachenko_leonenko"``, ``"ross"``,
        ``"mixed_ksg"``, ...) and the spacing estimators; other methods raise
        `InvalidParameterError`.

    Returns
    -------
    Estimate
        The conditional entropy in units of `base`.

    Notes
    -----
    :math:`H(X \mid Y) = H(X, Y) - H(Y)`, both entropies estimated by `method`
    (see `estimate_entropy`); ``"auto"`` is ``"chao_wang_jost"``. Discrete data only: pass
    ``discrete=True`` to treat floating-point values as labels.

    Examples
    --------
    >>> from infokit import estimate_conditional_entropy
    >>> x, y = [0, 1, 0, 1] * 5, [0, 0, 1, 1] * 5
    >>> round(float(estimate_conditional_entropy(x, y, method="plugin", base=2)), 6)
    1.0
    """
    options = build_options(
        method=method,
        methods=DISCRETE_METHODS,
        n_variables=2,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        local=local,
    )
    return _route(_CONDITIONAL_ENTROPY, [x, y], ["x", "y"], options)


def estimate_conditional_mutual_information(
    x: object,
    y: object,
    z: object,
    /,
    *,
    method: ConditionalMutualInformationMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | tuple[bool, bool, bool] | None = None,
    alphabet_size: int | tuple[int, int, int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the conditional mutual information :math:`I(X; Y \mid Z)`.

    Parameters
    ----------
    x, y, z : array_like of shape (n_samples,) or (n_samples, n_columns)
        Paired samples; `z` is the conditioning variable.
    method : str, default="auto"
        Estimator; see Notes. Discrete: ``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"chao_wang_jost"``, ``"james_stein"``,
        ``"dirichlet"``, ``"nsb"``, ``"pym"``, ``"jvhw"``, ``"unseen"``. ``"auto"`` chooses
        by the data (see
        `discrete`) and, for discrete data, by the accuracy table in
        ``benchmarks/accuracy_discrete.py``.
        ``"ksg"``: Frenzel–Pompe kNN estimator [1]_ [2]_; ``"gaussian_copula"``: Ince et
        al.'s bias-corrected copula estimator [3]_; ``"gaussian"``: the closed form of the
        Gaussian fitted to the samples,
        :math:`\tfrac12 \log(|\Sigma_{XZ}||\Sigma_{YZ}| / (|\Sigma_{XYZ}||\Sigma_Z|))`
        (partial correlation; Granger causality over 2 when `y` and `z` are pasts).
        ``"auto"`` means ``"ksg"``.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    alphabet_size : int or tuple of int, optional
        Number of possible categories K of each variable, when known (at least the number
        observed). Used by ``"nsb"``, ``"james_stein"`` and ``"dirichlet"``; ``"pym"`` only
        clips to ``log K``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``). Discrete, one entropy:
        ``"chao_wang_jost"`` gives ``estimate ± z * se`` with its jackknife standard error;
        every other method gives the hull (smallest interval containing both) of its own
        interval (bootstrap percentile re-centred on the estimate; jackknife-normal for
        ``"chao_shen"`` and ``"jvhw"``; normal with the delta-method standard error for
        ``"unseen"``; highest posterior density for ``"nsb"``; equal-tailed posterior for
        ``"pym"``) and that Chao–Wang–Jost interval on the same counts, because an
        interval around a biased estimate is an interval for the estimator's mean, not for
        the entropy (measured coverage: the Notes of `estimate_entropy`).
        ``details["own_interval"]`` keeps the method's own interval. Discrete combinations
        (mutual information, conditional entropy) keep the re-centred bootstrap interval
        (normal with the delta-method standard error for ``"nsb"`` and ``"pym"``); see the
        Notes of `estimate_entropy`. Continuous methods: normal, with the standard error of
        `uncertainty`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    n_bootstrap : int, optional
        Bootstrap resamples behind `ci` (1000 by default for discrete methods).
    concentration : float, optional
        Concentration ``a`` of the ``"dirichlet"`` prior; 0.5 (Jeffreys) by default.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values (NaN, None, nulls): raise, drop the rows that hold one, or (discrete
        methods only) count them as a category.
    discrete : bool or tuple of bool, optional
        Whether each variable is discrete (one flag for all, or one per variable). By
        default the rule of `infokit.estimators.is_discrete`: booleans, strings and
        categoricals are labels; numbers are labels when they are whole numbers with few
        distinct values (at most 10, or one per 5 samples) that recur, so an integer array
        and its float copy are treated alike, and measurements otherwise (decimals, or
        counts, ids and amounts with many distinct values). Pass ``discrete=True`` for
        integer codes of a large alphabet.
    n_neighbors : int, optional
        ``k`` of the kNN estimators (continuous methods only); 3 by default.
    standardize : bool, optional
        Centre and scale every continuous column to unit variance before the kNN search
        (True by default; CMI is invariant under it, the estimator's bias is not).
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's `std_error` is computed; ``"auto"`` by default: subsampling
        for kNN methods (40 subsamples of N/4 rows below 20 000 samples; above, 6 to 8
        subsamples, so the error bar costs at most 1.4 estimates), a delete-a-group
        jackknife over 10 blocks otherwise (see `infokit.estimators.continuous.uncertainty`).

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it), the kNN
        methods (``"ksg"``, ``"ksg2"``, ``"kozachenko_leonenko"``, ``"ross"``,
        ``"mixed_ksg"``, ...) and the spacing estimators; other methods raise
        `InvalidParameterError`.

    Returns
    -------
    Estimate
        The conditional mutual information in units of `base`.

    Notes
    -----
    Discrete methods estimate :math:`H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z)` with one entropy
    estimator throughout (see `estimate_entropy`); the standard error is the delta-method
    one. Continuous or mixed data go to `infokit.estimators.continuous` (``"ksg"``,
    ``"gaussian_copula"``, ``"gaussian"``).

    **Continuous methods.**

    With :math:`\epsilon_i` the max-norm distance to the `k`-th neighbour in the joint
    (x, y, z) space and :math:`n_{xz,i}`, :math:`n_{yz,i}`, :math:`n_{z,i}` the points
    strictly within :math:`\epsilon_i` in those subspaces:

    .. math:: \hat I(X;Y|Z) = \psi(k) - \langle \psi(n_{xz} + 1) + \psi(n_{yz} + 1)
              - \psi(n_z + 1) \rangle

    Constant columns of `z` are dropped (conditioning on a constant changes nothing); a
    constant `x` or `y` gives exactly 0.

    With ``"ksg"`` and discrete `z`, the estimate is
    :math:`\sum_z \hat p(z)\, \hat I_{\mathrm{KSG}}(X; Y \mid Z = z)`, KSG within each class
    (classes with at most `n_neighbors` samples are left out, with a `SmallSampleWarning`).
    Discrete `x` or `y` are coded as integers and treated as numbers whose ties are jittered
    (with a `TieWarning`).

    References
    ----------
    .. [1] S. Frenzel and B. Pompe, "Partial mutual information for coupling analysis of
       multivariate time series", Physical Review Letters 99, 204101, 2007.
    .. [2] M. Vejmelka and M. Paluš, "Inferring the directionality of coupling with
       conditional mutual information", Physical Review E 77, 026214, 2008.
    .. [3] R. A. A. Ince et al., Human Brain Mapping 38, 1541-1573, 2017.

    Examples
    --------
    >>> from infokit import estimate_conditional_mutual_information
    >>> x, z = [0, 1, 0, 1] * 5, [0, 0, 1, 1] * 5
    >>> round(float(estimate_conditional_mutual_information(x, x, z, method="plugin", base=2)), 6)
    1.0

    >>> import math
    >>> import numpy as np
    >>> from infokit import estimate_conditional_mutual_information
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=3000)
    >>> x, y = z + rng.normal(size=3000), z + rng.normal(size=3000)
    >>> estimate = estimate_conditional_mutual_information(x, y, z, method="gaussian_copula")
    >>> abs(estimate.value) < 3 * estimate.std_error + 0.01
    True
    """
    options = build_options(
        method=method,
        methods=_CONDITIONAL_METHODS,
        n_variables=3,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )
    return _route(_CONDITIONAL_MUTUAL_INFORMATION, [x, y, z], ["x", "y", "z"], options)


def estimate_kl_divergence(
    x_p: object,
    x_q: object,
    /,
    *,
    method: KLMethod = "knn",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    n_neighbors: int | None = None,
    uncertainty: Uncertainty | None = None,
) -> Estimate:
    r"""Estimate the KL divergence D(P ‖ Q) from samples of P and samples of Q.

    Parameters
    ----------
    x_p : array of shape (n, n_dims) or (n,)
        Samples of P, the reference distribution.
    x_q : array of shape (m, n_dims) or (m,)
        Samples of Q, with the same number of dimensions (the counts may differ).
    method : {"knn", "gaussian"}, default="knn"
        ``"knn"``: Wang, Kulkarni & Verdú [1]_ (Euclidean distances); ``"gaussian"``: the
        closed-form divergence between the normal distributions fitted to each sample.
    n_neighbors : int, default=1
        ``k`` of the kNN estimator (1 as in [1]_).
    base : float or str, default=math.e
        Logarithm base of the result.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``).
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7): an integer (or SeedSequence, BitGenerator) makes
        the result reproducible; a Generator is used as it is; ``None`` draws fresh entropy
        from the operating system, so repeated calls differ by their Monte Carlo error
        (deterministic methods give the same value either way).
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, default="auto"
        How `std_error` is computed. The jackknife deletes one of 10 random blocks of
        *each* sample at a time.

    Returns
    -------
    Estimate
        Divergence in units of `base` (kNN values may be negative near 0; not clamped).

    Notes
    -----
    With :math:`\rho_k(i)` the distance from :math:`x_i` to its `k`-th neighbour among the
    other samples of P and :math:`\nu_k(i)` to its `k`-th neighbour among the samples of Q:

    .. math:: \hat D(P\|Q) = \frac dn \sum_{i=1}^n \log\frac{\nu_k(i)}{\rho_k(i)}
              + \log\frac{m}{n - 1}

    Consistent (asymptotically unbiased and mean-square consistent) for any fixed `k` [1]_.
    Repeated values (within or across the samples) give zero distances; they are jittered
    with a `TieWarning`, scaled by the pooled spread of each column.

    References
    ----------
    .. [1] Q. Wang, S. R. Kulkarni and S. Verdú, "Divergence estimation for multidimensional
       densities via k-nearest-neighbor distances", IEEE Transactions on Information Theory
       55(5), 2392-2405, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_kl_divergence
    >>> rng = np.random.default_rng(0)
    >>> p, q = rng.normal(0, 1, size=4000), rng.normal(1, 1, size=4000)
    >>> round(estimate_kl_divergence(p, q, method="gaussian").value, 1)  # truth: 0.5
    0.5
    """
    from infokit.estimators.continuous.divergence import kl_divergence

    options = build_options(
        method=method,
        methods=("knn", "gaussian"),
        n_variables=2,
        base=base,
        ci=ci,
        rng=rng,
        n_neighbors=n_neighbors,
        uncertainty=uncertainty,
    )
    return kl_divergence(x_p, x_q, options)
