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
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from infokit._validation import Seed, check_choice, check_int, make_rng
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators import _embedding
from infokit.estimators._embedding import Series
from infokit.estimators._frontends import (
    _CONDITIONAL_MUTUAL_INFORMATION,
    _MUTUAL_INFORMATION,
    _route,
)
from infokit.estimators._options import (
    CONDITIONAL_MUTUAL_INFORMATION_METHODS,
    ConditionalMutualInformationMethod,
    Options,
    Uncertainty,
    build_options,
)
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.estimators.independence import (
    IndependenceTestResult,
    _null_summary,
    _permutation_p_value,
)
from infokit.estimators.knn.exclusion import TimeExclusion
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


@dataclass(frozen=True)
class _Problem:
    """Checked series and lags: builds the embedded variables of TE or AIS and estimates."""

    target: Series
    source: Series | None  # None: active information storage
    conditions: tuple[Series, ...]
    history: int
    source_history: int
    delay: int
    condition_history: int
    theiler: int | None
    options: Options

    @property
    def start(self) -> int:
        """First time with a full past: the longest lag."""
        lags = [self.history]
        if self.source is not None:
            lags.append(self.delay + self.source_history - 1)
        if self.conditions:
            lags.append(self.condition_history)
        return max(lags)

    def variables(self, source_values: NDArray[Any] | None = None) -> list[NDArray[Any]]:
        """``[Y_t, X past, (Y past, W past)]`` for TE, ``[Y_t, Y past]`` for AIS."""
        start = self.start
        present = _embedding.embed(self.target, [0], start)
        past = _embedding.embed(self.target, range(1, self.history + 1), start)
        if self.source is None:
            return [present, past]
        source = (
            self.source if source_values is None else replace(self.source, values=source_values)
        )
        source_lags = range(self.delay, self.delay + self.source_history)
        source_past = _embedding.embed(source, source_lags, start)
        condition_lags = range(1, self.condition_history + 1)
        pasts = [past] + [_embedding.embed(c, condition_lags, start) for c in self.conditions]
        kinds = {self.target.discrete, *(c.discrete for c in self.conditions)}
        joined = np.hstack(pasts if len(kinds) == 1 else [p.astype(np.float64) for p in pasts])
        return [present, source_past, joined]

    def flags(self) -> tuple[bool, ...]:
        """Whether each variable of `variables` is discrete."""
        if self.source is None:
            return (self.target.discrete, self.target.discrete)
        past = self.target.discrete and all(c.discrete for c in self.conditions)
        return (self.target.discrete, self.source.discrete, past)

    def estimate(self, source_values: NDArray[Any] | None = None) -> Estimate:
        """Estimate TE (or AIS) with the CMI (or MI) estimators; `source_values`: a surrogate."""
        variables, flags, options = self.variables(source_values), self.flags(), self.options
        names = ["target", "source", "target_past"] if self.source else ["target", "past"]
        quantity = _MUTUAL_INFORMATION if self.source is None else _CONDITIONAL_MUTUAL_INFORMATION
        method = options.method
        if method in DISCRETE_METHODS and (method != "auto" or all(flags)):
            self._check_discrete(flags)
            labels = replace(options, discrete=(True,) * len(variables))
            estimate = _route(quantity, variables, names, labels)
        else:
            estimate = self._continuous(variables, flags)
        return replace(estimate, details={**estimate.details, **self._details()})

    def _check_discrete(self, flags: tuple[bool, ...]) -> None:
        if self.theiler is not None:
            msg = (
                "`theiler` (the Theiler window) applies to method='ksg' only; got "
                f"method={self.options.method!r}."
            )
            raise InvalidParameterError(msg)
        if not all(flags):
            kinds = [self.target, self.source, *self.conditions]
            shown = ", ".join(f"`{s.name}`" for s in kinds if s is not None and not s.discrete)
            msg = (
                f"method {self.options.method!r} counts labels, but {shown} looks continuous "
                "(decimals, or many distinct values); pass `discrete=True` to count the "
                "values as labels, or a continuous method ('ksg', 'gaussian', "
                "'gaussian_copula')."
            )
            raise InvalidParameterError(msg)

    def _continuous(self, variables: list[NDArray[Any]], flags: tuple[bool, ...]) -> Estimate:
        from infokit.estimators.continuous.conditional import conditional_mutual_information
        from infokit.estimators.continuous.mutual_information import mutual_information

        method = "ksg" if self.options.method == "auto" else self.options.method
        if self.theiler is not None and method != "ksg":
            msg = f"`theiler` (the Theiler window) applies to method='ksg' only; got {method!r}."
            raise InvalidParameterError(msg)
        options = replace(self.options, method=method, discrete=flags)
        values = self.target.values
        exclusion: TimeExclusion | None = None
        if self.theiler:
            exclusion = _embedding.exclusion_of(
                values.shape[0], values.shape[1], self.start, self.theiler
            )
        if self.source is None:
            return mutual_information(variables[0], variables[1], options, exclusion=exclusion)
        x, y, z = variables
        return conditional_mutual_information(x, y, z, options, exclusion=exclusion)

    def _details(self) -> dict[str, Any]:
        details: dict[str, Any] = {
            "history": self.history,
            "n_trials": int(self.target.values.shape[0]),
        }
        if self.source is not None:
            details.update(source_history=self.source_history, delay=self.delay)
        if self.conditions:
            details.update(
                n_conditions=len(self.conditions), condition_history=self.condition_history
            )
        if self.theiler is not None:
            details["theiler"] = self.theiler
        return details


def _check_discrete_flag(discrete: object) -> bool | None:
    if discrete is None or isinstance(discrete, bool | np.bool_):
        return None if discrete is None else bool(discrete)
    msg = (
        "`discrete` must be None (the rule of `infokit.estimators.is_discrete`, per series) or "
        f"True/False (every series); got {discrete!r}."
    )
    raise InvalidParameterError(msg)


def _problem(
    source: object,
    target: object,
    *,
    condition: object,
    lags: dict[str, int],
    theiler: object,
    discrete: object,
    options: Options,
    target_name: str = "target",
) -> _Problem:
    """Check the series, the lags and the window; the series must outlast the embedding."""
    checked = {name: check_int(value, name=name, minimum=1) for name, value in lags.items()}
    window = None if theiler is None else check_int(theiler, name="theiler", minimum=0)
    flag = _check_discrete_flag(discrete)
    target_series = _embedding.check_series(target, name=target_name, discrete=flag)
    source_series = None
    if source is not None:
        source_series = _embedding.check_series(source, name="source", discrete=flag)
        if source_series.values.shape != target_series.values.shape:
            msg = (
                f"`source` and `target` must have the same shape (time steps, and trials if "
                f"2-D); got {source_series.shape} and {target_series.shape}."
            )
            raise ShapeError(msg)
    conditions = _embedding.check_conditions(
        condition, like=target_series, discrete=flag, original_ndim=target_series.ndim
    )
    problem = _Problem(
        target_series,
        source_series,
        tuple(conditions),
        checked["history"],
        checked.get("source_history", 1),
        checked.get("delay", 1),
        checked.get("condition_history", 1),
        window,
        options,
    )
    n_times = target_series.values.shape[1]
    if n_times - problem.start < 2:
        shown = ", ".join(f"{name}={value}" for name, value in checked.items())
        msg = (
            f"the series have {n_times} time steps per trial, but the embedding ({shown}) "
            f"reaches {problem.start} steps back: each trial needs at least "
            f"{problem.start + 2} time steps. Pass longer series or shorter histories."
        )
        raise ShapeError(msg)
    return problem


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
    problem = _problem(
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
    problem = _problem(
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
    problem = _problem(
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
    scramble = _scrambler(kind, values.shape[1], min_shift, block_length)
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


def _scrambler(
    kind: str, n_times: int, min_shift: object, block_length: object
) -> Callable[[NDArray[Any], np.random.Generator], NDArray[Any]]:
    """Check the surrogate's own option and return ``scramble(values, generator)``."""
    if kind == "circular_shift":
        if block_length is not None:
            msg = "`block_length` applies to surrogate='block_permutation' only."
            raise InvalidParameterError(msg)
        shift = _embedding.default_min_shift(n_times) if min_shift is None else min_shift
        shift = check_int(shift, name="min_shift", minimum=1, maximum=n_times // 2)

        def rotate(values: NDArray[Any], generator: np.random.Generator) -> NDArray[Any]:
            return _embedding.circular_shift(values, generator, shift)

        return rotate
    if min_shift is not None:
        msg = "`min_shift` applies to surrogate='circular_shift' only."
        raise InvalidParameterError(msg)
    length = _embedding.default_block_length(n_times) if block_length is None else block_length
    length = check_int(length, name="block_length", minimum=1, maximum=max(1, n_times // 2))

    def shuffle(values: NDArray[Any], generator: np.random.Generator) -> NDArray[Any]:
        return _embedding.block_permutation(values, generator, length)

    return shuffle
