r"""Conditional mutual information from continuous samples: Frenzel–Pompe KSG and copula."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from infokit._validation import check_choice, check_flag, check_level
from infokit._warnings import warn
from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning
from infokit.estimators.continuous import common as _common
from infokit.estimators.continuous import gaussian
from infokit.estimators.continuous import samples as _samples
from infokit.estimators.continuous import uncertainty as _uncertainty
from infokit.estimators.continuous.samples import FloatArray
from infokit.results import Estimate
from infokit.units import resolve_base

__all__ = ["estimate_conditional_mutual_information"]

ConditionalMethod = Literal["auto", "ksg", "gaussian_copula"]
_CMI_METHODS = ("auto", "ksg", "gaussian_copula")


def estimate_conditional_mutual_information(
    x: object,
    y: object,
    z: object,
    /,
    *,
    method: ConditionalMethod = "ksg",
    base: float | str = math.e,
    n_neighbors: int = 3,
    standardize: bool = True,
    ci: float | None = None,
    rng: int | np.random.Generator | None = None,
    uncertainty: Literal["auto", "subsampling", "block_jackknife", "local_terms", "none"] = "auto",
    discrete: bool | tuple[bool, bool, bool] | None = None,
) -> Estimate:
    r"""Estimate the conditional mutual information I(X; Y | Z) from continuous samples.

    Parameters
    ----------
    x, y, z : array of shape (n_samples,) or (n_samples, n_dims)
        Paired samples, row by row (any array library; computed on the host in float64).
    method : {"ksg", "gaussian_copula", "auto"}, default="ksg"
        ``"ksg"``: Frenzel–Pompe kNN estimator [1]_ [2]_; ``"gaussian_copula"``: Ince et
        al.'s bias-corrected copula estimator [3]_. ``"auto"`` means ``"ksg"``.
    base : float or str, default=math.e
        Logarithm base of the result.
    n_neighbors : int, default=3
        ``k`` of the kNN estimator.
    standardize : bool, default=True
        Centre and scale every column to unit variance before the kNN search (CMI is
        invariant under it; the estimator's bias is not).
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``).
    rng : int or numpy.random.Generator, optional
        Seeds the jackknife blocks and the tie-breaking jitter; ``None`` uses seed 0.
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, default="auto"
        How `std_error` is computed (see `infokit.estimators.continuous.mutual_information`).
    discrete : bool or (bool, bool, bool), optional
        Which of `x`, `y`, `z` are labels (default: string, boolean and categorical dtypes).
        With ``"ksg"`` and labels `z`, the estimate is
        :math:`\sum_z \hat p(z)\, \hat I_{\mathrm{KSG}}(X; Y \mid Z = z)`, KSG within each
        class (classes with at most `n_neighbors` samples are left out, with a
        `SmallSampleWarning`). Labels `x` or `y` are coded as integers and treated as numbers
        whose ties are jittered (with a `TieWarning`).

    Returns
    -------
    Estimate
        Conditional mutual information in units of `base` (KSG values may be negative and
        are not clamped).

    Notes
    -----
    With :math:`\epsilon_i` the max-norm distance to the `k`-th neighbour in the joint
    (x, y, z) space and :math:`n_{xz,i}`, :math:`n_{yz,i}`, :math:`n_{z,i}` the points
    strictly within :math:`\epsilon_i` in those subspaces:

    .. math:: \hat I(X;Y|Z) = \psi(k) - \langle \psi(n_{xz} + 1) + \psi(n_{yz} + 1)
              - \psi(n_z + 1) \rangle

    Constant columns of `z` are dropped (conditioning on a constant changes nothing); a
    constant `x` or `y` gives exactly 0.

    References
    ----------
    .. [1] S. Frenzel and B. Pompe, "Partial mutual information for coupling analysis of
       multivariate time series", Physical Review Letters 99, 204101, 2007.
    .. [2] M. Vejmelka and M. Paluš, "Inferring the directionality of coupling with
       conditional mutual information", Physical Review E 77, 026214, 2008.
    .. [3] R. A. A. Ince et al., Human Brain Mapping 38, 1541-1573, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.estimators.continuous import estimate_conditional_mutual_information
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=3000)
    >>> x, y = z + rng.normal(size=3000), z + rng.normal(size=3000)
    >>> estimate = estimate_conditional_mutual_information(x, y, z, method="gaussian_copula")
    >>> abs(estimate.value) < 3 * estimate.std_error + 0.01
    True
    """
    base = resolve_base(base)
    level = check_level(ci)
    generator = _samples.make_rng(rng)
    uncertainty = _uncertainty.check_uncertainty(uncertainty, level)  # type: ignore[assignment]
    method = check_choice(method, _CMI_METHODS, name="method")  # type: ignore[assignment]
    standardize = check_flag(standardize, name="standardize")
    _samples.check_n_neighbors(n_neighbors, -1)
    if method == "auto":
        method = "ksg"
    flags = _discrete_flags(discrete, (x, y, z))
    xs, ys, zs = (
        _samples.as_labels(value, name=name).astype(np.float64)[:, None]
        if flag
        else _samples.as_samples(value, name=name)
        for value, name, flag in zip((x, y, z), "xyz", flags, strict=True)
    )
    n = _common.check_same_length(x=xs, y=ys, z=zs)
    xs, ys, zs = _common.drop_constant(xs), _common.drop_constant(ys), _common.drop_constant(zs)
    k = _samples.check_n_neighbors(n_neighbors, n) if method == "ksg" else n_neighbors
    dims = xs.shape[1] + ys.shape[1] + zs.shape[1]
    if method == "gaussian_copula" and n < dims + 2:
        msg = f"method 'gaussian_copula' needs more than {dims + 1} samples here; got {n}."
        raise ShapeError(msg)
    if xs.shape[1] == 0 or ys.shape[1] == 0:
        which = "`x`" if xs.shape[1] == 0 else "`y`"
        return _common.zero_estimate(method, base, n, level, f"{which} is constant")
    details: dict[str, Any] = {"standardize": standardize, "discrete": flags}
    kernel: _common.Kernel
    if method == "gaussian_copula":

        def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
            normal = [gaussian.copula_normalize(s[rows], generator) for s in (xs, ys, zs)]
            if normal[2].shape[1] == 0:
                return gaussian.gaussian_copula_mutual_information(normal[0], normal[1]), None
            return gaussian.gaussian_copula_conditional_mutual_information(*normal), None

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
        kernel = _ksg_kernel(xs, ys, zs, k)
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


def _ksg_kernel(xs: FloatArray, ys: FloatArray, zs: FloatArray, k: int) -> _common.Kernel:
    from infokit.estimators.continuous import neighbors

    def kernel(rows: NDArray[np.intp]) -> tuple[float, FloatArray | None]:
        if zs.shape[1] == 0:  # every column of z was constant: I(X;Y|Z) = I(X;Y)
            value, terms = neighbors.ksg_mutual_information(
                xs[rows], ys[rows], n_neighbors=k, algorithm=1
            )
        else:
            value, terms = neighbors.ksg_conditional_mutual_information(
                xs[rows], ys[rows], zs[rows], n_neighbors=k
            )
        return float(value), np.asarray(terms, dtype=np.float64)

    return kernel


def _discrete_flags(discrete: object, values: tuple[object, ...]) -> tuple[bool, ...]:
    """Return one flag per variable: labels are strings, booleans or categoricals by default."""
    if discrete is None:
        return tuple(
            _samples.is_discrete(value, name=name) and not _is_integer(value)
            for value, name in zip(values, "xyz", strict=True)
        )
    if isinstance(discrete, bool | np.bool_):
        return (bool(discrete),) * len(values)
    if (
        isinstance(discrete, tuple | list)
        and len(discrete) == len(values)
        and all(isinstance(flag, bool | np.bool_) for flag in discrete)
    ):
        return tuple(bool(flag) for flag in discrete)
    msg = (
        "`discrete` must be None, True/False, or one flag per variable "
        f"(x_is_discrete, y_is_discrete, z_is_discrete); got {discrete!r}."
    )
    raise InvalidParameterError(msg)


def _is_integer(value: object) -> bool:
    """Integers are numbers here: KSG treats them as values with ties."""
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None)
    return kind in ("i", "u")


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
