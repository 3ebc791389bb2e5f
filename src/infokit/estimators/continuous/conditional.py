r"""Conditional mutual information from continuous samples: Frenzel–Pompe KSG, Gaussian, copula."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from infokit._validation import make_rng
from infokit._warnings import warn
from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate

if TYPE_CHECKING:
    from infokit.estimators._options import Options
    from infokit.estimators.knn.exclusion import TimeExclusion

__all__ = ["conditional_mutual_information"]


def conditional_mutual_information(
    x: object,
    y: object,
    z: object,
    /,
    options: Options,
    *,
    exclusion: TimeExclusion | None = None,
) -> Estimate:
    """Estimate I(X; Y | Z) with a continuous method; `options` is checked and resolved.

    The public function, with the methods, options, formulas and references, is
    `infokit.estimate_conditional_mutual_information`. `exclusion` (times, trials and a
    Theiler window of the rows, from the time-series front end) leaves temporally close
    pairs out of the KSG neighbour searches; it follows the rows into every subsample.
    """
    base, level, method = options.base, options.ci, options.method
    generator = make_rng(options.rng)
    uncertainty = _uncertainty.check_uncertainty(options.uncertainty or "auto", level)
    n_neighbors = 3 if options.n_neighbors is None else options.n_neighbors
    standardize = True if options.standardize is None else options.standardize
    if method == "auto":
        method = "ksg"
    flags = options.discrete or (False, False, False)
    xs, ys, zs = (
        _samples.as_labels(value, name=name).astype(np.float64)[:, None]
        if flag
        else _samples.power_of_two_scale(_samples.as_samples(value, name=name))  # scale-free
        for value, name, flag in zip((x, y, z), "xyz", flags, strict=True)
    )
    n = _common.check_same_length(x=xs, y=ys, z=zs)
    xs, ys, zs = _common.drop_constant(xs), _common.drop_constant(ys), _common.drop_constant(zs)
    k = _samples.check_n_neighbors(n_neighbors, n) if method == "ksg" else n_neighbors
    dims = xs.shape[1] + ys.shape[1] + zs.shape[1]
    if method in ("gaussian_copula", "gaussian") and n < dims + 2:
        msg = f"method {method!r} needs more than {dims + 1} samples here; got {n}."
        raise ShapeError(msg)
    windowed = exclusion is not None and exclusion.window > 0
    if windowed and (method != "ksg" or flags[2]):
        msg = (
            "a Theiler window (`theiler` > 0) applies to method='ksg' on continuous "
            f"conditions only; got method={method!r}"
            + (" with a discrete condition." if flags[2] else ".")
        )
        raise InvalidParameterError(msg)
    if xs.shape[1] == 0 or ys.shape[1] == 0:
        which = "`x`" if xs.shape[1] == 0 else "`y`"
        return _common.zero_estimate(method, base, n, level, f"{which} is constant")
    details: dict[str, Any] = {"standardize": standardize, "discrete": flags}
    kernel: _common.Kernel
    if method == "gaussian_copula":
        normalizers = [gaussian.CopulaNormalizer(s, generator) for s in (xs, ys, zs)]

        def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
            normal = [normalize(rows) for normalize in normalizers]
            if normal[2].shape[1] == 0:
                return gaussian.gaussian_copula_mutual_information(normal[0], normal[1]), None
            return gaussian.gaussian_copula_conditional_mutual_information(*normal), None

    elif method == "gaussian":

        def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
            if zs.shape[1] == 0:
                return gaussian.gaussian_mutual_information(xs[rows], ys[rows]), None
            return gaussian.gaussian_conditional_mutual_information(
                xs[rows], ys[rows], zs[rows]
            ), None

    elif flags[2] and zs.shape[1] > 0:
        # labels z: I(X;Y|Z) = sum_z p(z) I(X;Y|Z=z), KSG within each class
        _samples.warn_high_dimension(n, xs.shape[1] + ys.shape[1], name="(x, y)")
        action = "estimate_conditional_mutual_information(method='ksg')"
        xs, ys = (
            _common.prepare_continuous(
                s, standardize=False, jitter=True, generator=generator, name=name, action=action
            )
            for s, name in ((xs, "x"), (ys, "y"))
        )
        codes = zs[:, 0].astype(np.intp)
        _warn_small_classes(codes, k)
        kernel = _stratified_kernel(xs, ys, codes, k, standardize=standardize)
        details.update(n_neighbors=k, stratified=True)
    else:
        _samples.warn_high_dimension(n, dims, name="(x, y, z)")
        action = "estimate_conditional_mutual_information(method='ksg')"
        xs, ys, zs = (
            _common.prepare_continuous(
                s,
                standardize=standardize,
                jitter=True,
                generator=generator,
                name=name,
                action=action,
            )
            for s, name in ((xs, "x"), (ys, "y"), (zs, "z"))
        )
        kernel = _ksg_kernel(xs, ys, zs, k, exclusion if windowed else None)
        details["n_neighbors"] = k
        if windowed:
            assert exclusion is not None  # windowed implies it
            details["theiler"] = exclusion.window
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
        local=options.local,
    )


def _ksg_kernel(
    xs: FloatArray, ys: FloatArray, zs: FloatArray, k: int, exclusion: TimeExclusion | None
) -> _common.Kernel:
    from infokit.estimators.continuous import neighbors

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        excluded = None if exclusion is None else exclusion.take(rows)
        if zs.shape[1] == 0:  # every column of z was constant: I(X;Y|Z) = I(X;Y)
            value, terms = neighbors.ksg_mutual_information(
                xs[rows], ys[rows], n_neighbors=k, algorithm=1, exclusion=excluded
            )
        else:
            value, terms = neighbors.ksg_conditional_mutual_information(
                xs[rows], ys[rows], zs[rows], n_neighbors=k, exclusion=excluded
            )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel


def _warn_small_classes(codes: NDArray[np.intp], k: int) -> None:
    counts = np.bincount(codes)
    small = (counts > 0) & (counts <= k)
    if counts[counts > k].size == 0:
        msg = (
            f"every class of `z` has at most `n_neighbors`={k} samples; KSG within classes "
            "needs more. Pass more samples or a smaller `n_neighbors`."
        )
        raise ShapeError(msg)
    if small.any():
        msg = (
            f"{int(small.sum())} class(es) of `z` with at most `n_neighbors`={k} samples "
            f"({int(counts[small].sum())} samples) are left out of the estimate."
        )
        warn(msg, SmallSampleWarning)


def _stratified_kernel(
    xs: FloatArray, ys: FloatArray, codes: NDArray[np.intp], k: int, *, standardize: bool
) -> _common.Kernel:
    """KSG within each class of `codes`, each class standardised on its own."""
    from infokit.estimators.continuous import neighbors

    def prepare(samples: FloatArray) -> FloatArray:
        samples = _common.drop_constant(samples)
        return _samples.standardize_columns(samples)[0] if standardize else samples

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        terms = []
        for code in np.unique(codes[rows]):
            members = rows[codes[rows] == code]
            if members.shape[0] <= k:
                continue
            x_class, y_class = prepare(xs[members]), prepare(ys[members])
            if x_class.shape[1] == 0 or y_class.shape[1] == 0:  # constant within the class
                terms.append(np.zeros(members.shape[0]))
                continue
            _, local = neighbors.ksg_mutual_information(
                x_class, y_class, n_neighbors=k, algorithm=1
            )
            terms.append(np.asarray(local, dtype=np.float64))
        if not terms:
            return math.nan, None
        joined = np.concatenate(terms)
        return float(joined.mean()), joined

    return kernel
