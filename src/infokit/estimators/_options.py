"""The options of one estimate: checked once at the public call, then passed down frozen.

The front ends (`infokit.estimators._frontends`) take every option as an explicit keyword,
check it here and build one `Options`; the discrete engine and the continuous engine read the
checked values from it. Options that only one family of methods uses default to ``None``
("not given"), so that passing one to a method of the other family is an error that names it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np

from infokit._validation import Seed, check_choice, check_flag, check_int, check_level, make_rng
from infokit.errors import InvalidParameterError
from infokit.estimators.discrete.engine import DiscreteMethod
from infokit.units import resolve_base

__all__ = [
    "CONDITIONAL_MUTUAL_INFORMATION_METHODS",
    "CONTINUOUS_ENTROPY_METHODS",
    "CONTINUOUS_MUTUAL_INFORMATION_METHODS",
    "LOCAL_METHODS",
    "NEURAL_MUTUAL_INFORMATION_METHODS",
    "ConditionalMutualInformationMethod",
    "DiscreteMethod",
    "EntropyMethod",
    "KLMethod",
    "Metric",
    "MutualInformationMethod",
    "NanPolicy",
    "NeuralMethod",
    "Options",
    "Uncertainty",
    "build_options",
    "resolve_discrete",
]

EntropyMethod = Literal[
    DiscreteMethod,  # "auto" and every registered discrete method
    "kozachenko_leonenko",
    "weighted_kozachenko_leonenko",
    "vasicek",
    "van_es",
    "ebrahimi",
    "correa",
    "gaussian",
]
#: The variational bounds a critic is trained on (`infokit.estimators.neural`).
NeuralMethod = Literal["infonce", "nwj", "smile", "mine", "donsker_varadhan"]
MutualInformationMethod = Literal[
    DiscreteMethod,  # "auto" and every registered discrete method
    NeuralMethod,
    "ksg",
    "ksg2",
    "gaussian_copula",
    "gaussian",
    "ross",
    "mixed_ksg",
    "stratified_ksg",
]
ConditionalMutualInformationMethod = Literal[
    DiscreteMethod,  # "auto" and every registered discrete method
    "ksg",
    "gaussian_copula",
    "gaussian",
]
KLMethod = Literal["knn", "gaussian"]
Metric = Literal["euclidean", "chebyshev"]
Uncertainty = Literal["auto", "subsampling", "block_jackknife", "local_terms", "none"]
NanPolicy = Literal["raise", "omit", "category"]

CONTINUOUS_ENTROPY_METHODS = (
    "kozachenko_leonenko",
    "weighted_kozachenko_leonenko",
    "vasicek",
    "van_es",
    "ebrahimi",
    "correa",
    "gaussian",
)
CONTINUOUS_MUTUAL_INFORMATION_METHODS = (
    "ksg",
    "ksg2",
    "gaussian_copula",
    "gaussian",
    "ross",
    "mixed_ksg",
    "stratified_ksg",
)
CONDITIONAL_MUTUAL_INFORMATION_METHODS = ("ksg", "gaussian_copula", "gaussian")
NEURAL_MUTUAL_INFORMATION_METHODS: tuple[str, ...] = get_args(NeuralMethod)

_DISCRETE_ONLY = ("alphabet_size", "n_bootstrap", "concentration")
_CONTINUOUS_ONLY = ("n_neighbors", "metric", "standardize", "window_length", "uncertainty")
# Checked by `infokit.estimators.neural`, which alone uses them.
_NEURAL_ONLY = (
    "critic",
    "batch_size",
    "max_steps",
    "learning_rate",
    "held_out",
    "patience",
    "device",
    "progress",
)


@dataclass(frozen=True, slots=True)
class Options:
    """Every option of one estimate, checked.

    ``None`` means "not given": each engine applies its own default (documented in the
    public functions). `discrete` holds one resolved flag per variable once the front end has
    applied the discreteness rule; `rng` is the caller's seed or Generator, turned into a
    Generator once per estimate by `generator`.
    """

    method: str = "auto"
    base: float = math.e
    ci: float | None = None
    rng: Seed = None
    nan_policy: NanPolicy = "raise"
    discrete: tuple[bool, ...] | None = None
    alphabet_size: tuple[int, ...] | None = None
    n_bootstrap: int | None = None
    concentration: float | None = None
    n_neighbors: int | None = None
    metric: Metric | None = None
    standardize: bool | None = None
    window_length: int | None = None
    uncertainty: Uncertainty | None = None
    local: bool = False
    critic: Any = None
    batch_size: int | None = None
    max_steps: int | None = None
    learning_rate: float | None = None
    held_out: float | None = None
    patience: int | None = None
    device: Any = None
    progress: bool | None = None

    def neural_options_given(self) -> list[str]:
        """Name the options of the neural methods that were passed."""
        return [name for name in _NEURAL_ONLY if getattr(self, name) is not None]

    def continuous_options_given(self) -> list[str]:
        """Name the continuous-only options that were passed."""
        return [name for name in _CONTINUOUS_ONLY if getattr(self, name) is not None]

    def discrete_options_given(self) -> list[str]:
        """Name the discrete-only options that were passed."""
        return [name for name in _DISCRETE_ONLY if getattr(self, name) is not None]


def build_options(
    *,
    method: object,
    methods: Sequence[str],
    n_variables: int,
    base: float | str = math.e,
    ci: object = None,
    rng: object = None,
    nan_policy: object = "raise",
    discrete: object = None,
    alphabet_size: object = None,
    n_bootstrap: object = None,
    concentration: object = None,
    n_neighbors: object = None,
    metric: object = None,
    standardize: object = None,
    window_length: object = None,
    uncertainty: object = None,
    local: object = False,
    **neural: Any,
) -> Options:
    """Check every option of a public call and return them frozen."""
    method_name = check_choice(method, methods, name="method")
    if rng is not None:
        make_rng(rng)  # only checks: the engines make their own Generator from it
    return Options(
        method=method_name,
        base=resolve_base(base),
        ci=check_level(ci),
        rng=rng,  # type: ignore[arg-type]
        nan_policy=check_choice(nan_policy, get_args(NanPolicy), name="nan_policy"),  # type: ignore[arg-type]
        discrete=_check_discrete(discrete, n_variables),
        alphabet_size=_check_alphabet_size(alphabet_size, n_variables),
        # checked by the discrete engine, which alone uses it (continuous methods refuse it)
        n_bootstrap=n_bootstrap,  # type: ignore[arg-type]
        concentration=None if concentration is None else _check_concentration(concentration),
        n_neighbors=None
        if n_neighbors is None
        else check_int(n_neighbors, name="n_neighbors", minimum=1),
        metric=None if metric is None else check_choice(metric, get_args(Metric), name="metric"),  # type: ignore[arg-type]
        standardize=None if standardize is None else check_flag(standardize, name="standardize"),
        window_length=None
        if window_length is None
        else check_int(window_length, name="window_length", minimum=1),
        uncertainty=(
            None
            if uncertainty is None
            else check_choice(uncertainty, get_args(Uncertainty), name="uncertainty")  # type: ignore[arg-type]
        ),
        local=_check_local(local, method_name),
        **_neural_options(neural),
    )


def _neural_options(neural: dict[str, Any]) -> dict[str, Any]:
    """Pass the neural methods' options on unchecked (`infokit.estimators.neural` checks)."""
    unknown = sorted(set(neural) - set(_NEURAL_ONLY))
    if unknown:  # a bug of a front end, not of the caller
        msg = f"unknown options {unknown}"
        raise TypeError(msg)
    return neural


#: Methods whose estimate is the mean of pointwise (local) terms, so ``local=True`` works.
LOCAL_METHODS = (
    "plugin",
    "ksg",
    "ksg2",
    "kozachenko_leonenko",
    "weighted_kozachenko_leonenko",
    "ross",
    "mixed_ksg",
    "stratified_ksg",
    "knn",
    "vasicek",
    "van_es",
    "ebrahimi",
    "correa",
)


def _check_local(local: object, method: str) -> bool:
    flag = check_flag(local, name="local")
    if flag and method not in (*LOCAL_METHODS, "auto"):
        shown = ", ".join(repr(m) for m in LOCAL_METHODS)
        msg = (
            f"`local=True` needs an estimator that averages pointwise terms; method {method!r} "
            f"has no local values. Use one of {shown} (bias-corrected and Bayesian discrete "
            "estimators and the Gaussian methods are not means of local terms)."
        )
        raise InvalidParameterError(msg)
    return flag


def _check_discrete(discrete: object, n_variables: int) -> tuple[bool, ...] | None:
    if discrete is None:
        return None
    if isinstance(discrete, bool | np.bool_):
        return (bool(discrete),) * n_variables
    if (
        isinstance(discrete, tuple | list)
        and len(discrete) == n_variables
        and all(isinstance(flag, bool | np.bool_) for flag in discrete)
    ):
        return tuple(bool(flag) for flag in discrete)
    msg = (
        f"`discrete` must be None (the rule of `infokit.estimators.is_discrete`), True/False "
        f"(every variable), or one boolean per variable ({n_variables} here); got {discrete!r}."
    )
    raise InvalidParameterError(msg)


def _check_alphabet_size(size: object, n_variables: int) -> tuple[int, ...] | None:
    if size is None:
        return None
    sizes = tuple(size) if isinstance(size, tuple | list) else (size,)
    if len(sizes) != n_variables:
        msg = (
            f"`alphabet_size` must give one size per variable ({n_variables} here), as a "
            f"tuple; got {size!r}."
        )
        raise InvalidParameterError(msg)
    for value in sizes:
        if (
            isinstance(value, bool | np.bool_)
            or not isinstance(value, int | np.integer)
            or value < 1
        ):
            msg = (
                "`alphabet_size` must be a positive integer (the number of possible "
                f"categories) or None; got {value!r}."
            )
            raise InvalidParameterError(msg)
    return tuple(int(value) for value in sizes)


def _check_concentration(concentration: object) -> float:
    if (
        isinstance(concentration, bool | np.bool_)
        or not isinstance(concentration, int | float | np.integer | np.floating)
        or not (math.isfinite(float(concentration)) and float(concentration) > 0)
    ):
        msg = (
            "`concentration` must be a positive number (e.g. 0.5 for Jeffreys' prior); got "
            f"{concentration!r}."
        )
        raise InvalidParameterError(msg)
    return float(concentration)


def resolve_discrete(options: Options, variables: Sequence[object]) -> tuple[bool, ...]:
    """Return one discreteness flag per variable: the caller's, or the rule's."""
    if options.discrete is not None:
        return options.discrete
    from infokit.estimators.kinds import is_discrete

    return tuple(is_discrete(variable) for variable in variables)
