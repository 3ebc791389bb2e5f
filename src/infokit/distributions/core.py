"""Entropy, KL divergence and cross-entropy of parametric distributions.

Closed forms come from the registries (`register_entropy`, `register_kl_divergence`); when
none is registered, ``method="auto"`` falls back to quadrature (1-D continuous), summation
(discrete) or Monte Carlo (otherwise) and returns an `Estimate` that carries its error.
"""

from __future__ import annotations

import math
from typing import Any, Literal, TypeAlias

import numpy as np

from infokit._array import Array, in_base, is_numpy, log_of_base, namespace_of
from infokit._validation import check_choice, check_int
from infokit.distributions import (  # noqa: F401 - imported for their registrations
    _entropy_formulas,
    _kl_cross_family,
    _kl_formulas,
)
from infokit.distributions._base import Distribution
from infokit.distributions._registry import (
    find_entropy_formula,
    find_kl_formula,
    registered_entropy_types,
    registered_kl_pairs,
)
from infokit.distributions.convert import as_distribution
from infokit.distributions.discrete import Poisson
from infokit.distributions.fallbacks import (
    POISSON_SERIES_RATE,
    monte_carlo,
    numeric_view,
    poisson_entropy_series,
    quadrature,
    summation,
)
from infokit.distributions.multivariate import Dirichlet, MultivariateNormal
from infokit.errors import InvalidParameterError, NoClosedFormError, ShapeError
from infokit.results import Estimate
from infokit.units import resolve_base

__all__ = ["cross_entropy", "entropy", "kl_divergence"]

Method: TypeAlias = Literal["auto", "closed_form", "quadrature", "summation", "monte_carlo"]
_METHODS = ("auto", "closed_form", "quadrature", "summation", "monte_carlo")
_DEFAULT_SAMPLES = 100_000


def _check_options(method: object, n_samples: object) -> None:
    check_choice(method, _METHODS, name="method")
    check_int(n_samples, name="n_samples", minimum=2)


def _space(dist: Distribution) -> tuple[str, int]:
    """Return the kind of outcome space and its size.

    One of ``('discrete', 0)``, ``('line', 1)``, ``('vector', d)``, ``('simplex', k)``.
    """
    if dist.discrete:
        return "discrete", 0
    if isinstance(dist, MultivariateNormal):
        return "vector", dist.dimension
    if isinstance(dist, Dirichlet):
        return "simplex", int(dist.concentration.shape[-1])
    return "line", 1


def _singular(p: Distribution, q: Distribution) -> bool:
    """Tell whether p and q live on spaces where KL is infinite by type alone.

    A discrete p against a density q (or the reverse), and a Dirichlet (on the simplex, a null
    set of ℝᵏ) against a multivariate normal, are mutually singular: KL = inf.
    """
    (p_kind, p_size), (q_kind, q_size) = _space(p), _space(q)
    if (p_kind == "discrete") != (q_kind == "discrete"):
        return True
    if {p_kind, q_kind} == {"simplex", "vector"} and p_size == q_size:
        return True
    if p_kind != q_kind or p_size != q_size:
        msg = (
            f"`p` ({type(p).__name__}, outcomes in {p_kind} of size {p_size}) and `q` "
            f"({type(q).__name__}, {q_kind} of size {q_size}) must describe outcomes of the "
            "same dimension."
        )
        raise ShapeError(msg)
    return False


def _infinite(p: Distribution, q: Distribution) -> Array:
    shape = np.broadcast_shapes(p.batch_shape, q.batch_shape)
    return p.xp.full(shape, math.inf, dtype=p.dtype)


def _names(types: list[type]) -> str:
    return ", ".join(t.__name__ for t in types)


def _pair_names(pairs: list[tuple[type, type]]) -> str:
    return ", ".join(f"({a.__name__}, {b.__name__})" for a, b in pairs)


def _choose_fallback(p: Distribution, method: str) -> str:
    kind, _ = _space(p)
    if method == "auto":
        return {"discrete": "summation", "line": "quadrature"}.get(kind, "monte_carlo")
    needed = {"quadrature": "line", "summation": "discrete"}.get(method)
    if needed is not None and kind != needed:
        what = "a univariate continuous" if needed == "line" else "a discrete"
        msg = (
            f"`method={method!r}` needs {what} distribution; got {type(p).__name__}. Use "
            "`method='monte_carlo'` or `'auto'`."
        )
        raise InvalidParameterError(msg)
    return method


def _generator(rng: object) -> np.random.Generator:
    """Return `rng` if it is a Generator, else a new one seeded with it."""
    if isinstance(rng, np.random.Generator):
        return rng
    try:
        return np.random.default_rng(rng)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        msg = f"`rng` must be None, an integer seed or a numpy.random.Generator; got {rng!r}."
        raise InvalidParameterError(msg) from error


def _run_fallback(
    p: Distribution,
    q: Distribution | None,
    *,
    method: str,
    base: float,
    n_samples: int,
    rng: object,
) -> Estimate | Array:
    chosen = _choose_fallback(p, method)
    p_view = numeric_view(p)
    q_view = numeric_view(q) if q is not None else None
    details: dict[str, Any] = {"p": type(p).__name__}
    if q is not None:
        details["q"] = type(q).__name__
    # A density is positive on its whole support, so a support sticking out of q's gives
    # inf at once; a pmf may put zero mass on some outcomes, so the sum decides instead.
    sticks_out = q_view is not None and (p_view.lower < q_view.lower or p_view.upper > q_view.upper)
    if q is not None and sticks_out and not p_view.discrete:
        return in_base(_infinite(p, q), base)
    samples: int | None = None
    rate = _large_poisson_rate(p) if q is None and method == "auto" else None
    if rate is not None:
        value, error = poisson_entropy_series(rate)
        chosen, extra = "asymptotic", {"rate": rate}
    elif chosen == "quadrature":
        value, error, extra = quadrature(p_view, q_view)
    elif chosen == "summation":
        value, error, extra = summation(p_view, q_view)
    else:
        generator = _generator(rng)
        value, error, extra = monte_carlo(p_view, q_view, n_samples=n_samples, rng=generator)
        samples = n_samples
    if math.isinf(value) and q is not None:
        return in_base(_infinite(p, q), base)
    scale = log_of_base(base)
    return Estimate(
        value / scale,
        error / scale,
        method=chosen,
        base=base,
        n_samples=samples,
        details={**details, **extra},
    )


def _large_poisson_rate(p: Distribution) -> float | None:
    """Return the rate of a Poisson whose entropy the series gives to < 1e-13 nats, else None."""
    if not isinstance(p, Poisson):
        return None
    rate = float(p.scalar_parameters()["rate"])
    return rate if rate >= POISSON_SERIES_RATE else None


def entropy(
    dist: object,
    /,
    *,
    base: float | str = math.e,
    method: Method = "auto",
    n_samples: int = _DEFAULT_SAMPLES,
    rng: object = None,
) -> Array | Estimate:
    r"""Compute the entropy of a distribution (differential entropy for densities).

    Parameters
    ----------
    dist : Distribution, scipy.stats frozen distribution or torch.distributions object
        The distribution; possibly batched for closed forms.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    method : {"auto", "closed_form", "quadrature", "summation", "monte_carlo"}, default="auto"
        ``"auto"`` uses the registered closed form, else a numerical fallback (quadrature for
        1-D densities, summation for discrete distributions, Monte Carlo otherwise);
        ``"closed_form"`` raises `NoClosedFormError` instead of falling back. Under
        ``"auto"`` a Poisson of rate ≥ 10³ gets its asymptotic series (method
        ``"asymptotic"``, error < 2e-13 nats) instead of a sum.
    n_samples : int, default=100000
        Draws for ``method="monte_carlo"``.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator for Monte Carlo.

    Returns
    -------
    array or Estimate
        A closed form: an array of the parameters' library of shape ``batch_shape``, in units
        of `base`. A fallback: an `Estimate` (value, error estimate, method) for an unbatched
        distribution.

    Raises
    ------
    NoClosedFormError
        With ``method="closed_form"`` when no formula is registered for the type.

    Notes
    -----
    .. math:: H(p) = -\int p(x) \log_b p(x) \, dx \quad\text{or}\quad -\sum_k p(k) \log_b p(k)

    Differential entropy can be negative (``H(U(0, 0.1)) = -log 10``) and shifts by
    :math:`\log a` under :math:`x \mapsto a x`. The closed forms are listed in Cover & Thomas
    [1]_, Table 17.1, and Lazo & Rathie [2]_.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006.
    .. [2] A. V. Lazo and P. Rathie, "On the entropy of continuous probability distributions",
       IEEE Trans. Inf. Theory 24(1), 1978.

    Examples
    --------
    >>> from infokit.distributions import Normal, Poisson, Uniform
    >>> round(float(entropy(Uniform(0.0, 0.1))), 6)  # -log 10
    -2.302585
    >>> round(float(entropy(Normal(0.0, 1.0), base="bits")), 6)
    2.047096
    >>> estimate = entropy(Poisson(3.0))  # no closed form: summed, with a tail bound
    >>> estimate.method, round(estimate.value, 6)
    ('summation', 1.93147)
    """
    numeric_base = resolve_base(base)
    _check_options(method, n_samples)
    p = as_distribution(dist, name="dist")
    if method in ("auto", "closed_form"):
        formula = find_entropy_formula(type(p))
        if formula is not None:
            return in_base(formula(p), numeric_base)
        if method == "closed_form":
            msg = (
                f"no closed-form entropy is registered for {type(p).__name__}; registered "
                f"types: {_names(registered_entropy_types())}. Use `method='auto'` for a "
                "numerical estimate, or `register_entropy` to add a formula."
            )
            raise NoClosedFormError(msg)
    return _run_fallback(p, None, method=method, base=numeric_base, n_samples=n_samples, rng=rng)


def _pair(p: object, q: object) -> tuple[Distribution, Distribution]:
    """Convert both; a NumPy-held one (Python numbers, scipy) joins the other's library."""
    first, second = as_distribution(p, name="p"), as_distribution(q, name="q")
    first_numpy, second_numpy = is_numpy(first.xp), is_numpy(second.xp)
    if first_numpy and not second_numpy:
        first = first.to_namespace(second.xp, second.dtype)
    elif second_numpy and not first_numpy:
        second = second.to_namespace(first.xp, first.dtype)
    namespace_of(first._first_parameter(), second._first_parameter())  # mixed libraries raise
    return first, second


def kl_divergence(
    p: object,
    q: object,
    /,
    *,
    base: float | str = math.e,
    method: Method = "auto",
    n_samples: int = _DEFAULT_SAMPLES,
    rng: object = None,
) -> Array | Estimate:
    r"""Compute the Kullback–Leibler divergence of `q` from `p`.

    Parameters
    ----------
    p : Distribution, scipy.stats frozen distribution or torch.distributions object
        The reference distribution (the expectation is over `p`).
    q : Distribution, scipy.stats frozen distribution or torch.distributions object
        The approximating distribution, of the same array library as `p`.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    method : {"auto", "closed_form", "quadrature", "summation", "monte_carlo"}, default="auto"
        ``"auto"`` uses the registered closed form for the pair of types, else a numerical
        fallback; ``"closed_form"`` raises `NoClosedFormError` naming both types and listing
        the registered pairs. The others force that numerical method.
    n_samples : int, default=100000
        Draws for ``method="monte_carlo"``.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator for Monte Carlo.

    Returns
    -------
    array or Estimate
        A closed form: an array of shape ``broadcast(p.batch_shape, q.batch_shape)`` in units
        of `base`; ``inf`` where the support of `p` is not inside that of `q` (also between a
        discrete and a continuous distribution). A fallback: an `Estimate`.

    Raises
    ------
    NoClosedFormError
        With ``method="closed_form"`` when no formula is registered for the pair.
    ShapeError
        If `p` and `q` describe outcomes of different dimensions.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \int p(x) \log_b \frac{p(x)}{q(x)} \, dx

    For two normals it is :math:`\log(\sigma_q/\sigma_p) + (\sigma_p^2 + (\mu_p - \mu_q)^2)
    / (2\sigma_q^2) - 1/2`; the other closed forms are those of Penny [1]_ and Gil et al.
    [2]_, and cross-family ones use :math:`-H(p) - E_p[\log q(X)]` with moments of `p`.

    A fallback's `Estimate` carries its error in `std_error`: the standard error of the mean
    for Monte Carlo, quad's absolute error estimate for quadrature, and a bound on the
    neglected tail for summation (0 for finite supports). No closed form exists for two
    Student's t distributions; that pair is integrated numerically.

    References
    ----------
    .. [1] W. D. Penny, "KL-divergences of Normal, Gamma, Dirichlet and Wishart densities",
       Wellcome Department of Cognitive Neurology, 2001.
    .. [2] M. Gil, F. Alajaji and T. Linder, "Rényi divergence measures for commonly used
       univariate continuous distributions", Information Sciences 249, 2013.

    Examples
    --------
    >>> import scipy.stats
    >>> from infokit.distributions import Exponential, Normal, Uniform
    >>> round(float(kl_divergence(Normal(0.0, 1.0), Normal(1.0, 2.0))), 6)
    0.443147
    >>> float(kl_divergence(Normal(0.0, 1.0), Exponential(1.0)))  # support of q too small
    inf
    >>> round(float(kl_divergence(scipy.stats.norm(0, 1), scipy.stats.norm(1, 2))), 6)
    0.443147
    """
    numeric_base = resolve_base(base)
    _check_options(method, n_samples)
    first, second = _pair(p, q)
    if method in ("auto", "closed_form"):
        formula = find_kl_formula(type(first), type(second))
        if formula is not None:
            return in_base(formula(first, second), numeric_base)
        if _singular(first, second):
            return _infinite(first, second)
        if method == "closed_form":
            msg = (
                f"no closed-form KL divergence is registered for ({type(first).__name__}, "
                f"{type(second).__name__}); registered pairs: "
                f"{_pair_names(registered_kl_pairs())}. Use `method='auto'` for a numerical "
                "estimate, or `register_kl_divergence` to add a formula."
            )
            raise NoClosedFormError(msg)
    elif _singular(first, second):
        return _infinite(first, second)
    return _run_fallback(
        first, second, method=method, base=numeric_base, n_samples=n_samples, rng=rng
    )


def cross_entropy(
    p: object,
    q: object,
    /,
    *,
    base: float | str = math.e,
    method: Method = "auto",
    n_samples: int = _DEFAULT_SAMPLES,
    rng: object = None,
) -> Array | Estimate:
    r"""Compute the cross-entropy ``H(p, q) = H(p) + KL(p ‖ q)`` of model `q` under `p`.

    Parameters
    ----------
    p : Distribution, scipy.stats frozen distribution or torch.distributions object
        The true distribution.
    q : Distribution, scipy.stats frozen distribution or torch.distributions object
        The model.
    base : float or str, default=math.e
        Logarithm base or unit name.
    method : {"auto", "closed_form", "quadrature", "summation", "monte_carlo"}, default="auto"
        Passed to `entropy` and `kl_divergence`.
    n_samples : int, default=100000
        Draws for Monte Carlo.
    rng : int, numpy.random.Generator or None, default=None
        Seed or generator for Monte Carlo.

    Returns
    -------
    array or Estimate
        In units of `base`; an `Estimate` when either term came from a fallback (errors
        add: in quadrature for two Monte Carlo terms, linearly otherwise).

    Notes
    -----
    .. math:: H(p, q) = -\int p(x) \log_b q(x) \, dx = H(p) + D_{\mathrm{KL}}(p \,\|\, q)

    Examples
    --------
    >>> from infokit.distributions import Normal
    >>> round(float(cross_entropy(Normal(0.0, 1.0), Normal(0.0, 1.0))), 6)  # = H(p)
    1.418939
    """
    first, second = _pair(p, q)
    options: dict[str, Any] = {"base": base, "method": method, "n_samples": n_samples}
    options["rng"] = _generator(rng)  # one stream for both terms: independent draws
    own = entropy(first, **options)
    divergence = kl_divergence(first, second, **options)
    if not isinstance(own, Estimate) and not isinstance(divergence, Estimate):
        return own + divergence
    return _combine(own, divergence)


def _combine(first: Array | Estimate, second: Array | Estimate) -> Estimate:
    parts = [first, second]
    estimates = [part for part in parts if isinstance(part, Estimate)]
    value = sum(float(part) for part in parts)
    errors = [part.std_error for part in estimates]
    both_random = all(part.method == "monte_carlo" for part in estimates) and len(estimates) == 2
    error = math.sqrt(sum(e**2 for e in errors)) if both_random else sum(errors)
    methods = [part.method if isinstance(part, Estimate) else "closed_form" for part in parts]
    return Estimate(
        value,
        error,
        method="+".join(methods),
        base=estimates[0].base,
        n_samples=estimates[0].n_samples,
        details={"entropy": first, "kl_divergence": second},
    )
