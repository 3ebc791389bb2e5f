"""Cross-entropy, Kullback–Leibler and Jensen–Shannon divergences between given distributions."""

from __future__ import annotations

import math

import numpy as np

from infokit import _native
from infokit._array import Array, in_base, is_numpy, log_softmax, positive_part, xlogy
from infokit._validation import check_probabilities, report_probability_problems
from infokit.measures._prepare import Prepared, prepare_pair, raise_if_invalid_sums
from infokit.units import resolve_base

__all__ = ["cross_entropy", "jensen_shannon_divergence", "kl_divergence"]


def _masked_log_q(p: Array, log_q: Array, xp: object) -> Array:
    """``log q`` where ``p > 0`` and 0 elsewhere, so ``p * log q`` is 0 where ``p == 0``."""
    return xp.where(p != 0, log_q, xp.zeros_like(log_q))  # type: ignore[attr-defined]


def _native_pair(kernel: str, first: Prepared, second: Prepared, validate: bool) -> Array | None:
    """Run a fused NumPy kernel when it applies, else return None."""
    if not _native.supports(first.array, second.array):
        return None
    rows = getattr(_native, kernel)
    result, sums = rows(first.array, second.array, first.axis, want_sums=validate)
    # -p log q stays finite for a negative p that sums to 1 (as [1.5, -0.5]): the NaN
    # test of the kernel cannot see it, so look at the sign of p (one cheap pass).
    negative_p = kernel == "cross_entropy_rows" and first.array.size > 0
    if validate and negative_p and float(np.min(first.array)) < 0:
        report_probability_problems(
            first.array, name=first.name, axis=first.axis, tolerance=first.tolerance
        )
    raise_if_invalid_sums(result, sums, [first, second], validate=validate)
    return result[()]


def cross_entropy(
    p: object,
    q: object,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    from_logits: bool = False,
    validate: bool = True,
) -> Array:
    r"""Compute the cross-entropy of model `q` relative to the true distribution `p`.

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        True probabilities along `axis` (e.g. one-hot labels; integers and booleans are
        accepted). Always probabilities, never logits.
    q : array_like, broadcastable with `p`
        Model probabilities along `axis`, or logits with ``from_logits=True``.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    axis : int, default=-1
        Axis that indexes the outcomes.
    from_logits : bool, default=False
        Treat `q` (the model) as logits and apply a stable log-softmax, as Keras does;
        logits of magnitude 1e4 in float32 give finite results.
    validate : bool, default=True
        Check that `p` (and `q` unless logits) are finite, non-negative and sum to 1 along
        `axis`; that logits are not NaN or ``+inf``. Skipped for traced JAX arrays.

    Returns
    -------
    array
        :math:`H(p, q)` in units of `base`, `axis` removed; ``inf`` where ``q == 0 < p``.

    Notes
    -----
    .. math:: H(p, q) = -\sum_i p_i \log_b q_i = H(p) + D_{\mathrm{KL}}(p \,\|\, q)

    Terms with :math:`p_i = 0` are zero whatever :math:`q_i`. With one-hot `p` this is the
    negative log-likelihood of the true class, the classification loss; minimising it over
    `q` minimises :math:`D_{\mathrm{KL}}(p \| q)` because :math:`H(p)` does not depend on `q`.
    For training losses with class indices, weights and reductions see
    ``infokit.losses.cross_entropy_loss``.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006.
    .. [2] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, 2016, Sec. 3.13.

    Examples
    --------
    >>> from infokit import cross_entropy
    >>> round(float(cross_entropy([0.9, 0.1], [0.5, 0.5])), 3)  # biased coin, fair model
    0.693
    >>> round(float(cross_entropy([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])), 4)
    1.0549
    >>> round(float(cross_entropy([0, 1, 0], [2.0, 1.0, 0.1], from_logits=True)), 4)
    1.417
    """
    numeric_base = resolve_base(base)
    native = not from_logits
    xp, first, second = prepare_pair(
        p, q, axis=axis, from_logits=from_logits, validate=validate, check_values=not native
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        if native and is_numpy(xp):
            result = _native_pair("cross_entropy_rows", first, second, validate)
            if result is not None:
                return in_base(result, numeric_base)
        if native:
            _check_both(xp, first, second, validate)
        p_array, q_array = first.array, second.array
        if from_logits:
            log_q = log_softmax(q_array, axis=first.axis, xp=xp)
            terms = p_array * _masked_log_q(p_array, log_q, xp)
        else:
            terms = xlogy(p_array, q_array, xp=xp)
        return in_base(0.0 - xp.sum(terms, axis=first.axis), numeric_base)  # +0.0, not -0.0


def kl_divergence(
    p: object,
    q: object,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    from_logits: bool = False,
    validate: bool = True,
) -> Array:
    r"""Compute the Kullback–Leibler divergence :math:`D(p \| q)` of `q` from `p`.

    The argument order is that of the formula: `p` is the reference ("true") distribution
    and `q` the approximation. (``torch.nn.functional.kl_div(input, target)`` takes them in
    the opposite order, with `input` as log-probabilities.)

    Parameters
    ----------
    p : array_like of shape (..., n_outcomes, ...)
        Reference probabilities along `axis`.
    q : array_like, broadcastable with `p`
        Approximating probabilities along `axis`, or logits with ``from_logits=True``.
    base : float or str, default=math.e
        Logarithm base or unit name.
    axis : int, default=-1
        Axis that indexes the outcomes.
    from_logits : bool, default=False
        Treat `q` as logits (stable log-softmax).
    validate : bool, default=True
        As in `cross_entropy`.

    Returns
    -------
    array
        Divergence in units of `base`, `axis` removed; ``inf`` where ``q == 0 < p``.

    Notes
    -----
    .. math:: D_{\mathrm{KL}}(p \,\|\, q) = \sum_i p_i \log_b \frac{p_i}{q_i}
              = H(p, q) - H(p) \ge 0

    Terms with :math:`p_i = 0` are zero. Not symmetric (see `jensen_shannon_divergence`).
    The result is non-negative by Gibbs' inequality; rounding below zero is returned as 0.

    References
    ----------
    .. [1] S. Kullback and R. A. Leibler, "On Information and Sufficiency", *Ann. Math.
       Statist.* 22, 1951.
    .. [2] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.3.

    Examples
    --------
    >>> from infokit import kl_divergence
    >>> P, Q = [0.5, 0.3, 0.2], [0.4, 0.4, 0.2]
    >>> round(float(kl_divergence(P, Q)), 6), round(float(kl_divergence(Q, P)), 6)
    (0.025267, 0.025815)
    >>> float(kl_divergence([0.5, 0.5], [1.0, 0.0]))  # q misses an outcome p can produce
    inf
    """
    numeric_base = resolve_base(base)
    native = not from_logits
    xp, first, second = prepare_pair(
        p, q, axis=axis, from_logits=from_logits, validate=validate, check_values=not native
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        if native and is_numpy(xp):
            result = _native_pair("kl_divergence_rows", first, second, validate)
            if result is not None:
                return in_base(positive_part(result, xp=xp), numeric_base)
        if native:
            _check_both(xp, first, second, validate)
        p_array, q_array = first.array, second.array
        if native and _native.torch_supports(p_array, q_array):
            p_array, q_array = xp.broadcast_arrays(p_array, q_array)
            result = _native.torch_kl_divergence(p_array, q_array, first.axis)
            return in_base(positive_part(result, xp=xp), numeric_base)
        if from_logits:
            log_q = log_softmax(q_array, axis=first.axis, xp=xp)
            terms = xlogy(p_array, p_array, xp=xp) - p_array * _masked_log_q(p_array, log_q, xp)
        else:
            terms = xlogy(p_array, p_array, xp=xp) - xlogy(p_array, q_array, xp=xp)
        return in_base(positive_part(xp.sum(terms, axis=first.axis), xp=xp), numeric_base)


def jensen_shannon_divergence(
    p: object,
    q: object,
    /,
    *,
    base: float | str = math.e,
    axis: int = -1,
    validate: bool = True,
) -> Array:
    r"""Compute the Jensen–Shannon divergence between `p` and `q`.

    This is the divergence itself, not its square root: ``scipy.spatial.distance.
    jensenshannon`` returns the Jensen–Shannon *distance* :math:`\sqrt{\mathrm{JS}}`.

    Parameters
    ----------
    p, q : array_like of shape (..., n_outcomes, ...)
        Probabilities along `axis`, broadcastable with each other.
    base : float or str, default=math.e
        Logarithm base or unit name. In bits the divergence lies in [0, 1].
    axis : int, default=-1
        Axis that indexes the outcomes.
    validate : bool, default=True
        As in `kl_divergence`.

    Returns
    -------
    array
        Divergence in units of `base`, `axis` removed; symmetric, finite, between 0 and
        ``log_base(2)``.

    Notes
    -----
    .. math:: \mathrm{JS}(p, q) = \tfrac12 D(p \,\|\, m) + \tfrac12 D(q \,\|\, m),
              \qquad m = \tfrac12 (p + q)

    Rounding outside [0, log 2] is returned as the nearest bound.

    References
    ----------
    .. [1] J. Lin, "Divergence measures based on the Shannon entropy", *IEEE Trans.
       Inf. Theory* 37, 1991.

    Examples
    --------
    >>> from infokit import jensen_shannon_divergence
    >>> float(jensen_shannon_divergence([1.0, 0.0], [0.0, 1.0], base=2))  # disjoint supports
    1.0
    """
    numeric_base = resolve_base(base)
    xp, first, second = prepare_pair(p, q, axis=axis, validate=validate)
    p_array, q_array = first.array, second.array
    mixture = (p_array + q_array) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (
            xlogy(p_array, p_array, xp=xp)
            + xlogy(q_array, q_array, xp=xp)
            - xlogy(p_array, mixture, xp=xp)
            - xlogy(q_array, mixture, xp=xp)
        )
        divergence = positive_part(xp.sum(terms, axis=first.axis) / 2, xp=xp)
        divergence = xp.minimum(divergence, xp.full_like(divergence, math.log(2)))
    return in_base(divergence, numeric_base)


def _check_both(xp: object, first: Prepared, second: Prepared, validate: bool) -> None:
    for prepared in (first, second):
        check_probabilities(
            prepared.array,
            name=prepared.name,
            axis=prepared.axis,
            xp=xp,
            validate=validate,
            tolerance=prepared.tolerance,
        )
