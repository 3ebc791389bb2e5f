"""Routing of the public estimators: discrete engine or `infokit.estimators.continuous`.

`is_discrete` guesses the kind of each variable; `dispatch` checks the method name, forwards
continuous methods (and ``method="auto"`` on continuous or mixed data) with their options
unchanged, and runs discrete methods through the counting engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit._array import to_numpy
from infokit.errors import InvalidParameterError, MissingDependencyError
from infokit.estimators.discrete.counting import contingency_table, prepare_variables
from infokit.estimators.discrete.engine import (
    DISCRETE_METHODS,
    Term,
    check_options,
    estimate_from_table,
)
from infokit.estimators.discrete.uncertainty import Options
from infokit.results import Estimate

__all__ = [
    "CONTINUOUS_CONDITIONAL_MUTUAL_INFORMATION_METHODS",
    "CONTINUOUS_ENTROPY_METHODS",
    "CONTINUOUS_MUTUAL_INFORMATION_METHODS",
    "Discrete",
    "Seed",
    "check_method_name",
    "dispatch",
    "is_discrete",
    "resolve_discrete",
]

CONTINUOUS_ENTROPY_METHODS = ("kozachenko_leonenko", "vasicek", "ebrahimi", "gaussian")
CONTINUOUS_MUTUAL_INFORMATION_METHODS = (
    "ksg",
    "ksg2",
    "gaussian_copula",
    "gaussian",
    "ross",
    "mixed_ksg",
)
CONTINUOUS_CONDITIONAL_MUTUAL_INFORMATION_METHODS = ("ksg", "gaussian_copula")

Discrete = bool | Sequence[bool] | None
Seed = int | np.random.Generator | None

_DEFAULT_BOOTSTRAP = 1000
_DEFAULT_CONCENTRATION = 0.5


def is_discrete(x: object, /) -> bool:
    """Tell whether samples look discrete: any dtype but floating point (or complex).

    Integers, booleans, strings, objects and pandas/polars categoricals are labels; floats
    are measurements. Pass ``discrete=`` to the estimators to override the guess.

    Examples
    --------
    >>> is_discrete([1, 2, 2]), is_discrete(["a", "b"]), is_discrete([0.5, 1.5])
    (True, True, False)
    """
    module = type(x).__module__.split(".", 1)[0]
    if module == "pandas":
        types = importlib.import_module("pandas").api.types  # only reached for pandas input
        dtype = getattr(x, "dtype", None)
        return not (types.is_float_dtype(dtype) or types.is_complex_dtype(dtype))
    if module == "polars":
        return not bool(x.dtype.is_float())  # type: ignore[attr-defined]
    if module == "torch":
        return not bool(x.is_floating_point() or x.is_complex())  # type: ignore[attr-defined]
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        dtype = np.asarray(x).dtype
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        return True
    return kind not in "fc"


def resolve_discrete(
    discrete: Discrete, variables: Sequence[object], names: Sequence[str]
) -> tuple[bool, ...]:
    if discrete is None:
        return tuple(is_discrete(v) for v in variables)
    if isinstance(discrete, bool | np.bool_):
        return (bool(discrete),) * len(variables)
    flags = tuple(discrete)
    if len(flags) != len(variables) or not all(isinstance(f, bool | np.bool_) for f in flags):
        shown = ", ".join(f"`{n}`" for n in names)
        msg = (
            f"`discrete` must be None, True/False, or one boolean per variable ({shown}); "
            f"got {discrete!r}."
        )
        raise InvalidParameterError(msg)
    return tuple(bool(f) for f in flags)


def _continuous_module() -> Any:
    try:
        return importlib.import_module("infokit.estimators.continuous")
    except ModuleNotFoundError as error:
        msg = (
            "continuous estimators (infokit.estimators.continuous) are not available in this "
            "installation."
        )
        raise MissingDependencyError(msg) from error


def check_method_name(method: object, continuous_methods: tuple[str, ...]) -> str:
    if method in DISCRETE_METHODS or method in continuous_methods:
        return str(method)
    names = ", ".join(repr(m) for m in (*DISCRETE_METHODS, *continuous_methods))
    msg = f"`method` must be one of {names}; got {method!r}."
    raise InvalidParameterError(msg)


def _forward(
    function: str,
    variables: Sequence[object],
    *,
    method: str,
    base: float | str,
    ci: float | None,
    rng: Seed,
    discrete: Discrete,
    alphabet_size: object,
    n_bootstrap: int | None,
    concentration: float | None,
    nan_policy: str,
    options: dict[str, Any],
) -> Estimate:
    """Call ``infokit.estimators.continuous.<function>`` with the options passed through."""
    discrete_only = (
        ("alphabet_size", alphabet_size),
        ("concentration", concentration),
        ("n_bootstrap", n_bootstrap),  # continuous estimators use subsampling instead
    )
    for name, value in discrete_only:
        if value is not None:
            msg = (
                f"`{name}` applies to discrete methods only; got {name}={value!r} with "
                f"method={method!r}."
            )
            raise InvalidParameterError(msg)
    forwarded: dict[str, Any] = {"method": method, "base": base, "ci": ci, "rng": rng, **options}
    if discrete is not None:
        forwarded["discrete"] = discrete
    if nan_policy == "category":
        msg = (
            "`nan_policy='category'` applies to discrete labels; for continuous samples use "
            "'omit' (drop rows with a missing value) or 'raise'."
        )
        raise InvalidParameterError(msg)
    if nan_policy == "omit":
        variables = _drop_missing_rows(variables)
    result: Estimate = getattr(_continuous_module(), function)(*variables, **forwarded)
    return result


def _drop_missing_rows(variables: Sequence[object]) -> list[object]:
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


def _discrete_options(
    *,
    method: str,
    base: float | str,
    alphabet_size: int | Sequence[int] | None,
    n_variables: int,
    ci: float | None,
    rng: Seed,
    n_bootstrap: int | None,
    concentration: float | None,
    options: dict[str, Any],
) -> Options:
    if options:
        extra = ", ".join(f"`{k}`" for k in options)
        msg = f"unexpected option(s) {extra} for the discrete method {method!r}."
        raise InvalidParameterError(msg)
    sizes: tuple[object, ...] | None
    if alphabet_size is None:
        sizes = None
    elif isinstance(alphabet_size, Sequence):
        sizes = tuple(alphabet_size)
    else:
        sizes = (alphabet_size,) if n_variables == 1 else None
        if sizes is None:
            msg = (
                f"`alphabet_size` must give one size per variable ({n_variables} here), as a "
                f"tuple; got {alphabet_size!r}."
            )
            raise InvalidParameterError(msg)
    return check_options(
        method=method,
        base=base,
        alphabet_sizes=sizes,
        ci=ci,
        rng=rng,
        n_bootstrap=_DEFAULT_BOOTSTRAP if n_bootstrap is None else n_bootstrap,
        concentration=_DEFAULT_CONCENTRATION if concentration is None else concentration,
    )


def _estimate_discrete(
    variables: list[object],
    names: list[str],
    terms: list[Term],
    options: Options,
    *,
    nan_policy: str,
    bounded_by_alphabet: bool,
) -> Estimate:
    factorised, _ = prepare_variables(variables, names, nan_policy=nan_policy)
    table = contingency_table(factorised)
    return estimate_from_table(
        table,
        terms,
        options,
        names=names,
        bounded_by_alphabet=bounded_by_alphabet,
        caller_depth=3,  # _estimate_discrete, dispatch, the public function
    )


def dispatch(
    function: str,
    variables: list[object],
    names: list[str],
    terms: list[Term],
    *,
    continuous_methods: tuple[str, ...],
    method: str,
    base: float | str,
    alphabet_size: int | Sequence[int] | None,
    ci: float | None,
    rng: Seed,
    n_bootstrap: int | None,
    concentration: float | None,
    nan_policy: str,
    discrete: Discrete,
    options: dict[str, Any],
    entropy_only: bool,
) -> Estimate:
    """Route to the discrete engine or to the continuous module, by method and by data."""
    method = check_method_name(method, continuous_methods)
    forward = {
        "method": method,
        "base": base,
        "ci": ci,
        "rng": rng,
        "alphabet_size": alphabet_size,
        "n_bootstrap": n_bootstrap,
        "concentration": concentration,
        "nan_policy": nan_policy,
        "options": options,
    }
    if method in continuous_methods:
        return _forward(function, variables, discrete=discrete, **forward)  # type: ignore[arg-type]
    if method == "auto":
        flags = resolve_discrete(discrete, variables, names)
        if not all(flags):
            if not continuous_methods:
                shown = ", ".join(f"`{n}`" for n, f in zip(names, flags, strict=True) if not f)
                msg = (
                    f"{shown} look continuous (floating point), but this quantity is estimated "
                    "for discrete data only; pass `discrete=True` to treat the values as labels."
                )
                raise InvalidParameterError(msg)
            resolved: Discrete = flags[0] if len(flags) == 1 else flags
            return _forward(function, variables, discrete=resolved, **forward)  # type: ignore[arg-type]
    checked = _discrete_options(
        method=method,
        base=base,
        alphabet_size=alphabet_size,
        n_variables=len(variables),
        ci=ci,
        rng=rng,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        options=options,
    )
    return _estimate_discrete(
        variables, names, terms, checked, nan_policy=nan_policy, bounded_by_alphabet=entropy_only
    )
