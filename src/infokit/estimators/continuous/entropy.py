r"""Differential entropy of continuous samples: spacing, Kozachenko–Leonenko and Gaussian."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from infokit._validation import make_rng
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian, spacing
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate

if TYPE_CHECKING:
    from infokit.estimators._options import Metric, Options

__all__ = ["default_weighted_neighbors", "differential_entropy"]


def default_weighted_neighbors(dimension: int) -> int:
    """K of ``method="weighted_kozachenko_leonenko"`` when `n_neighbors` is not given.

    3 (the plain estimator's k, so the two agree) for d <= 3, where the weights put all mass
    on the K-th neighbour; 10 from d = 4 on, the K of the smallest RMSE on 5-D Gaussians
    at N = 10^4 in ``benchmarks/accuracy_weighted_kl.py``.
    """
    return 3 if dimension <= 3 else 10


#: ``method="auto"`` takes the weighted estimator for WEIGHTED_AUTO_DIMENSIONS and at least
#: WEIGHTED_AUTO_MIN_SAMPLES samples (see `_auto_knn_method`).
WEIGHTED_AUTO_DIMENSIONS = range(4, 7)
WEIGHTED_AUTO_MIN_SAMPLES = 10_000


def _auto_knn_method(n: int, d: int) -> str:
    """Return the kNN entropy method of ``method="auto"`` for ``d >= 2``.

    ``benchmarks/accuracy_weighted_kl.py`` (RMSE in nats, weighted vs plain k = 3): at
    N = 10^4 the weighted estimator wins for d = 4, 5, 6 on Gaussians (0.026 vs 0.038,
    0.036 vs 0.056, 0.047 vs 0.068), on uniform cubes (d = 5: 0.128 vs 0.288) and
    Student-t (d = 5: 0.044 vs 0.064); it ties at d = 7 and loses at d = 10 (0.10 vs 0.03)
    and at N = 1000 on Gaussians and Student-t. For d <= 3 both are the same estimator.
    """
    if d in WEIGHTED_AUTO_DIMENSIONS and n >= WEIGHTED_AUTO_MIN_SAMPLES:
        return "weighted_kozachenko_leonenko"
    return "kozachenko_leonenko"


def differential_entropy(x: object, /, options: Options) -> Estimate:
    """Estimate the differential entropy of `x`; `options` is checked.

    The public function, with the methods, options, formulas and references, is
    `infokit.estimate_entropy`.
    """
    base, level, method = options.base, options.ci, options.method
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    n_neighbors = 3 if options.n_neighbors is None else options.n_neighbors
    metric = options.metric or "euclidean"
    standardize = False if options.standardize is None else options.standardize
    window_length = options.window_length
    if options.discrete is not None and options.discrete[0]:
        msg = (
            "`discrete`=True with a continuous method: differential entropy is for "
            "continuous samples; pass a discrete method (or method='auto') for labels."
        )
        raise InvalidParameterError(msg)
    samples = _samples.as_samples(x, name="x")
    n, d = samples.shape
    if method == "auto":
        # 1-D: van Es for n <= 10 (as scipy), Ebrahimi above; benchmarks/accuracy_spacing.py
        method = ("van_es" if n <= 10 else "ebrahimi") if d == 1 else _auto_knn_method(n, d)
    constant = _samples.constant_columns(samples)
    if constant.any():
        msg = (
            f"`x` has {int(constant.sum())} constant column(s) (e.g. column "
            f"{int(np.argmax(constant))}): their differential entropy is -inf. Drop them."
        )
        raise InvalidParameterError(msg)
    shift = _samples.power_of_two_log_scale(samples)  # exact rescaling: no over/underflow
    samples = _samples.power_of_two_scale(samples)
    if standardize:
        samples, scale = _samples.standardize_columns(samples)
        shift += _samples.log_det_scale(scale)
    details: dict[str, Any] = {"standardize": standardize}
    kernel: _common.Kernel
    if method in spacing.SPACING_METHODS:
        kernel = _spacing_kernel(samples, method, window_length, generator)
        details["window_length"] = spacing.check_window_length(window_length, n)
    elif method == "gaussian":
        if n < d + 1:
            msg = f"the Gaussian entropy needs more samples than dimensions; got {n} for {d}."
            raise ShapeError(msg)

        def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
            return gaussian.gaussian_entropy(samples[rows]), None

    else:
        if method == "weighted_kozachenko_leonenko" and options.n_neighbors is None:
            n_neighbors = default_weighted_neighbors(d)
        k = _samples.check_n_neighbors(n_neighbors, n)
        _samples.warn_high_dimension(n, d, name="x")
        samples = _samples.break_ties(samples, generator, name="x", action="estimate_entropy")
        if method == "weighted_kozachenko_leonenko":
            kernel = _weighted_kl_entropy_kernel(samples, k, metric)
        else:
            kernel = _kl_entropy_kernel(samples, k, metric)
        details.update(n_neighbors=k, metric=metric)
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
        shift=shift,
        local=options.local,
    )


def _spacing_kernel(
    samples: FloatArray, method: str, window_length: int | None, generator: np.random.Generator
) -> _common.Kernel:
    n, d = samples.shape
    if d != 1:
        msg = (
            f"method {method!r} is for one-dimensional samples; `x` has shape {samples.shape}. "
            "Use method='kozachenko_leonenko' for several dimensions."
        )
        raise ShapeError(msg)
    spacing.check_window_length(window_length, n)
    values = samples[:, 0]
    m_full = spacing.default_window_length(n) if window_length is None else window_length
    if spacing.has_zero_spacing(values, method, m_full):
        # log(0): scipy returns -inf (NaN for Correa); jitter the repeated values instead
        jittered = _samples.break_ties(samples, generator, name="x", action="estimate_entropy")
        values = jittered[:, 0] + values.mean()
    estimator = spacing.spacing_estimator(method)

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        subset = values[rows]
        if subset.shape[0] == n:
            return estimator(subset, window_length=m_full)
        # jackknife replicates: the same window, shrunk only if the subsample is too small
        m = max(1, min(m_full, (subset.shape[0] - 1) // 2))
        return estimator(subset, window_length=m)

    return kernel


def _kl_entropy_kernel(samples: FloatArray, k: int, metric: Metric) -> _common.Kernel:
    from infokit.estimators.continuous import neighbors

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        value, terms = neighbors.kozachenko_leonenko_entropy(
            samples[rows], n_neighbors=k, metric=metric
        )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel


def _weighted_kl_entropy_kernel(samples: FloatArray, k: int, metric: Metric) -> _common.Kernel:
    from infokit.estimators.continuous import neighbors

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        value, terms = neighbors.weighted_kozachenko_leonenko_entropy(
            samples[rows], n_neighbors=k, metric=metric
        )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel
