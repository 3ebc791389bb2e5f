r"""Mutual information from continuous or mixed samples: the engine behind the front end.

`mutual_information` checks the samples, chooses a method, prepares the data (standardise,
break ties), calls a kernel (`gaussian`, `mixed`, or the kNN kernels of `neighbors`),
attaches a standard error and returns an `Estimate`; `permutation_statistic` prepares the
samples once for the shuffles of a permutation test. The public function is
`infokit.estimate_mutual_information`.

Standard errors (``uncertainty="auto"``): kNN methods use subsampling without replacement
(40 subsamples of N/4 rows below 20 000 samples, 6 to 8 above; spread rescaled by the
square-root rate), valid where the naive bootstrap is not (it duplicates points). The
spacing, Gaussian and copula methods use a delete-a-group jackknife over 10 random blocks.
Details, the plan by sample size and references: `infokit.estimators.continuous.uncertainty`;
coverage is measured in ``benchmarks/accuracy_uncertainty.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

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
    from infokit.estimators.knn.exclusion import TimeExclusion

__all__ = ["MIXED_TIE_FRACTION", "TieWarning", "mutual_information", "permutation_statistic"]


#: Above this fraction of tied rows, ``method="auto"`` treats continuous data as a mixture.
MIXED_TIE_FRACTION = 0.05


def mutual_information(
    x: object, y: object, /, options: Options, *, exclusion: TimeExclusion | None = None
) -> Estimate:
    """Estimate I(X; Y) with a continuous or mixed method; `options` is checked and resolved.

    The public function, with the methods, options, formulas and references, is
    `infokit.estimate_mutual_information`; ``options.discrete`` holds one flag per variable.
    `exclusion` (times, trials and a Theiler window of the rows, from the time-series front
    end) leaves temporally close pairs out of the KSG searches (``method="ksg"`` only).
    """
    base, level = options.base, options.ci
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    windowed = exclusion is not None and exclusion.window > 0
    if windowed and options.method != "ksg":
        msg = (
            "a Theiler window (`theiler` > 0) applies to method='ksg' only; got "
            f"method={options.method!r}."
        )
        raise InvalidParameterError(msg)
    if _uses_ross(options):
        return _ross(x, y, options, generator, uncertainty)
    prepared = _prepare(x, y, options, generator)
    if isinstance(prepared, Estimate):
        return prepared
    if windowed:
        assert exclusion is not None  # windowed implies it
        prepared.details["theiler"] = exclusion.window
    estimate = _common.estimate_from_kernel(
        prepared.kernel(prepared.y, generator, exclusion if windowed else None),
        prepared.n_samples,
        method=prepared.method,
        uncertainty=uncertainty,
        generator=generator,
        min_rows=2 * prepared.n_neighbors + 2,
        base=base,
        level=level,
        details=dict(prepared.details),
        local=options.local,
    )
    if not prepared.compare_copula:
        return estimate
    copula = _common.estimate_from_kernel(
        _gaussian_mi_kernel(prepared.x, prepared.y, "gaussian_copula", generator),
        prepared.n_samples,
        method="gaussian_copula",
        uncertainty=uncertainty,
        generator=generator,
        min_rows=2 * prepared.n_neighbors + 2,
        base=base,
        level=level,
        details={},
    )
    chosen = copula if float(copula.value) > float(estimate.value) else estimate
    chosen.details["auto"] = {
        "rule": "the larger of 'ksg' and 'gaussian_copula' (both biased downwards)",
        "candidates": {"ksg": float(estimate.value), "gaussian_copula": float(copula.value)},
    }
    if chosen is estimate:
        _samples.warn_high_dimension(
            prepared.n_samples, prepared.x.shape[1] + prepared.y.shape[1], name="(x, y)"
        )
    return chosen


def _compares_copula(method: str, options: Options, xs: FloatArray, ys: FloatArray) -> bool:
    """Whether ``method="auto"`` also runs the copula estimator and keeps the larger value.

    Multivariate pairs only (more than two columns in all): there KSG's downward bias grows
    with the dimension, while the Gaussian-copula estimate is right for any dependence that
    is Gaussian up to monotone maps of each coordinate and otherwise, too, usually low. Not
    with `local` (the copula estimate has no pointwise terms) or too few samples for it.
    """
    dims = xs.shape[1] + ys.shape[1]
    return (
        options.method == "auto"
        and method == "ksg"
        and not options.local
        and dims > 2
        and min(xs.shape[1], ys.shape[1]) > 0
        and xs.shape[0] >= dims + 2
    )


def permutation_statistic(
    x: object, y: object, /, options: Options, generator: np.random.Generator
) -> tuple[str, int, Callable[[NDArray[np.intp] | None], tuple[float, ...]]] | None:
    """Prepare `x` and `y` once for a permutation test of independence.

    Returns ``(method, n_samples, statistic)`` where ``statistic(order)`` is the estimate
    (nats, no error bar) with `y`'s rows taken in `order` (None: as given), as a tuple: one
    value, or for ``method="auto"`` on a multivariate pair the KSG and the copula estimates
    (auto's estimate is the larger; the test combines them by their p-values). Standardising and
    breaking ties happen once, so the observed and the shuffled statistics see the same
    samples, and each shuffle costs one kernel call. Returns None for Ross's estimator (its
    labels side is prepared differently); the caller then uses the front end.
    """
    if _uses_ross(options):
        return None
    prepared = _prepare(x, y, options, generator)
    if isinstance(prepared, Estimate):
        value = float(prepared.value) * math.log(options.base)
        return prepared.method, int(prepared.n_samples or 0), lambda order: (value,)
    whole = np.arange(prepared.n_samples)
    k, method = prepared.n_neighbors, prepared.method
    if method in ("ksg", "ksg2"):
        from infokit.estimators.continuous import neighbors

        algorithm: Literal[1, 2] = 2 if method == "ksg2" else 1
        scores = None  # copula scores, once: shuffling rows commutes with ranking them
        if prepared.compare_copula:
            pair = (prepared.x, prepared.y)
            normalizers = (gaussian.CopulaNormalizer(a, generator) for a in pair)
            scores = tuple(normalize(whole) for normalize in normalizers)

        def knn(order: NDArray[np.intp] | None) -> tuple[float, ...]:
            ys = prepared.y if order is None else prepared.y[order]
            # serial and GIL-free: the caller runs shuffles in parallel threads
            value = neighbors.ksg_mutual_information(
                prepared.x, ys, n_neighbors=k, algorithm=algorithm, workers=1
            )[0]
            if scores is None:
                return (value,)
            normal_y = scores[1] if order is None else scores[1][order]
            return value, gaussian.gaussian_copula_mutual_information(scores[0], normal_y)

        return method, prepared.n_samples, knn

    def other(order: NDArray[np.intp] | None) -> tuple[float, ...]:
        ys = prepared.y if order is None else prepared.y[order]
        return (prepared.kernel(ys, generator)(whole)[0],)

    return method, prepared.n_samples, other


@dataclass(frozen=True)
class _Prepared:
    """Checked, standardised and tie-broken samples, and the method that will use them."""

    method: str
    x: FloatArray
    y: FloatArray
    n_samples: int
    n_neighbors: int
    details: dict[str, Any]
    compare_copula: bool = False  # auto on a multivariate pair: also the copula estimate

    def kernel(
        self,
        ys: FloatArray,
        generator: np.random.Generator,
        exclusion: TimeExclusion | None = None,
    ) -> _common.Kernel:
        """Return the estimator on rows of ``(self.x, ys)`` (`exclusion`: KSG only)."""
        if self.method in ("gaussian", "gaussian_copula"):
            return _gaussian_mi_kernel(self.x, ys, self.method, generator)
        return _knn_mi_kernel(self.x, ys, self.method, self.n_neighbors, exclusion)


def _uses_ross(options: Options) -> bool:
    x_discrete, y_discrete = options.discrete or (False, False)
    return options.method == "ross" or (options.method == "auto" and x_discrete != y_discrete)


def _prepare(
    x: object, y: object, options: Options, generator: np.random.Generator
) -> _Prepared | Estimate:
    """Check the samples, resolve ``method="auto"`` and prepare the data for the kernel.

    Returns the exact zero `Estimate` when `x` or `y` is constant.
    """
    method = options.method
    n_neighbors = 3 if options.n_neighbors is None else options.n_neighbors
    metric = options.metric or "chebyshev"
    standardize = True if options.standardize is None else options.standardize
    if method in ("ksg", "ksg2", "mixed_ksg", "stratified_ksg") and metric != "chebyshev":
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
            method = "stratified_ksg"
            msg = (
                f"{many_ties:.1%} of the rows of `x` or `y` repeat a value: the data has "
                "discrete atoms, so method='auto' uses 'stratified_ksg' (the chain rule over "
                "the atoms, KSG on the continuous part) instead of 'ksg'. Pass method='ksg' "
                "to jitter the ties instead."
            )
            warn(msg, TieWarning)
    if xs.shape[1] == 0 or ys.shape[1] == 0:
        which = "`x`" if xs.shape[1] == 0 else "`y`"
        _check_small(method, n, n_neighbors)
        return _common.zero_estimate(method, options.base, n, options.ci, f"{which} is constant")
    details: dict[str, Any] = {"standardize": standardize}
    k = int(n_neighbors)
    compare_copula = False
    if method in ("gaussian", "gaussian_copula"):
        if n < xs.shape[1] + ys.shape[1] + 2:
            msg = (
                f"method {method!r} needs more samples than joint dimensions + 1; got {n} "
                f"samples of {xs.shape[1] + ys.shape[1]} dimensions."
            )
            raise ShapeError(msg)
    else:
        k = _samples.check_n_neighbors(n_neighbors, n)
        compare_copula = _compares_copula(method, options, xs, ys)
        if not compare_copula:  # otherwise only when KSG's value is the one returned
            _samples.warn_high_dimension(n, xs.shape[1] + ys.shape[1], name="(x, y)")
        jitter = method not in ("mixed_ksg", "stratified_ksg")
        action = f"estimate_mutual_information(method={method!r})"
        xs = _common.prepare_continuous(
            xs, standardize=standardize, jitter=jitter, generator=generator, name="x", action=action
        )
        ys = _common.prepare_continuous(
            ys, standardize=standardize, jitter=jitter, generator=generator, name="y", action=action
        )
        details["n_neighbors"] = k
    return _Prepared(method, xs, ys, n, k, details, compare_copula)


def _check_small(method: str, n: int, n_neighbors: int) -> None:
    if method not in ("gaussian", "gaussian_copula"):
        _samples.check_n_neighbors(n_neighbors, n)
    elif n < 3:
        msg = f"method {method!r} needs at least 3 samples; got {n}."
        raise ShapeError(msg)


def _gaussian_mi_kernel(
    xs: FloatArray, ys: FloatArray, method: str, generator: np.random.Generator
) -> _common.Kernel:
    if method == "gaussian_copula":
        normal_x = gaussian.CopulaNormalizer(xs, generator)
        normal_y = gaussian.CopulaNormalizer(ys, generator)

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        if method == "gaussian":
            return gaussian.gaussian_mutual_information(xs[rows], ys[rows]), None
        return gaussian.gaussian_copula_mutual_information(normal_x(rows), normal_y(rows)), None

    return kernel


def _knn_mi_kernel(
    xs: FloatArray, ys: FloatArray, method: str, k: int, exclusion: TimeExclusion | None = None
) -> _common.Kernel:
    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        if method == "mixed_ksg":
            return mixed.mixed_ksg_mutual_information(xs[rows], ys[rows], n_neighbors=k)
        if method == "stratified_ksg":
            return mixed.stratified_ksg_mutual_information(xs[rows], ys[rows], n_neighbors=k)
        from infokit.estimators.continuous import neighbors

        value, terms = neighbors.ksg_mutual_information(
            xs[rows],
            ys[rows],
            n_neighbors=k,
            algorithm=2 if method == "ksg2" else 1,
            exclusion=None if exclusion is None else exclusion.take(rows),
        )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel


def _ross(
    x: object,
    y: object,
    options: Options,
    generator: np.random.Generator,
    uncertainty: str,
) -> Estimate:
    """Ross's estimator with whichever of `x`, `y` is discrete."""
    base, level = options.base, options.ci
    x_discrete, y_discrete = options.discrete or (False, False)
    n_neighbors = 3 if options.n_neighbors is None else options.n_neighbors
    metric: Metric = options.metric or "chebyshev"
    standardize = True if options.standardize is None else options.standardize
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

    value, std_error, dof, details, local_terms = _common.run(
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
        local_terms=local_terms if options.local else None,
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
