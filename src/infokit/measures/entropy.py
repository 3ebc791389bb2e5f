"""Entropies of given distributions: Shannon, binary, Rényi, perplexity and self-information."""

from __future__ import annotations

import math

import numpy as np

from infokit import _native
from infokit._array import (
    Array,
    as_float_array,
    entropy_terms,
    in_base,
    is_numpy,
    log_of_base,
    log_softmax,
    namespace_of,
    to_numpy,
    xlogy,
)
from infokit._validation import (
    check_axis,
    check_flag,
    check_order,
    check_probabilities,
    check_unit_interval,
    report_probability_problems,
)
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from infokit.measures._prepare import prepare_distribution, raise_if_invalid_sums
from infokit.units import resolve_base

__all__ = [
    "binary_entropy",
    "entropy",
    "normalize",
    "perplexity",
    "renyi_entropy",
    "self_information",
    "tsallis_entropy",
]


def self_information(p: object, /, *, base: float | str = math.e, validate: bool = True) -> Array:
    r"""Compute the self-information (surprisal) ``-log p`` of each probability in `p`.

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], any shape (NumPy, PyTorch, JAX arrays, or lists).
    base : float or str, default=math.e
        Logarithm base or unit name: ``2``/``"bits"``, ``math.e``/``"nats"``,
        ``10``/``"hartleys"``.
    validate : bool, default=True
        Check that every value lies in [0, 1]. Skipped for traced JAX arrays.

    Returns
    -------
    array
        ``-log_base(p)`` elementwise, same shape as `p`; ``inf`` where ``p == 0``, 0 where
        ``p == 1``.

    Notes
    -----
    .. math:: I(x) = -\log_b p(x)

    Certain events carry no information, rarer events more, and the information of
    independent events adds (Shannon 1948; Goodfellow, Bengio & Courville 2016, Sec. 3.13).

    Examples
    --------
    >>> from infokit import self_information
    >>> float(self_information(0.5, base=2))  # a fair coin flip: one bit
    1.0
    >>> round(float(self_information(0.01) * 100), 1)  # 100 events of probability 0.01
    460.5
    """
    numeric_base = resolve_base(base)
    check_flag(validate, name="validate")
    xp = namespace_of(p)
    array = as_float_array(p, xp=xp, name="p")
    check_unit_interval(array, name="p", xp=xp, validate=validate)
    with np.errstate(divide="ignore"):
        return in_base(0.0 - xp.log(array), numeric_base)  # +0.0 for a certain event


def entropy(
    p: object,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    from_logits: bool = False,
    validate: bool = True,
) -> Array:
    r"""Compute the Shannon entropy of the distributions in `p`.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        Probabilities along `axis` (or logits with ``from_logits=True``). Any leading or
        trailing axes are a batch. NumPy, PyTorch and JAX arrays are returned as the same
        kind of array; lists become NumPy (float64).
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    axis : int, default=-1
        Axis that indexes the outcomes.
    from_logits : bool, default=False
        Treat `p` as unnormalised log-probabilities and apply a stable log-softmax;
        a ``-inf`` logit is a zero probability.
    validate : bool, default=True
        Check that `p` is finite, non-negative and sums to 1 along `axis` (within 1e-6 for
        float64 input, 1e-4 for float32, 1e-2 for float16/bfloat16). Skipped for traced JAX
        arrays (inside ``jax.jit``); pass ``False`` on hot paths.

    Returns
    -------
    array
        Entropy in units of `base`, with `axis` removed.

    Notes
    -----
    .. math:: H(p) = -\sum_i p_i \log_b p_i

    Terms with :math:`p_i = 0` are zero (``0 log 0 = 0``), and their gradient is taken as
    0 rather than the one-sided limit ``+inf``, so gradients stay finite at the boundary of
    the simplex. The maximum, ``log n``, is reached by the uniform distribution.
    float16 and bfloat16 inputs are computed, and returned, in float32.

    References
    ----------
    .. [1] C. E. Shannon, "A Mathematical Theory of Communication", *Bell System Technical
       Journal* 27, 1948.
    .. [2] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.1.

    Examples
    --------
    >>> from infokit import entropy
    >>> round(float(entropy([0.5, 0.1, 0.1, 0.1, 0.1, 0.1], base=2)), 4)  # a loaded die
    2.161
    >>> round(float(entropy([0.9, 0.1])), 3)  # a biased coin, in nats
    0.325
    >>> entropy([[0.5, 0.5], [1.0, 0.0]], base="bits")  # a batch of two distributions
    array([1., 0.])
    """
    numeric_base = resolve_base(base)
    xp, prepared = prepare_distribution(
        p, name="p", axis=axis, from_logits=from_logits, validate=validate, check_values=False
    )
    array, axis = prepared.array, prepared.axis
    if from_logits:
        log_p = log_softmax(array, axis=axis, xp=xp)
        probabilities = xp.exp(log_p)
        log_p_safe = xp.where(probabilities > 0, log_p, xp.zeros_like(log_p))
        return in_base(0.0 - xp.sum(probabilities * log_p_safe, axis=axis), numeric_base)
    if is_numpy(xp) and _native.supports(array):
        result, sums = _native.entropy_rows(array, axis, want_sums=validate)
        raise_if_invalid_sums(result, sums, [prepared], validate=validate)
        return in_base(result[()], numeric_base)
    check_probabilities(
        array, name="p", axis=axis, xp=xp, validate=validate, tolerance=prepared.tolerance
    )
    if _native.torch_supports(array):
        return in_base(_native.torch_entropy(array, axis), numeric_base)
    return in_base(xp.sum(entropy_terms(array, xp=xp), axis=axis), numeric_base)


def binary_entropy(p: object, /, *, base: float | str = math.e, validate: bool = True) -> Array:
    r"""Compute the entropy of a Bernoulli variable with success probability `p`, elementwise.

    Parameters
    ----------
    p : array_like
        Probabilities of success in [0, 1], any shape.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        Check that every value lies in [0, 1]. Skipped for traced JAX arrays.

    Returns
    -------
    array
        ``H(p)`` in units of `base`, same shape as `p`; maximal (1 bit) at ``p = 0.5`` and 0
        at ``p = 0`` and ``p = 1``.

    Notes
    -----
    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p)

    ``log(1 - p)`` is computed as ``log1p(-p)``, accurate for small `p`.

    Examples
    --------
    >>> from infokit import binary_entropy
    >>> round(float(binary_entropy(0.9, base=2)), 3)  # the biased coin of the seeds
    0.469
    >>> float(binary_entropy(0.5, base=2))
    1.0
    """
    numeric_base = resolve_base(base)
    check_flag(validate, name="validate")
    xp = namespace_of(p)
    array = as_float_array(p, xp=xp, name="p")
    check_unit_interval(array, name="p", xp=xp, validate=validate)
    complement = 1 - array
    present = complement > 0
    log_complement = xp.log1p(-xp.where(present, array, xp.zeros_like(array)))
    complement_terms = xp.where(present, complement * log_complement, xp.zeros_like(array))
    return in_base(0.0 - xlogy(array, array, xp=xp) - complement_terms, numeric_base)


def perplexity(
    p: object,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    from_logits: bool = False,
    validate: bool = True,
) -> Array:
    r"""Compute the perplexity of the distributions in `p`: the effective number of outcomes.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        Probabilities along `axis` (or logits with ``from_logits=True``).
    base : float or str, default=math.e
        Base in which the entropy is taken. Perplexity does not depend on it
        (``b ** H_b = e ** H_nats``); it is accepted for symmetry with the other measures.
    axis : int, default=-1
        Axis that indexes the outcomes.
    from_logits : bool, default=False
        Treat `p` as logits (stable log-softmax).
    validate : bool, default=True
        As in `entropy`.

    Returns
    -------
    array
        ``exp(H(p))`` (dimensionless), between 1 and the number of outcomes.

    Notes
    -----
    .. math:: \mathrm{PP}(p) = b^{H_b(p)} = e^{H(p)}

    Examples
    --------
    >>> from infokit import perplexity
    >>> round(float(perplexity([1 / 6] * 6)), 12)  # a fair die: six equally likely faces
    6.0
    """
    numeric_base = resolve_base(base)
    value = entropy(p, base=numeric_base, axis=axis, from_logits=from_logits, validate=validate)
    xp = namespace_of(value)
    return xp.exp(value * log_of_base(numeric_base))


def renyi_entropy(
    p: object,
    order: float,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    validate: bool = True,
) -> Array:
    r"""Compute the Rényi entropy of order `order` of the distributions in `p`.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        Probabilities along `axis`.
    order : float
        The order :math:`\alpha \ge 0`: ``0`` (Hartley entropy, log of the support size),
        ``1`` (Shannon), ``2`` (collision entropy), ``math.inf`` (min-entropy) or any other
        positive number.
    base : float or str, default=math.e
        Logarithm base or unit name.
    axis : int, default=-1
        Axis that indexes the outcomes.
    validate : bool, default=True
        As in `entropy`.

    Returns
    -------
    array
        Rényi entropy in units of `base`, with `axis` removed. Non-increasing in `order`.

    Notes
    -----
    .. math:: H_\alpha(p) = \frac{1}{1 - \alpha} \log \sum_i p_i^\alpha

    with the limits :math:`H_1 = H` and :math:`H_\infty = -\log \max_i p_i`. The sum is
    computed as :math:`\alpha \log p_{\max} + \log \sum_i (p_i / p_{\max})^\alpha`, which
    neither underflows for large orders nor overflows for small ones.

    References
    ----------
    .. [1] A. Rényi, "On measures of entropy and information", *Proc. 4th Berkeley Symposium
       on Mathematical Statistics and Probability*, 1961.

    Examples
    --------
    >>> from infokit import renyi_entropy
    >>> p = [0.5, 0.25, 0.25]
    >>> [round(float(renyi_entropy(p, a, base=2)), 4) for a in (0, 1, 2, math.inf)]
    [1.585, 1.5, 1.415, 1.0]
    """
    alpha = check_order(order)
    numeric_base = resolve_base(base)
    if alpha == 1:
        return entropy(p, base=numeric_base, axis=axis, validate=validate)
    xp, prepared = prepare_distribution(p, name="p", axis=axis, validate=validate)
    array, axis = prepared.array, prepared.axis
    present = array > 0
    if alpha == 0:
        support = xp.sum(xp.astype(present, array.dtype), axis=axis)
        return in_base(xp.log(support), numeric_base)
    largest = xp.max(array, axis=axis, keepdims=True)
    if alpha == math.inf:
        return in_base(-xp.log(xp.squeeze(largest, axis=axis)), numeric_base)
    ratio = array / largest
    ratio_safe = xp.where(present, ratio, xp.ones_like(ratio))
    powers = xp.where(present, ratio_safe**alpha, xp.zeros_like(ratio))
    log_sum = alpha * xp.log(xp.squeeze(largest, axis=axis)) + xp.log(xp.sum(powers, axis=axis))
    return in_base(log_sum / (1 - alpha), numeric_base)


def tsallis_entropy(
    p: object,
    order: float,
    /,
    *,
    axis: int = -1,
    validate: bool = True,
) -> Array:
    r"""Compute the Tsallis entropy of order `order` of the distributions in `p`.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        Probabilities along `axis`.
    order : float
        The entropic index :math:`q \ge 0`: ``1`` gives the Shannon entropy in nats, ``0``
        the support size minus one, ``2`` the Gini–Simpson index :math:`1 - \sum p_i^2`,
        ``math.inf`` the limit 0.
    axis : int, default=-1
        Axis that indexes the outcomes.
    validate : bool, default=True
        As in `entropy`.

    Returns
    -------
    array
        Tsallis entropy, with `axis` removed. It has no logarithm base: its :math:`q \to 1`
        limit is the Shannon entropy in nats, so there is no `base` argument.

    Notes
    -----
    .. math:: S_q(p) = \frac{1 - \sum_i p_i^q}{q - 1}
              = -\sum_i p_i \frac{p_i^{q - 1} - 1}{q - 1}

    Each term is computed as :math:`p_i\,\mathrm{expm1}((q - 1) \log p_i) / (q - 1)` when
    :math:`|(q - 1)\log p_i| < 1`, so the value is continuous through :math:`q = 1` (no
    cancellation in :math:`1 - \sum p_i^q`), and as :math:`(p_i^q - p_i)/(q - 1)` otherwise,
    so tiny :math:`p_i` with :math:`q < 1` do not overflow. Non-additive: for independent
    A and B, :math:`S_q(A, B) = S_q(A) + S_q(B) + (1 - q) S_q(A) S_q(B)`.

    References
    ----------
    .. [1] C. Tsallis, "Possible generalization of Boltzmann-Gibbs statistics", Journal of
       Statistical Physics 52, 479-487, 1988.

    Examples
    --------
    >>> from infokit import tsallis_entropy
    >>> p = [0.5, 0.25, 0.25]
    >>> round(float(tsallis_entropy(p, 2)), 6)  # Gini–Simpson: 1 - (0.25 + 2 * 0.0625)
    0.625
    >>> round(float(tsallis_entropy(p, 1 + 1e-9)), 6), round(float(entropy(p)), 6)
    (1.039721, 1.039721)
    """
    q = check_order(order)
    if q == 1:
        return entropy(p, axis=axis, validate=validate)
    xp, prepared = prepare_distribution(p, name="p", axis=axis, validate=validate)
    array, axis = prepared.array, prepared.axis
    present = array > 0
    if q == math.inf:
        return xp.sum(xp.zeros_like(array), axis=axis)
    safe = xp.where(present, array, xp.ones_like(array))
    log_p = xp.log(safe)
    exponent = (q - 1) * log_p
    near = xp.abs(exponent) < 1
    exponent_near = xp.where(near, exponent, xp.zeros_like(exponent))
    log_far = xp.where(near, xp.zeros_like(log_p), q * log_p)
    terms = xp.where(near, safe * xp.expm1(exponent_near), xp.exp(log_far) - safe)
    terms = xp.where(present, terms, xp.zeros_like(terms))
    return -xp.sum(terms, axis=axis) / (q - 1)


def _normalize_axes(axis: object, ndim: int) -> tuple[int, ...]:
    """Check `normalize`'s axis: an integer or a non-empty tuple of distinct integers."""
    if isinstance(axis, int | np.integer) and not isinstance(axis, bool):
        return (check_axis(axis, ndim, name="counts"),)
    if not isinstance(axis, tuple | list) or not axis:
        msg = (
            "`axis` must be an integer, a non-empty tuple of integers or None; "
            f"got {type(axis).__name__} {axis!r}."
        )
        raise InvalidParameterError(msg)
    axes = tuple(check_axis(a, ndim, name="counts") for a in axis)
    positions = [a % ndim for a in axes]
    if len(set(positions)) != len(positions):
        msg = f"`axis` names the same axis of `counts` twice; got {tuple(axis)!r}. List each once."
        raise InvalidParameterError(msg)
    return axes


def normalize(counts: object, /, *, axis: int | tuple[int, ...] | None = -1) -> Array:
    """Rescale non-negative counts or weights to probabilities that sum to 1 along `axis`.

    Parameters
    ----------
    counts : array_like
        Non-negative, finite counts or weights (integers or floats, any array library).
    axis : int, tuple of int or None, default=-1
        Axis (or axes) to normalise over; ``None`` normalises over all entries, e.g. to
        turn a contingency table of counts into a joint distribution.

    Returns
    -------
    array
        ``counts / counts.sum(axis)``, of the library's default float dtype for integer input.

    Raises
    ------
    InvalidDistributionError
        If a count is negative or non-finite, or every count along `axis` is zero (such a
        slice has no distribution); the message gives the first offending index.

    Examples
    --------
    >>> from infokit import normalize
    >>> normalize([3, 1])
    array([0.75, 0.25])
    >>> normalize([[1, 1], [2, 6]], axis=None)
    array([[0.1, 0.1],
           [0.2, 0.6]])
    """
    xp = namespace_of(counts)
    array = as_float_array(counts, xp=xp, name="counts")
    if array.ndim == 0:
        msg = "`counts` must have at least one dimension; got a scalar."
        raise ShapeError(msg)
    axes: tuple[int, ...] | None
    axes = None if axis is None else _normalize_axes(axis, array.ndim)
    with np.errstate(over="ignore"):  # an overflowing sum is handled below
        totals = xp.sum(array, axis=axes, keepdims=True)
    ok = bool(xp.all(xp.isfinite(totals))) and bool(xp.all(array >= 0))
    if ok and bool(xp.all(totals > 0)):
        return array / totals
    if bool(xp.all(xp.isfinite(array))) and bool(xp.all(array >= 0)):
        # The sum overflowed (counts near 1e308): divide by the largest count first.
        largest = xp.max(array, axis=axes, keepdims=True)
        scaled = array / xp.where(largest > 0, largest, xp.ones_like(largest))
        totals = xp.sum(scaled, axis=axes, keepdims=True)
        if bool(xp.all(totals > 0)):
            return scaled / totals
    if not ok:  # reuse the precise messages for negative and non-finite values
        report_probability_problems(array, name="counts", axis=axes, tolerance=math.inf)
    zero = to_numpy(totals) == 0
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(zero)), zero.shape))
    where = "all entries" if axis is None else f"axis {axis}"
    msg = (
        f"`counts` sums to zero over {where} at index {index} ({int(zero.sum())} such slices); "
        "an all-zero slice has no distribution. Drop it, or add a pseudo-count "
        "(e.g. `counts + 1`) before normalising."
    )
    raise InvalidDistributionError(msg)
