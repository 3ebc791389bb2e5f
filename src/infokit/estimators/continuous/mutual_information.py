r"""Differential entropy, mutual information and KL divergence from continuous or mixed samples.

The public functions check the samples, choose a method, prepare the data (standardise,
break ties), call a kernel (`spacing`, `gaussian`, `mixed`, or the kNN kernels of
`neighbors`), attach a standard error and return an `Estimate`. Mutual information lives
here; `estimate_entropy` (module `differential_entropy`),
`estimate_conditional_mutual_information` (`conditional`) and `estimate_kl_divergence`
(`divergence`) are re-exported so that all four are reached from this module.

Standard errors (``uncertainty="auto"``): kNN methods use subsampling without replacement
(40 subsamples of N/4 rows, spread rescaled by the square-root rate), valid where the naive
bootstrap is not (it duplicates points); above 100 000 samples they use the spread of their
local terms instead. The spacing, Gaussian and copula methods use a delete-a-group jackknife
over 10 random blocks. Details and references:
`infokit.estimators.continuous.uncertainty`; coverage is measured in
``benchmarks/accuracy_continuous.py`` (see `estimate_mutual_information`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from infokit._validation import make_rng
from infokit._warnings import warn
from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian, mixed
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray, TieWarning
from infokit.results import Estimate

if TYPE_CHECKING:
    from infokit.estimators._options import Metric, Options

__all__ = ["MIXED_TIE_FRACTION", "TieWarning", "mutual_information"]


#: Above this fraction of tied rows, ``method="auto"`` treats continuous data as a mixture.
MIXED_TIE_FRACTION = 0.05


def mutual_information(x: object, y: object, /, options: Options) -> Estimate:
    """Estimate I(X; Y) with a continuous or mixed method; `options` is checked and resolved.

    The public function, with the methods, options, formulas and references, is
    `infokit.estimate_mutual_information`; ``options.discrete`` holds one flag per variable.
    """
    base, level, method = options.base, options.ci, options.method
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    n_neighbors = 3 if options.n_neighbors is None else options.n_neighbors
    metric = options.metric or "chebyshev"
    standardize = True if options.standardize is None else options.standardize
    x_discrete, y_discrete = options.discrete or (False, False)
    if method == "ross" or (method == "auto" and x_discrete != y_discrete):
        return _ross(
            x,
            y,
            x_discrete,
            y_discrete,
            n_neighbors,
            metric,
            standardize,
            base,
            level,
            generator,
            uncertainty,
        )
    if method in ("ksg", "ksg2", "mixed_ksg") and metric != "chebyshev":
        msg = f"method {method!r} is defined with the max-norm; pass metric='chebyshev'."
        raise InvalidParameterError(msg)
    xs, ys = _samples.as_samples(x, name="x"), _samples.as_samples(y, name="y")
    # exact power-of-two rescaling (MI is scale-free): no overflow at 1e300, no underflow at 1e-300
    xs, ys = _samples.power_of_two_scale(xs), _samples.power_of_two_scale(ys)
    n = _common.check_same_length(x=xs, y=ys)
    xs, ys = _common.drop_constant(xs), _common.drop_constant(ys)
    if method == "auto":
        # rounded or integer-valued columns (values on a grid) are dequantised at their
        # resolution, exactly preserving I(X; Y); only real atoms are left as ties
        xs = _samples.dequantize_grid_columns(xs, generator)
        ys = _samples.dequantize_grid_columns(ys, generator)
        many_ties = max(_samples.tie_fraction(xs), _samples.tie_fraction(ys))
        method = "ksg"
        if many_ties > MIXED_TIE_FRACTION:
            method = "mixed_ksg"
            msg = (
                f"{many_ties:.1%} of the rows of `x` or `y` repeat a value: the data has "
                "discrete atoms, so method='auto' uses 'mixed_ksg' (Gao et al. 2017) instead "
                "of 'ksg'. Pass method='ksg' to jitter the ties instead."
            )
            warn(msg, TieWarning)
    if xs.shape[1] == 0 or ys.shape[1] == 0:
        which = "`x`" if xs.shape[1] == 0 else "`y`"
        _check_small(method, n, n_neighbors)
        return _common.zero_estimate(method, base, n, level, f"{which} is constant")
    details: dict[str, Any] = {"standardize": standardize}
    kernel: _common.Kernel
    if method in ("gaussian", "gaussian_copula"):
        if n < xs.shape[1] + ys.shape[1] + 2:
            msg = (
                f"method {method!r} needs more samples than joint dimensions + 1; got {n} "
                f"samples of {xs.shape[1] + ys.shape[1]} dimensions."
            )
            raise ShapeError(msg)
        kernel = _gaussian_mi_kernel(xs, ys, method, generator)
    else:
        k = _samples.check_n_neighbors(n_neighbors, n)
        _samples.warn_high_dimension(n, xs.shape[1] + ys.shape[1], name="(x, y)")
        jitter = method != "mixed_ksg"
        action = f"estimate_mutual_information(method={method!r})"
        xs = _common.prepare_continuous(
            xs, standardize=standardize, jitter=jitter, generator=generator, name="x", action=action
        )
        ys = _common.prepare_continuous(
            ys, standardize=standardize, jitter=jitter, generator=generator, name="y", action=action
        )
        kernel = _knn_mi_kernel(xs, ys, method, k)
        details["n_neighbors"] = k
    return _common.estimate_from_kernel(
        kernel,
        n,
        method=method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=2 * int(n_neighbors) + 2,
        base=base,
        level=level,
        details=details,
    )


def _check_small(method: str, n: int, n_neighbors: int) -> None:
    if method not in ("gaussian", "gaussian_copula"):
        _samples.check_n_neighbors(n_neighbors, n)
    elif n < 3:
        msg = f"method {method!r} needs at least 3 samples; got {n}."
        raise ShapeError(msg)


def _gaussian_mi_kernel(
    xs: FloatArray, ys: FloatArray, method: str, generator: np.random.Generator
) -> _common.Kernel:
    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        if method == "gaussian":
            return gaussian.gaussian_mutual_information(xs[rows], ys[rows]), None
        return gaussian.gaussian_copula_mutual_information(
            gaussian.copula_normalize(xs[rows], generator),
            gaussian.copula_normalize(ys[rows], generator),
        ), None

    return kernel


def _knn_mi_kernel(xs: FloatArray, ys: FloatArray, method: str, k: int) -> _common.Kernel:
    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        if method == "mixed_ksg":
            return mixed.mixed_ksg_mutual_information(xs[rows], ys[rows], n_neighbors=k)
        from infokit.estimators.continuous import neighbors

        value, terms = neighbors.ksg_mutual_information(
            xs[rows], ys[rows], n_neighbors=k, algorithm=2 if method == "ksg2" else 1
        )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel


def _ross(
    x: object,
    y: object,
    x_discrete: bool,
    y_discrete: bool,
    n_neighbors: int,
    metric: Metric,
    standardize: bool,
    base: float,
    level: float | None,
    generator: np.random.Generator,
    uncertainty: str,
) -> Estimate:
    """Ross's estimator with whichever of `x`, `y` is discrete."""
    if x_discrete == y_discrete:
        state = "both discrete" if x_discrete else "both continuous"
        msg = (
            f"method 'ross' needs one discrete and one continuous variable; `x` and `y` are "
            f"{state} by their dtypes or `discrete`. Pass e.g. `discrete=(True, False)`."
        )
        raise InvalidParameterError(msg)
    labels_in, values_in = (x, y) if x_discrete else (y, x)
    labels_name, values_name = ("x", "y") if x_discrete else ("y", "x")
    labels = _samples.as_labels(labels_in, name=labels_name)
    values = _samples.power_of_two_scale(_samples.as_samples(values_in, name=values_name))
    n = _common.check_same_length(**{labels_name: labels, values_name: values})
    k = _samples.check_n_neighbors(n_neighbors, n)
    values = _common.drop_constant(values)
    if values.shape[1] == 0 or np.unique(labels).shape[0] == 1:
        which = f"`{values_name}`" if values.shape[1] == 0 else f"`{labels_name}`"
        return _common.zero_estimate("ross", base, n, level, f"{which} is constant")
    _check_singleton_classes(labels, labels_name)
    _samples.warn_high_dimension(n, values.shape[1], name=values_name)
    # rounded values (on a grid) are dequantised, which keeps I exactly; ties that remain are
    # atoms, whose counts the kernel takes as they are
    values = _samples.dequantize_grid_columns(values, generator)
    values = _common.prepare_continuous(
        values,
        standardize=standardize,
        jitter=False,  # the kernel counts ties at an atom itself (Gao et al.'s rule)
        generator=generator,
        name=values_name,
        action="estimate_mutual_information(method='ross')",
    )

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        return mixed.ross_mutual_information(
            labels[rows], values[rows], n_neighbors=k, metric=metric
        )

    value, std_error, dof, details = _common.run(
        kernel,
        n,
        method="ross",
        uncertainty=uncertainty,
        generator=generator,
        min_rows=2 * k + 2,
    )
    details.update(
        n_neighbors=k, metric=metric, standardize=standardize, discrete_argument=labels_name
    )
    return _common.finish(
        value,
        std_error,
        method="ross",
        base=base,
        n_samples=n,
        level=level,
        dof=dof,
        details=details,
    )


def _check_singleton_classes(labels: NDArray[np.intp], name: str) -> None:
    """Ross's estimator leaves out samples alone in their class: say so, or refuse if all are."""
    _, codes, counts = np.unique(labels, return_inverse=True, return_counts=True)
    alone = int(np.sum(counts[codes.reshape(-1)] == 1))
    if alone == labels.shape[0]:
        msg = (
            f"every value of `{name}` occurs once (an identifier?): Ross's estimator needs "
            "classes with at least two samples. Pass `discrete=False` if the values are "
            "numbers."
        )
        raise InvalidParameterError(msg)
    if alone:
        msg = (
            f"{alone} sample(s) of `{name}` are alone in their class and are left out of "
            "Ross's estimate (as in scikit-learn)."
        )
        warn(msg, SmallSampleWarning)
