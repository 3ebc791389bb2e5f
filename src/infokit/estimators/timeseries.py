r"""Information dynamics of time series: transfer entropy and active information storage.

Both are conditional mutual informations of delay-embedded series, estimated by the
estimators of `estimate_conditional_mutual_information` and `estimate_mutual_information`
(every discrete method, ``"gaussian"``, ``"gaussian_copula"`` and ``"ksg"``, with their
standard errors and local values):

.. math::

    T_{X \to Y} = I\big(Y_t ; X^{(l)}_{t-u} \mid Y^{(k)}_{t-1}\big), \qquad
    A_Y = I\big(Y_t ; Y^{(k)}_{t-1}\big)

with :math:`Y^{(k)}_{t-1} = (Y_{t-1}, \ldots, Y_{t-k})` the target's past (`history` k) and
:math:`X^{(l)}_{t-u} = (X_{t-u}, \ldots, X_{t-u-l+1})` the source's past (`source_history` l,
`delay` u). `transfer_entropy_test` tests :math:`T_{X \to Y} = 0` against surrogates of the
source that keep its autocorrelation (circular shifts, block permutations).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

import numpy as np

from infokit._validation import Seed, check_choice, check_int, make_rng
from infokit.estimators import _dynamics
from infokit.estimators._options import (
    CONDITIONAL_MUTUAL_INFORMATION_METHODS,
    ConditionalMutualInformationMethod,
    Uncertainty,
    build_options,
)
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.estimators.independence import (
    IndependenceTestResult,
    _null_summary,
    _permutation_p_value,
)
from infokit.results import Estimate

__all__ = [
    "Surrogate",
    "TransferEntropyMethod",
    "estimate_active_information_storage",
    "estimate_transfer_entropy",
    "transfer_entropy_test",
]

#: The methods of `estimate_conditional_mutual_information`, which does the estimating.
TransferEntropyMethod = ConditionalMutualInformationMethod
Surrogate = Literal["circular_shift", "block_permutation"]

_METHODS = (*DISCRETE_METHODS, *CONDITIONAL_MUTUAL_INFORMATION_METHODS)
_DEFAULT_SURROGATES = 200


def estimate_transfer_entropy(
    source: object,
    target: object,
    /,
    *,
    history: int = 1,
    source_history: int = 1,
    delay: int = 1,
    condition: object = None,
    condition_history: int = 1,
    method: TransferEntropyMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    discrete: bool | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    theiler: int | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the transfer entropy from `source` to `target` (Schreiber 2000).

    Parameters
    ----------
    source, target : array_like of shape (n_times,) or (n_trials, n_times)
        The series X and Y; a 2-D array holds independent trials (replications) of the same
        process, whose embedded samples are pooled (as PyInform does).
    history : int, default=1
        k, the number of past values of the target conditioned on.
    source_history : int, default=1
        l, the number of past values of the source.
    delay : int, default=1
        u, the lag of the source's most recent value: :math:`X_{t-u}` predicts :math:`Y_t`.
    condition : array_like, optional
        Other series W to condition on (conditional or "complete" TE): one series shaped
        like `target`, or several stacked on a new first axis. Each enters with its values
        :math:`W_{t-1}, \ldots, W_{t-m}`.
    condition_history : int, default=1
        m, the number of past values of each condition.
    method : str, default="auto"
        The estimator of `estimate_conditional_mutual_information`: a discrete one
        (``"plugin"``, ``"miller_madow"``, ``"jackknife"``, ``"grassberger"``,
        ``"chao_shen"``, ``"nsb"``, ...), ``"gaussian"`` (linear Gaussian: Granger causality
        over 2), ``"gaussian_copula"`` or ``"ksg"`` (Frenzel–Pompe kNN). ``"auto"`` follows
        that function on discrete series and means ``"ksg"`` otherwise.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``).
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, tie-breaking jitter and copula
        ranks (Scientific Python SPEC 7); ``None`` draws fresh entropy from the operating
        system.
    discrete : bool, optional
        Whether the series are labels (True) or measurements (False); by default the rule
        of `infokit.estimators.is_discrete`, series by series.
    n_neighbors : int, optional
        ``k`` of the kNN estimator; 3 by default.
    standardize : bool, optional
        Scale every embedded column to unit variance before the kNN search (True by default).
    theiler : int, optional
        Theiler window of ``"ksg"``: samples of the same trial at most `theiler` time steps
        apart are neither neighbours nor counted, so that the estimator sees the density of
        the states rather than the slow drift of the trajectory [4]_. ``0``/``None``: only
        the point itself is left out.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's `std_error` is computed, as in
        `estimate_conditional_mutual_information`.
    local : bool, default=False
        Attach the local transfer entropy of every embedded sample in ``local_values``
        (trial by trial, time ``start .. n_times - 1``; their mean is the estimate; Lizier
        2008). Needs ``"plugin"`` (``"auto"`` on labels) or ``"ksg"``.

    Returns
    -------
    Estimate
        The transfer entropy in units of `base`; ``n_samples`` is the number of embedded
        samples, ``n_trials * (n_times - start)`` with ``start = max(k, u + l - 1, m)``.

    Notes
    -----
    .. math::
        T_{X \to Y} = I\big(Y_t ; X_{t-u}, \ldots, X_{t-u-l+1}
        \mid Y_{t-1}, \ldots, Y_{t-k}, W_{t-1}, \ldots\big)

    estimated by `estimate_conditional_mutual_information` on the embedded samples
    (x = the target's present, y = the source's past, z = the target's and the conditions'
    pasts), so its bias, standard error and local values are those of that method. With
    ``k = 2``, ``l = u = 1`` and ``"plugin"`` in bits it equals PyInform's
    ``transfer_entropy(source, target, k=2)`` (its conditions enter as :math:`W_{t-1}` too).

    ``"gaussian"`` equals Granger causality over two [2]_: half the log ratio of the
    residual variances of :math:`Y_t` regressed (least squares with intercept) on its past,
    and on its past and the source's past. It is the exact TE of jointly Gaussian processes.

    The standard errors treat the embedded samples as exchangeable; for strongly
    autocorrelated series they are too small, and `transfer_entropy_test` (surrogates that
    keep the autocorrelation) is the test of choice.

    References
    ----------
    .. [1] T. Schreiber, "Measuring information transfer", *Phys. Rev. Lett.* 85, 461, 2000.
    .. [2] L. Barnett, A. B. Barrett and A. K. Seth, "Granger causality and transfer entropy
       are equivalent for Gaussian variables", *Phys. Rev. Lett.* 103, 238701, 2009.
    .. [3] J. T. Lizier, M. Prokopenko and A. Y. Zomaya, "Local information transfer as a
       spatiotemporal filter for complex systems", *Phys. Rev. E* 77, 026110, 2008.
    .. [4] J. Theiler, "Spurious dimension from correlation algorithms applied to limited
       time-series data", *Phys. Rev. A* 34, 2427, 1986.

    Examples
    --------
    PyInform's documented example (bits, target history 2):

    >>> import warnings
    >>> from infokit import estimate_transfer_entropy
    >>> from infokit.errors import SmallSampleWarning
    >>> xs = [0, 1, 1, 1, 1, 0, 0, 0, 0]
    >>> ys = [0, 0, 1, 1, 1, 1, 0, 0, 0]
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)  # 7 samples: biased, says it
    ...     te = estimate_transfer_entropy(xs, ys, history=2, method="plugin", base=2)
    >>> round(te.value, 12)
    0.679269643166

    A linear coupling X -> Y, estimated as Granger causality over two:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=5000)
    >>> y = np.zeros(5000)
    >>> for t in range(1, 5000):
    ...     y[t] = 0.5 * y[t - 1] + 0.8 * x[t - 1] + rng.normal()
    >>> round(float(estimate_transfer_entropy(x, y, method="gaussian", rng=0)), 2)
    0.25
    """
    options = build_options(
        method=method,
        methods=_METHODS,
        n_variables=3,
        base=base,
        ci=ci,
        rng=rng,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )
    lags = {
        "history": history,
        "source_history": source_history,
        "delay": delay,
        "condition_history": condition_history,
    }
    if condition is None:
        check_int(condition_history, name="condition_history", minimum=1)
        del lags["condition_history"]
    problem = _dynamics.problem(
        source,
        target,
        condition=condition,
        lags=lags,
        theiler=theiler,
        discrete=discrete,
        options=options,
    )
    return problem.estimate()


def estimate_active_information_storage(
    series: object,
    /,
    *,
    history: int = 1,
    method: TransferEntropyMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    discrete: bool | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    theiler: int | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the active information storage of `series` (Lizier et al. 2012).

    Parameters
    ----------
    series : array_like of shape (n_times,) or (n_trials, n_times)
        The series Y; a 2-D array holds independent trials whose samples are pooled.
    history : int, default=1
        k, the number of past values.
    method : str, default="auto"
        The estimator of `estimate_mutual_information`: a discrete one (``"plugin"``,
        ``"miller_madow"``, ...), ``"gaussian"``, ``"gaussian_copula"`` or ``"ksg"``.
        ``"auto"`` follows that function on discrete series and means ``"ksg"`` otherwise.
    base, ci, rng, discrete, n_neighbors, standardize, theiler, uncertainty, local
        As in `estimate_transfer_entropy`.

    Returns
    -------
    Estimate
        The active information storage in units of `base`, from
        ``n_trials * (n_times - k)`` embedded samples.

    Notes
    -----
    .. math:: A_Y = I\big(Y_t ; Y_{t-1}, \ldots, Y_{t-k}\big)

    the information the past of a process holds about its next value [1]_, estimated by
    `estimate_mutual_information` on the embedded samples. With ``"plugin"`` in bits it
    equals PyInform's ``active_info(series, k)``. ``"gaussian"`` gives
    :math:`-\tfrac12 \log(1 - R^2)` of the linear autoregression of order k.

    References
    ----------
    .. [1] J. T. Lizier, M. Prokopenko and A. Y. Zomaya, "Local measures of information
       storage in complex distributed computation", *Information Sciences* 208, 39-54, 2012.

    Examples
    --------
    PyInform's documented example (bits, history 2):

    >>> import warnings
    >>> from infokit import estimate_active_information_storage
    >>> from infokit.errors import SmallSampleWarning
    >>> ys = [0, 0, 1, 1, 1, 1, 0, 0, 0]
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", SmallSampleWarning)  # 7 samples: biased, says it
    ...     ais = estimate_active_information_storage(ys, history=2, method="plugin", base=2)
    >>> round(ais.value, 12)
    0.305958492868
    """
    options = build_options(
        method=method,
        methods=_METHODS,
        n_variables=2,
        base=base,
        ci=ci,
        rng=rng,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )
    problem = _dynamics.problem(
        None,
        series,
        condition=None,
        lags={"history": history},
        theiler=theiler,
        discrete=discrete,
        options=options,
        target_name="series",
    )
    return problem.estimate()


def transfer_entropy_test(
    source: object,
    target: object,
    /,
    *,
    history: int = 1,
    source_history: int = 1,
    delay: int = 1,
    condition: object = None,
    condition_history: int = 1,
    method: TransferEntropyMethod = "auto",
    surrogate: Surrogate = "circular_shift",
    n_surrogates: int = _DEFAULT_SURROGATES,
    min_shift: int | None = None,
    block_length: int | None = None,
    rng: Seed = None,
    base: float | str = math.e,
    discrete: bool | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    theiler: int | None = None,
) -> IndependenceTestResult:
    r"""Test whether `source` transfers information to `target`, against time-aware surrogates.

    Parameters
    ----------
    source, target, history, source_history, delay, condition, condition_history, method
        As in `estimate_transfer_entropy`.
    surrogate : {"circular_shift", "block_permutation"}, default="circular_shift"
        How the source is scrambled under the null hypothesis. ``"circular_shift"``: rotate
        each trial of the source by a random number of steps from `min_shift` to
        ``n_times - min_shift``. ``"block_permutation"``: cut each trial of the source into
        blocks of `block_length` steps and shuffle them. Both keep the source's
        autocorrelation (all of it, or within blocks), which i.i.d. shuffles would destroy,
        making a slow but unrelated source look significant.
    n_surrogates : int, default=200
        Number of surrogates.
    min_shift : int, optional
        Smallest rotation of ``"circular_shift"``; a tenth of `n_times` by default. Rotations
        shorter than the source's memory keep part of the coupling: choose it above that.
    block_length : int, optional
        Block length of ``"block_permutation"``; ``ceil(sqrt(n_times))`` by default.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the surrogates (and of the estimator's randomness), following
        Scientific Python SPEC 7: an integer makes the p-value reproducible.
    base, discrete, n_neighbors, standardize, theiler
        As in `estimate_transfer_entropy`.

    Returns
    -------
    IndependenceTestResult
        The transfer entropy of the data as `statistic` (units of `base`), the p-value,
        `method` (the surrogate), `estimator`, ``n_permutations`` (the number of
        surrogates) and a summary of the surrogates' transfer entropies.

    Notes
    -----
    :math:`p = (1 + \#\{b : \hat T_b \ge \hat T\}) / (1 + B)` over `B` surrogates, each the
    transfer entropy with the same target (and conditions) and a scrambled source: the
    target's own dynamics, the source's autocorrelation and the estimator's bias are those
    of the data, only the coupling is broken [1]_.

    References
    ----------
    .. [1] M. Lindner, R. Vicente, V. Priesemann and M. Wibral, "TRENTOOL: A Matlab open
       source toolbox to analyse information flow in time series data with transfer
       entropy", *BMC Neuroscience* 12, 119, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.estimators import transfer_entropy_test
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=1000)
    >>> y = np.r_[0.0, 0.6 * x[:-1]] + rng.normal(size=1000)
    >>> transfer_entropy_test(x, y, method="gaussian", n_surrogates=99, rng=1).p_value
    0.01
    >>> transfer_entropy_test(y, x, method="gaussian", n_surrogates=99, rng=1).p_value > 0.05
    True
    """
    kind = check_choice(surrogate, ("circular_shift", "block_permutation"), name="surrogate")
    n_surrogates = check_int(n_surrogates, name="n_surrogates", minimum=1)
    generator = make_rng(rng)
    options = build_options(
        method=method,
        methods=_METHODS,
        n_variables=3,
        base=base,
        rng=rng,
        n_neighbors=n_neighbors,
        standardize=standardize,
    )
    options = replace(options, rng=generator)  # one stream: surrogates, then estimator
    lags = {
        "history": history,
        "source_history": source_history,
        "delay": delay,
        "condition_history": condition_history,
    }
    problem = _dynamics.problem(
        source,
        target,
        condition=condition,
        lags=lags,
        theiler=theiler,
        discrete=discrete,
        options=options,
    )
    source_series = problem.source
    assert source_series is not None  # a source was given
    if not (problem.options.method in DISCRETE_METHODS and all(problem.flags())):
        # continuous: no error bars on the surrogates
        problem = replace(problem, options=replace(problem.options, uncertainty="none"))
    values = source_series.values
    scramble = _dynamics.scrambler(kind, values.shape[1], min_shift, block_length)
    observed = problem.estimate()
    null = np.array(
        [float(problem.estimate(scramble(values, generator))) for _ in range(n_surrogates)]
    )
    mean, std, quantiles = _null_summary(null)
    return IndependenceTestResult(
        statistic=float(observed.value),
        p_value=_permutation_p_value(float(observed.value), null),
        method=kind,
        base=observed.base,
        n_samples=int(observed.n_samples or 0),
        estimator=observed.method,
        n_permutations=n_surrogates,
        null_mean=mean,
        null_std=std,
        null_quantiles=quantiles,
    )
