"""Registry of the discrete entropy methods: one `DiscreteMethodSpec` per method.

A spec holds everything the discrete engine needs to know about a method: the kernel that
turns counts into an entropy, the counts-of-counts form behind its jackknife, how its
standard error and its own interval are made, and which options it reads. The engine
(`engine`, `uncertainty`) looks these fields up instead of comparing method names, so a new
method is its kernel module plus one `register_discrete_method` call (and, for the static
types, one more name in `DiscreteMethod`).

`DiscreteMethod` and `DISCRETE_METHODS` are ``"auto"`` followed by the built-in methods in the
order of the registry (``tests/estimators/test_discrete_registry.py`` keeps them equal).
``"auto"`` is not a method of its own but the rule of
`infokit.estimators.discrete.engine.auto_method`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

import numpy as np

from infokit._validation import check_choice
from infokit.errors import InvalidParameterError
from infokit.estimators.discrete.counting import Table, TermCounts
from infokit.estimators.discrete.jvhw import jvhw, jvhw_weighted
from infokit.estimators.discrete.methods import (
    chao_shen,
    chao_shen_weighted,
    chao_wang_jost,
    chao_wang_jost_weighted,
    dirichlet,
    grassberger,
    jackknife,
    jackknife_combination,
    james_stein,
    miller_madow,
    plugin,
)
from infokit.estimators.discrete.nsb import NSBPosterior, chao1_richness, nsb_posterior
from infokit.estimators.discrete.pym import PYMPosterior, pym_posterior
from infokit.estimators.discrete.unseen import unseen, unseen_weighted

__all__ = [
    "DISCRETE_METHODS",
    "INTERVAL_DESCRIPTIONS",
    "DiscreteMethod",
    "DiscreteMethodSpec",
    "IntervalKind",
    "Posterior",
    "StdErrorKind",
    "discrete_method",
    "discrete_method_names",
    "posterior_mean_kernel",
    "register_discrete_method",
]

DiscreteMethod = Literal[
    "auto",
    "plugin",
    "miller_madow",
    "jackknife",
    "grassberger",
    "chao_shen",
    "chao_wang_jost",
    "james_stein",
    "dirichlet",
    "nsb",
    "pym",
    "jvhw",
    "unseen",
]
DISCRETE_METHODS: tuple[str, ...] = get_args(DiscreteMethod)

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
#: ``kernel(counts, *, alphabet_size=None, concentration=0.5)``: one entropy (nats) per row.
Kernel = Callable[..., FloatArray]
#: ``weighted(values, multiplicities)``: one entropy (nats) per row of counts of counts.
WeightedKernel = Callable[[FloatArray, FloatArray], FloatArray]
#: ``combination(table, terms)``: value and standard error (nats) of a signed sum of entropies.
Combination = Callable[[Table, list[TermCounts]], tuple[float, float]]

StdErrorKind = Literal["delta", "jackknife", "posterior", "dirichlet_posterior"]
IntervalKind = Literal[
    "bootstrap_percentile_centered",
    "jackknife_normal",
    "normal",
    "posterior_hpd",
    "posterior_equal_tailed",
]
_STD_ERRORS: tuple[str, ...] = get_args(StdErrorKind)
_INTERVALS: tuple[str, ...] = get_args(IntervalKind)
_POSTERIOR_INTERVALS = ("posterior_hpd", "posterior_equal_tailed")

#: Each `details["ci_method"]` in words, for intervals that no spec describes itself: the
#: default `DiscreteMethodSpec.interval_description`, and the intervals the engine falls back
#: on (bootstrap when a jackknife standard error is 0, normal for combinations, ...).
INTERVAL_DESCRIPTIONS: dict[str, str] = {
    "bootstrap_percentile_centered": "bootstrap percentile interval re-centred on the estimate",
    "jackknife_normal": "normal interval with the jackknife standard error",
    "normal": "normal interval with the delta-method standard error",
    "posterior_hpd": "highest-posterior-density interval",
    "posterior_equal_tailed": "equal-tailed posterior interval",
}


class Posterior(Protocol):
    """Posterior of one entropy (nats), as the engine reads it.

    A posterior for an interval of kind ``"posterior_hpd"`` also has
    ``hpd_interval(level) -> (low, high)``.
    """

    @property
    def mean(self) -> float:
        """Posterior mean of the entropy: the estimate."""

    @property
    def std(self) -> float:
        """Posterior standard deviation of the entropy: the standard error."""

    def interval(self, level: float) -> tuple[float, float]:
        """Equal-tailed credible interval of probability `level`."""

    def summary(self) -> dict[str, float]:
        """Hyperparameters to report in the estimate's `details`."""


#: ``posterior(counts, alphabet_size)`` of positive counts, or None when it is improper.
PosteriorFunction = Callable[[FloatArray, float | None], Posterior | None]


@dataclass(frozen=True)
class DiscreteMethodSpec:
    """Everything the discrete engine needs to know about one entropy method.

    Attributes
    ----------
    name : str
        Value of `method` that selects it.
    kernel : callable
        ``kernel(counts, *, alphabet_size=None, concentration=0.5)``: the entropy in nats of
        each row of ``counts`` (shape ``(n_rows, n_columns)``, float64; a zero is a category
        not drawn), vectorised over rows (bootstrap replicates). Accepts and ignores the
        keywords it does not use.
    std_error : {"delta", "jackknife", "posterior", "dirichlet_posterior"}
        Standard error of one entropy: ``"delta"`` Basharin's delta-method formula;
        ``"jackknife"`` the jackknife over the samples of the method's own estimate (with
        `weighted`; or from `combination` when it is given); ``"posterior"`` the posterior
        standard deviation of `posterior` (the fallback's jackknife when it is improper);
        ``"dirichlet_posterior"`` the closed-form standard deviation of the entropy under the
        symmetric Dirichlet(`concentration`) posterior. Combinations (mutual information,
        conditional entropies) use the delta method, unless `combination` is given.
    interval : {"bootstrap_percentile_centered", "jackknife_normal", "normal", \
"posterior_hpd", "posterior_equal_tailed"}
        The method's own interval of one entropy (`details["ci_method"]`): bootstrap
        percentile re-centred on the estimate; normal with the jackknife standard error
        (the bootstrap when that is 0); normal with the delta-method standard error; the
        posterior's highest-density interval (``hpd_interval``) or its equal-tailed one
        (``interval``).
    interval_description : str, optional
        `interval` in words, for `details["interval"]`; `INTERVAL_DESCRIPTIONS` of its kind
        by default.
    weighted : callable, optional
        ``weighted(values, multiplicities)``: `kernel` of rows given as distinct counts and
        the number of categories with each, which the jackknife evaluates once per distinct
        count. Required by ``std_error="jackknife"`` without `combination`.
    posterior : callable, optional
        ``posterior(counts, alphabet_size)``: the `Posterior` of the entropy of positive
        counts (`alphabet_size` may be None), or None when it is improper. A method with a
        posterior reports its mean as the estimate (`kernel` must agree) and its
        `Posterior.summary` in `details`.
    fallback : str, optional
        Registered method (with a `weighted` form) whose estimate, jackknife standard error
        and jackknife-normal interval replace an improper posterior, with
        ``details["<name>_fallback"]`` naming it.
    combination : callable, optional
        ``combination(table, terms)``: value and standard error of a whole signed sum of
        entropies, used instead of summing `kernel` over the terms (the jackknife of the
        plug-in combination). `kernel` still makes the bootstrap replicates.
    uses_alphabet_size : bool, default=False
        The estimate depends on `alphabet_size` (beyond the clip to ``[0, log K]`` that every
        single entropy gets).
    estimates_alphabet_size : bool, default=False
        Without `alphabet_size` the method assumes one (NSB: the Chao1 richness) and reports
        ``details["alphabet_size_assumed"] = True``.
    uses_concentration : bool, default=False
        The estimate depends on `concentration`.
    biased_when_undersampled : bool, default=False
        Biased by about ``-(K - 1)/2N`` or worse when N is far below K, so a
        `SmallSampleWarning` is raised when N < K or more than half of the samples are
        singletons.
    bootstrap : bool, default=True
        `kernel` may be bootstrapped: for combinations, and when a jackknife standard error
        is 0. False (a posterior, or a kernel too slow to resample): those intervals are
        normal with the delta-method standard error instead.
    """

    name: str
    kernel: Kernel
    std_error: StdErrorKind
    interval: IntervalKind
    interval_description: str = ""
    weighted: WeightedKernel | None = None
    posterior: PosteriorFunction | None = None
    fallback: str | None = None
    combination: Combination | None = None
    uses_alphabet_size: bool = False
    estimates_alphabet_size: bool = False
    uses_concentration: bool = False
    biased_when_undersampled: bool = False
    bootstrap: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or self.name == "auto":
            msg = f"`name` must be a non-empty string other than 'auto'; got {self.name!r}."
            raise InvalidParameterError(msg)
        check_choice(self.std_error, _STD_ERRORS, name="std_error")
        check_choice(self.interval, _INTERVALS, name="interval")
        if not self.interval_description:
            object.__setattr__(self, "interval_description", INTERVAL_DESCRIPTIONS[self.interval])
        problems = {
            "`weighted` is required by `std_error='jackknife'` without `combination`": (
                self.std_error == "jackknife" and self.combination is None and self.weighted is None
            ),
            "`posterior` is required by a posterior `std_error` or `interval`": (
                self.posterior is None
                and (self.std_error == "posterior" or self.interval in _POSTERIOR_INTERVALS)
            ),
            "`fallback` replaces an improper posterior, so it requires `posterior`": (
                self.fallback is not None and self.posterior is None
            ),
            "`interval='jackknife_normal'` requires `std_error='jackknife'`": (
                self.interval == "jackknife_normal" and self.std_error != "jackknife"
            ),
            "`interval='bootstrap_percentile_centered'` requires `bootstrap=True`": (
                self.interval == "bootstrap_percentile_centered" and not self.bootstrap
            ),
            "`estimates_alphabet_size=True` requires `uses_alphabet_size=True`": (
                self.estimates_alphabet_size and not self.uses_alphabet_size
            ),
        }
        for problem, found in problems.items():
            if found:
                msg = f"{problem} (method {self.name!r})."
                raise InvalidParameterError(msg)


_SPECS: dict[str, DiscreteMethodSpec] = {}


def register_discrete_method(spec: DiscreteMethodSpec, /) -> DiscreteMethodSpec:
    """Register the entropy method `spec` under ``spec.name``.

    A spec of a name already registered replaces it (keeping its place in the order). The
    method is then accepted by the discrete engine
    (`infokit.estimators.discrete.engine.estimate_entropy_from_counts`); `DiscreteMethod`
    and `DISCRETE_METHODS` list the built-in methods only.

    Parameters
    ----------
    spec : DiscreteMethodSpec
        The method; its `fallback`, if any, must be registered and have a `weighted` form.

    Returns
    -------
    DiscreteMethodSpec
        `spec`, unchanged.

    Raises
    ------
    InvalidParameterError
        If `spec` is not a `DiscreteMethodSpec` or its `fallback` is not usable.

    Examples
    --------
    >>> import dataclasses
    >>> from infokit.estimators.discrete.engine import estimate_entropy_from_counts
    >>> spec = dataclasses.replace(discrete_method("plugin"), name="plugin_copy")
    >>> register_discrete_method(spec) is spec
    True
    >>> float(estimate_entropy_from_counts([2, 2], method="plugin_copy", base=2))
    1.0
    >>> _ = _SPECS.pop("plugin_copy")  # leave the registry as it was
    """
    if not isinstance(spec, DiscreteMethodSpec):
        msg = f"`spec` must be a DiscreteMethodSpec; got {type(spec).__name__}."
        raise InvalidParameterError(msg)
    if spec.fallback is not None:
        fallback = discrete_method(spec.fallback)
        if fallback.weighted is None or fallback.posterior is not None:
            msg = (
                f"`fallback` must be a registered method with a `weighted` form and no "
                f"posterior; got {spec.fallback!r}."
            )
            raise InvalidParameterError(msg)
    _SPECS[spec.name] = spec
    return spec


def discrete_method(name: object) -> DiscreteMethodSpec:
    """Return the spec of the discrete entropy method `name`.

    Parameters
    ----------
    name : str
        A registered method (``"auto"`` is a rule, not a method: resolve it first).

    Returns
    -------
    DiscreteMethodSpec
        The registered spec.

    Raises
    ------
    InvalidParameterError
        If `name` is not a registered method.

    Examples
    --------
    >>> spec = discrete_method("chao_wang_jost")
    >>> spec.std_error, spec.interval
    ('jackknife', 'jackknife_normal')
    """
    return _SPECS[check_choice(name, tuple(_SPECS), name="method")]


def discrete_method_names() -> tuple[str, ...]:
    """Return the names of the registered discrete methods, in registration order.

    Examples
    --------
    >>> discrete_method_names()[:3]
    ('plugin', 'miller_madow', 'jackknife')
    """
    return tuple(_SPECS)


def posterior_mean_kernel(posterior: PosteriorFunction, fallback: Kernel | None = None) -> Kernel:
    """Return the kernel of a posterior method: the posterior mean entropy of each row.

    Parameters
    ----------
    posterior : callable
        ``posterior(counts, alphabet_size)`` of positive counts, a `Posterior` or None.
    fallback : callable, optional
        Kernel for the rows whose posterior is improper (None).

    Returns
    -------
    callable
        ``kernel(counts, *, alphabet_size=None, concentration=0.5)``: a loop over the rows,
        each with its zeros dropped (they are categories not drawn).

    Raises
    ------
    InvalidParameterError
        (From the kernel.) If a posterior is improper and there is no `fallback`.
    """

    def kernel(
        counts: FloatArray, *, alphabet_size: float | None = None, **options: Any
    ) -> FloatArray:
        counts = np.asarray(counts, dtype=np.float64)
        rows = counts.reshape(-1, counts.shape[-1])
        result = np.empty(rows.shape[0])
        for index, row in enumerate(rows):
            positive = row[row > 0]
            found = posterior(positive, alphabet_size)
            if found is not None:
                result[index] = found.mean
            elif fallback is not None:
                value = fallback(positive[None, :], alphabet_size=alphabet_size, **options)
                result[index] = value[0]
            else:
                msg = "the posterior of these `counts` is improper and there is no `fallback`."
                raise InvalidParameterError(msg)
        return result.reshape(counts.shape[:-1])

    return kernel


def _nsb_posterior(counts: FloatArray, alphabet_size: float | None) -> NSBPosterior:
    """NSB posterior over K = `alphabet_size`, or over the Chao1 richness when K is unknown."""
    positive = counts[counts > 0]
    if alphabet_size is None:
        alphabet_size = max(float(positive.size), math.ceil(chao1_richness(positive)))
    return nsb_posterior(positive, alphabet_size)


def _pym_posterior(counts: FloatArray, alphabet_size: float | None) -> PYMPosterior | None:
    """PYM posterior: its prior has no alphabet size (K only bounds the estimate)."""
    del alphabet_size
    return pym_posterior(counts)


for _spec in (
    DiscreteMethodSpec(
        "plugin",
        plugin,
        std_error="delta",
        interval="bootstrap_percentile_centered",
        biased_when_undersampled=True,
    ),
    DiscreteMethodSpec(
        "miller_madow",
        miller_madow,
        std_error="delta",
        interval="bootstrap_percentile_centered",
        biased_when_undersampled=True,
    ),
    DiscreteMethodSpec(
        "jackknife",
        jackknife,
        std_error="jackknife",
        interval="bootstrap_percentile_centered",
        combination=jackknife_combination,
        biased_when_undersampled=True,
    ),
    DiscreteMethodSpec(
        "grassberger",
        grassberger,
        std_error="delta",
        interval="bootstrap_percentile_centered",
        biased_when_undersampled=True,
    ),
    DiscreteMethodSpec(
        "chao_shen",
        chao_shen,
        std_error="jackknife",
        interval="jackknife_normal",
        weighted=chao_shen_weighted,
    ),
    DiscreteMethodSpec(
        "chao_wang_jost",
        chao_wang_jost,
        std_error="jackknife",
        interval="jackknife_normal",
        weighted=chao_wang_jost_weighted,
    ),
    DiscreteMethodSpec(
        "james_stein",
        james_stein,
        std_error="delta",
        interval="bootstrap_percentile_centered",
        uses_alphabet_size=True,
    ),
    DiscreteMethodSpec(
        "dirichlet",
        dirichlet,
        std_error="dirichlet_posterior",
        interval="bootstrap_percentile_centered",
        uses_alphabet_size=True,
        uses_concentration=True,
    ),
    DiscreteMethodSpec(
        "nsb",
        posterior_mean_kernel(_nsb_posterior),
        std_error="posterior",
        interval="posterior_hpd",
        interval_description="NSB highest-posterior-density interval",
        posterior=_nsb_posterior,
        uses_alphabet_size=True,
        estimates_alphabet_size=True,
        bootstrap=False,
    ),
    DiscreteMethodSpec(
        "pym",
        posterior_mean_kernel(_pym_posterior, fallback=chao_wang_jost),
        std_error="posterior",
        interval="posterior_equal_tailed",
        interval_description="PYM equal-tailed posterior interval",
        posterior=_pym_posterior,
        fallback="chao_wang_jost",
        bootstrap=False,
    ),
    DiscreteMethodSpec(
        "jvhw",
        jvhw,
        std_error="jackknife",
        interval="jackknife_normal",
        weighted=jvhw_weighted,
    ),
    DiscreteMethodSpec(
        "unseen",  # its bootstrap would solve two linear programs per resample
        unseen,
        std_error="delta",
        interval="normal",
        weighted=unseen_weighted,
        bootstrap=False,
    ),
):
    register_discrete_method(_spec)
del _spec
