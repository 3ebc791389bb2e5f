r"""Multivariate information from samples: TC, DTC, O-information, S-information, CoI.

Each front end takes the variables as separate arguments (``estimate_o_information(x, y,
z)``, each 1-D or 2-D for a vector-valued variable) or one 2-D array whose columns are the
variables (``estimate_o_information(data)``). Discrete data go to the counting engine (the
same signed sums of joint entropies, with any discrete entropy estimator and its
delta-method standard error); continuous data to
`infokit.estimators.continuous.multivariate` (``"gaussian"``, ``"gaussian_copula"``,
``"ksg"``). The exact values of given tables are `infokit.total_correlation` and friends.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

from infokit._array import to_numpy
from infokit._validation import Seed
from infokit.errors import InvalidParameterError
from infokit.estimators._frontends import _Quantity, _route
from infokit.estimators._options import (
    DiscreteMethod,
    NanPolicy,
    Options,
    Uncertainty,
    build_options,
)
from infokit.estimators.continuous.multivariate import MULTIVARIATE_METHODS, Term
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.results import Estimate

__all__ = [
    "MultivariateMethod",
    "estimate_co_information",
    "estimate_dual_total_correlation",
    "estimate_o_information",
    "estimate_s_information",
    "estimate_total_correlation",
]

MultivariateMethod = Literal[DiscreteMethod, "gaussian", "gaussian_copula", "ksg"]

_METHODS = (*DISCRETE_METHODS, *MULTIVARIATE_METHODS)
#: 2^n - 1 joint entropies; past this the co-information is a slow surprise.
_MAX_CO_INFORMATION_VARIABLES = 12


def _split(variables: tuple[object, ...]) -> list[object]:
    """One 2-D argument: its columns are the variables; otherwise each argument is one."""
    if len(variables) == 1:
        only = variables[0]
        array = np.asarray(to_numpy(only) if hasattr(only, "__array_namespace__") else only)
        if array.ndim == 2:
            return [array[:, j] for j in range(array.shape[1])]
        msg = (
            "pass at least two variables (estimate_o_information(x, y, z)), or one 2-D array "
            f"whose columns are the variables; got one argument of shape {array.shape}."
        )
        raise InvalidParameterError(msg)
    if len(variables) == 0:
        msg = "pass the variables: estimate_o_information(x, y, z), or one 2-D array."
        raise InvalidParameterError(msg)
    return list(variables)


def _total_terms(n: int) -> list[Term]:
    return [(1.0, (i,)) for i in range(n)] + [(-1.0, tuple(range(n)))]


def _dual_terms(n: int) -> list[Term]:
    everything = tuple(range(n))
    rest = [(1.0, tuple(j for j in everything if j != i)) for i in range(n)]
    return [*rest, (-(n - 1.0), everything)]


def _combine(first: list[Term], second: list[Term], sign: float) -> list[Term]:
    folded: dict[tuple[int, ...], float] = {}
    for coefficient, members in first:
        folded[members] = folded.get(members, 0.0) + coefficient
    for coefficient, members in second:
        folded[members] = folded.get(members, 0.0) + sign * coefficient
    return [(c, members) for members, c in folded.items() if c != 0]


def _o_terms(n: int) -> list[Term]:
    return _combine(_total_terms(n), _dual_terms(n), -1.0)


def _s_terms(n: int) -> list[Term]:
    return _combine(_total_terms(n), _dual_terms(n), 1.0)


def _co_terms(n: int) -> list[Term]:
    if n > _MAX_CO_INFORMATION_VARIABLES:
        msg = (
            f"the co-information of {n} variables sums 2**{n} - 1 joint entropies; at most "
            f"{_MAX_CO_INFORMATION_VARIABLES} variables are supported. Use "
            "estimate_o_information, which needs 2n + 1."
        )
        raise InvalidParameterError(msg)
    return [
        (1.0 if size % 2 else -1.0, subset)
        for size in range(1, n + 1)
        for subset in itertools.combinations(range(n), size)
    ]


def _continuous(
    variables: Sequence[object],
    options: Options,
    *,
    terms_of: Callable[[int], list[Term]],
    constant_zero: bool,
) -> Estimate:
    from infokit.estimators.continuous.multivariate import multivariate_information

    return multivariate_information(variables, terms_of, options, constant_zero=constant_zero)


def _estimate(
    variables: tuple[object, ...],
    terms_of: Callable[[int], list[Term]],
    *,
    constant_zero: bool = False,
    method: str,
    base: float | str,
    ci: float | None,
    rng: Seed,
    nan_policy: str,
    discrete: bool | Sequence[bool] | None,
    alphabet_size: int | Sequence[int] | None,
    n_bootstrap: int | None,
    concentration: float | None,
    n_neighbors: int | None,
    standardize: bool | None,
    uncertainty: str | None,
    local: bool,
) -> Estimate:
    split = _split(variables)
    n = len(split)
    terms = terms_of(n)
    options = build_options(
        method=method,
        methods=_METHODS,
        n_variables=n,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )
    engine = functools.partial(_continuous, terms_of=terms_of, constant_zero=constant_zero)
    quantity = _Quantity(tuple(terms), MULTIVARIATE_METHODS, engine, False)
    names = [f"variables[{i}]" for i in range(n)]
    return _route(quantity, split, names, options)


def estimate_total_correlation(
    *variables: object,
    method: MultivariateMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: int | Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the total correlation :math:`\sum_i H(X_i) - H(X_1, \dots, X_n)`.

    Parameters
    ----------
    *variables : array_like
        Two or more paired samples, each of shape (n_samples,) or (n_samples, n_columns)
        for a vector-valued variable; or one array of shape (n_samples, n_variables) whose
        columns are the variables.
    method : str, default="auto"
        Discrete methods (``"plugin"``, ``"miller_madow"``, ``"jackknife"``,
        ``"grassberger"``, ``"chao_shen"``, ``"nsb"``, ...: every method of
        `estimate_entropy` for labels) estimate each joint entropy of the sum with that
        estimator. Continuous: ``"gaussian"`` (sample covariance), ``"gaussian_copula"``
        (ranks to normal quantiles, bias-corrected; Ince et al. 2017) and ``"ksg"`` (the
        multivariate KSG estimator, Kraskov et al. 2004). ``"auto"``: discrete data use the
        discrete default of `estimate_mutual_information`; continuous or mixed data use
        ``"gaussian_copula"``, the usual choice for higher-order information (hoi, Rosas et
        al.): it scales to many variables and its bias is small, but it sees only the
        dependence a Gaussian copula carries; use ``"ksg"`` for non-monotone dependence in a
        few dimensions.
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``.
    ci : float, optional
        Confidence level of an interval to attach (e.g. ``0.95``), as in
        `estimate_mutual_information`.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator of the bootstrap, subsamples, jitter and copula ranks (SPEC 7);
        ``None`` draws fresh entropy, so randomised parts differ between calls.
    nan_policy : {"raise", "omit", "category"}, default="raise"
        Missing values: raise, drop the rows that hold one, or (discrete) count them as a
        category.
    discrete : bool or sequence of bool, optional
        Whether each variable is discrete; by default the rule of
        `infokit.estimators.is_discrete`.
    alphabet_size, n_bootstrap, concentration : optional
        Discrete methods only, as in `estimate_mutual_information`.
    n_neighbors : int, optional
        ``k`` of ``"ksg"``; 3 by default.
    standardize : bool, optional
        Scale every continuous column to unit variance before the kNN search (default True).
    uncertainty : {"auto", "subsampling", "block_jackknife", "local_terms", "none"}, optional
        How a continuous method's standard error is computed; ``"auto"``: subsampling for
        ``"ksg"``, a delete-a-group jackknife otherwise.

    local : bool, default=False
        Attach the local (pointwise) values, one per sample, in ``local_values`` of the
        result: their mean is the estimate (Lizier 2014). Needs a method that averages
        pointwise terms: ``"plugin"`` for labels (``method="auto"`` then uses it) and the
        kNN methods (``"ksg"``); other methods raise `InvalidParameterError`.

    Returns
    -------
    Estimate
        The total correlation in units of `base` (not clamped at 0: a negative value is
        estimation error).

    Notes
    -----
    .. math:: \mathrm{TC} = \sum_i H(X_i) - H(X_1, \dots, X_n)

    (Watanabe 1960). A constant variable adds nothing and is dropped. With ``"ksg"`` the
    estimate is :math:`\psi(k) + (n - 1)\psi(N) - \langle \sum_i \psi(n_i + 1)\rangle`,
    :math:`n_i` the points strictly inside the joint max-norm distance to the k-th neighbour
    in the space of :math:`X_i`; for two variables it is KSG's mutual information.

    References
    ----------
    .. [1] S. Watanabe, IBM Journal of Research and Development 4, 66-82, 1960.
    .. [2] A. Kraskov, H. Stögbauer and P. Grassberger, Physical Review E 69, 066138, 2004.
    .. [3] R. A. A. Ince et al., Human Brain Mapping 38, 1541-1573, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_total_correlation
    >>> rng = np.random.default_rng(0)
    >>> bits = rng.integers(0, 2, size=(5000, 2))
    >>> parity = np.column_stack([bits, bits.sum(axis=1) % 2])  # x, y, x xor y
    >>> round(float(estimate_total_correlation(parity, method="plugin", base=2)), 2)
    1.0
    """
    return _estimate(
        variables,
        _total_terms,
        method=method,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )


def estimate_dual_total_correlation(
    *variables: object,
    method: MultivariateMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: int | Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the dual total correlation :math:`H(X) - \\sum_i H(X_i \\mid X_{-i})`.

    Parameters
    ----------
    *variables : array_like
        Two or more paired samples (each 1-D, or 2-D for a vector-valued variable), or one
        array of shape (n_samples, n_variables) whose columns are the variables.
    method, base, ci, rng, nan_policy, discrete, alphabet_size, n_bootstrap, concentration, \
n_neighbors, standardize, uncertainty, local
        As in `estimate_total_correlation`.

    Returns
    -------
    Estimate
        The dual total correlation (Han 1978) in units of `base`.

    Notes
    -----
    .. math:: \\mathrm{DTC} = \\sum_i H(X_{-i}) - (n - 1)\\, H(X_1, \\dots, X_n)

    With ``"ksg"``, the joint entropies are written through total correlations,
    :math:`\mathrm{DTC} = (n - 1)\,\mathrm{TC}(X) - \sum_i \mathrm{TC}(X_{-i})`, each by
    the multivariate KSG estimator (see `estimate_total_correlation`).

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_dual_total_correlation
    >>> rng = np.random.default_rng(0)
    >>> bits = rng.integers(0, 2, size=(5000, 2))
    >>> parity = np.column_stack([bits, bits.sum(axis=1) % 2])
    >>> round(float(estimate_dual_total_correlation(parity, method="plugin", base=2)), 2)
    2.0
    """
    return _estimate(
        variables,
        _dual_terms,
        method=method,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )


def estimate_o_information(
    *variables: object,
    method: MultivariateMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: int | Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the O-information :math:`\\Omega = \\mathrm{TC} - \\mathrm{DTC}`.

    Parameters
    ----------
    *variables : array_like
        Two or more paired samples (each 1-D, or 2-D for a vector-valued variable), or one
        array of shape (n_samples, n_variables) whose columns are the variables.
    method, base, ci, rng, nan_policy, discrete, alphabet_size, n_bootstrap, concentration, \
n_neighbors, standardize, uncertainty, local
        As in `estimate_total_correlation`.

    Returns
    -------
    Estimate
        The O-information in units of `base`: positive when redundancy dominates the
        dependencies, negative when synergy does (Rosas et al. 2019).

    Notes
    -----
    .. math:: \\Omega = (n - 2)\\, H(X_1, \\dots, X_n) + \\sum_i \\big[H(X_i) - H(X_{-i})\\big]

    For every subset of `size` variables at once, from one covariance, see
    `estimate_multiplet_information`.

    References
    ----------
    .. [1] F. E. Rosas, P. A. M. Mediano, M. Gastpar and H. J. Jensen, Physical Review E
       100, 032305, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_o_information
    >>> rng = np.random.default_rng(0)
    >>> source = rng.normal(size=(3000, 1))
    >>> copies = source + 0.3 * rng.normal(size=(3000, 3))  # three noisy copies: redundant
    >>> estimate_o_information(copies, rng=0).value > 0
    True
    """
    return _estimate(
        variables,
        _o_terms,
        method=method,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )


def estimate_s_information(
    *variables: object,
    method: MultivariateMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: int | Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the S-information :math:`\\Sigma = \\mathrm{TC} + \\mathrm{DTC}`.

    Parameters
    ----------
    *variables : array_like
        Two or more paired samples (each 1-D, or 2-D for a vector-valued variable), or one
        array of shape (n_samples, n_variables) whose columns are the variables.
    method, base, ci, rng, nan_policy, discrete, alphabet_size, n_bootstrap, concentration, \
n_neighbors, standardize, uncertainty, local
        As in `estimate_total_correlation`.

    Returns
    -------
    Estimate
        The S-information in units of `base`, :math:`\\sum_i I(X_i; X_{-i})`.

    Notes
    -----
    .. math:: \\Sigma = \\sum_i H(X_{-i}) + \\sum_i H(X_i) - n\\, H(X_1, \\dots, X_n)

    References
    ----------
    .. [1] F. E. Rosas, P. A. M. Mediano, M. Gastpar and H. J. Jensen, Physical Review E
       100, 032305, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_s_information
    >>> rng = np.random.default_rng(0)
    >>> bits = rng.integers(0, 2, size=(5000, 2))
    >>> parity = np.column_stack([bits, bits.sum(axis=1) % 2])
    >>> round(float(estimate_s_information(parity, method="plugin", base=2)), 2)
    3.0
    """
    return _estimate(
        variables,
        _s_terms,
        method=method,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )


def estimate_co_information(
    *variables: object,
    method: MultivariateMethod = "auto",
    base: float | str = math.e,
    ci: float | None = None,
    rng: Seed = None,
    nan_policy: NanPolicy = "raise",
    discrete: bool | Sequence[bool] | None = None,
    alphabet_size: int | Sequence[int] | None = None,
    n_bootstrap: int | None = None,
    concentration: float | None = None,
    n_neighbors: int | None = None,
    standardize: bool | None = None,
    uncertainty: Uncertainty | None = None,
    local: bool = False,
) -> Estimate:
    r"""Estimate the co-information (Bell's sign: redundancy positive, XOR negative).

    Parameters
    ----------
    *variables : array_like
        Two or more paired samples (each 1-D, or 2-D for a vector-valued variable), or one
        array of shape (n_samples, n_variables) whose columns are the variables.
    method, base, ci, rng, nan_policy, discrete, alphabet_size, n_bootstrap, concentration, \
n_neighbors, standardize, uncertainty, local
        As in `estimate_total_correlation`.

    Returns
    -------
    Estimate
        The co-information in units of `base`; for three variables
        :math:`I(X;Y) - I(X;Y \\mid Z)`. McGill's interaction information in the
        convention of Jakulin and Bratko (and dit) is :math:`(-1)^n` times it.

    Notes
    -----
    .. math:: \\mathrm{CoI} = \\sum_{\\emptyset \\ne S \\subseteq \\{1..n\\}} (-1)^{|S|+1} H(X_S)

    2^n - 1 joint entropies: at most 12 variables. A constant variable makes it exactly 0.

    References
    ----------
    .. [1] A. J. Bell, "The co-information lattice", Proc. ICA 2003, 921-926.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import estimate_co_information
    >>> rng = np.random.default_rng(0)
    >>> bits = rng.integers(0, 2, size=(5000, 2))
    >>> xor = np.column_stack([bits, bits.sum(axis=1) % 2])
    >>> round(float(estimate_co_information(xor, method="plugin", base=2)), 2)
    -1.0
    """
    return _estimate(
        variables,
        _co_terms,
        constant_zero=True,
        method=method,
        base=base,
        ci=ci,
        rng=rng,
        nan_policy=nan_policy,
        discrete=discrete,
        alphabet_size=alphabet_size,
        n_bootstrap=n_bootstrap,
        concentration=concentration,
        n_neighbors=n_neighbors,
        standardize=standardize,
        uncertainty=uncertainty,
        local=local,
    )
