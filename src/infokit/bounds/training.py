r"""Lower bounds whose gradient differs from that of their value: MINE, SMILE and JS.

These are training objectives for a critic. Their *value* is an estimate of the mutual
information, and their *gradient* (on PyTorch and JAX) is that of a better-behaved objective:
a moving-average denominator for MINE, the Jensen–Shannon f-GAN objective for SMILE and JS.
The gradient is swapped as in the reference code [1]_, [2]_ (``surrogate +
stop_gradient(estimate - surrogate)``), written here as ``stop_gradient(estimate) +
(surrogate - stop_gradient(surrogate))``: the added term is exactly 0, so the value is the
estimate to the last bit, not rounded through the surrogate.
On NumPy arrays, which carry no gradient, only the values matter.

References
----------
.. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational Bounds
   of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
.. [2] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
   Information Estimators", ICLR 2020, arXiv:1910.06222.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Literal, NamedTuple

import numpy as np

from infokit._array import Array, as_float_array, namespace_of
from infokit._validation import check_choice
from infokit.bounds._core import (
    diagonal,
    finish,
    log_mean_exp_off_diagonal,
    off_diagonal_mask,
    prepare_matrix,
    quiet_floating_point,
    stop_gradient,
)
from infokit.errors import InvalidParameterError, ShapeError
from infokit.units import resolve_base

__all__ = [
    "MineBound",
    "jensen_shannon_lower_bound",
    "mine_lower_bound",
    "smile_lower_bound",
]


class MineBound(NamedTuple):
    r"""What `mine_lower_bound` returns: the bound and the state for the next batch.

    Attributes
    ----------
    value : array of shape (...)
        The Donsker–Varadhan bound of the batch in units of `base`, whose gradient uses
        the moving average in the denominator.
    log_moving_average : array of shape (...)
        Natural log of the exponential moving average of the batch partition estimates
        :math:`\hat Z_t` (whatever `base`), cut from the autodiff graph. Pass it back as
        ``log_moving_average=`` with the next batch.
    """

    value: Array
    log_moving_average: Array


@quiet_floating_point
def mine_lower_bound(
    scores: object,
    /,
    *,
    log_moving_average: object = None,
    momentum: float = 0.9,
    base: float | str = math.e,
) -> MineBound:
    r"""Compute the MINE objective: the DV bound with a moving-average gradient correction.

    Parameters
    ----------
    scores : array of shape (..., N, N)
        Critic values ``scores[..., i, j] = f(x_i, y_j)``; the diagonal holds the joint
        pairs. Leading axes are a batch.
    log_moving_average : array of shape (...), or None, default=None
        The ``log_moving_average`` returned for the previous batch: the state of the
        moving average, as a natural log. ``None`` (the first batch) starts the average at
        this batch's partition estimate, so the first gradient is exactly the DV gradient.
    momentum : float, default=0.9
        Weight :math:`\mu \in [0, 1)` of the past in the average, as ``momentum`` in the
        ``mine_lower_bound`` of Song and Ermon's code [2]_; 0 uses the current batch only
        (the plain DV gradient).
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``) of ``value``.

    Returns
    -------
    MineBound
        ``(value, log_moving_average)``: the bound, equal to `donsker_varadhan_lower_bound`
        of the same scores, and the updated state (natural log, no gradient).

    Raises
    ------
    ShapeError
        If `scores` is not square with ``N >= 2`` in its last two axes, or
        `log_moving_average` does not broadcast to the batch shape ``scores.shape[:-2]``.
    InvalidParameterError
        If `momentum` is not a number in [0, 1).
    InvalidDistributionError
        If `scores` or `log_moving_average` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    With :math:`\hat Z_t = \frac{1}{N(N-1)} \sum_{i \ne j} e^{f(x_i, y_j)}` the partition
    estimate of batch :math:`t`, the value is the DV bound
    :math:`\frac1N \sum_i f(x_i, y_i) - \log \hat Z_t`. Its gradient,
    :math:`\overline{\nabla f}_\mathrm{joint} - \nabla \hat Z_t / \hat Z_t`, is biased
    because :math:`\hat Z_t` in the denominator is noisy; Belghazi et al. [1]_ (Sec. 3.2)
    replace that denominator by an exponential moving average:

    .. math:: M_t = \mu M_{t-1} + (1 - \mu) \hat Z_t, \qquad
        \nabla I_\mathrm{MINE} = \overline{\nabla f}_\mathrm{joint} - \nabla \hat Z_t / M_t

    **State**: the function keeps nothing itself. It reads :math:`\log M_{t-1}` from
    `log_moving_average`, updates it with the current batch (so :math:`M_t` includes
    :math:`\hat Z_t`, as in [2]_), uses :math:`M_t` in the gradient and returns
    :math:`\log M_t`. The average is kept in the log domain (``logaddexp``), so it neither
    overflows nor needs the ``1e-4`` floor of [2]_; it is in nats whatever `base` is, and
    one average is kept per matrix of a batch. Being a plain array returned with the value,
    the state works under ``jax.jit`` and with any training loop.

    **Bias and variance**: the value has the upward bias and the exponential variance of
    the DV estimate; the moving average reduces the bias of the *gradient*, not of the
    estimate [1]_, [2]_.

    References
    ----------
    .. [1] M. I. Belghazi, A. Baratin, S. Rajeswar, S. Ozair, Y. Bengio, A. Courville and
       R. D. Hjelm, "Mutual Information Neural Estimation", ICML 2018 (PMLR 80).
    .. [2] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import mine_lower_bound
    >>> scores = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]])
    >>> first = mine_lower_bound(scores)
    >>> float(first.value), float(first.log_moving_average)
    (2.0, 0.0)
    >>> second = mine_lower_bound(scores + 1, log_moving_average=first.log_moving_average)
    >>> round(float(second.value), 4), round(float(np.exp(second.log_moving_average)), 4)
    (2.0, 1.1718)
    """
    numeric_base = resolve_base(base)
    weight = _check_momentum(momentum)
    xp = namespace_of(scores, log_moving_average)
    _, f = prepare_matrix(scores, name="scores", xp=xp)
    joint = xp.mean(diagonal(f, xp=xp), axis=-1)
    log_partition = log_mean_exp_off_diagonal(f, xp=xp)
    fixed_log_partition = stop_gradient(log_partition)
    inputs = {"scores": f}
    if log_moving_average is None or weight == 0.0:
        log_average = fixed_log_partition
    else:
        previous = as_float_array(log_moving_average, xp=xp, name="log_moving_average")
        previous = xp.astype(stop_gradient(previous), log_partition.dtype)
        _check_batch_shape(previous, tuple(f.shape[:-2]))
        inputs["log_moving_average"] = previous
        log_average = xp.logaddexp(
            math.log(weight) + previous, math.log1p(-weight) + fixed_log_partition
        )
    ratio = stop_gradient(xp.exp(fixed_log_partition - log_average))  # Z_t / M_t
    # Value joint - log Z_t; gradient of the last term: ratio * grad log Z_t = grad Z_t / M_t.
    correction = ratio * (log_partition - fixed_log_partition)
    result = joint - fixed_log_partition - correction
    value = finish(result, inputs, base=numeric_base, xp=xp)
    return MineBound(value=value, log_moving_average=log_average + xp.zeros_like(joint))


@quiet_floating_point
def smile_lower_bound(
    scores: object,
    /,
    *,
    clip: float = 5.0,
    gradient: Literal["jensen_shannon", "smile"] = "jensen_shannon",
    base: float | str = math.e,
) -> Array:
    r"""Compute the SMILE estimate: the DV bound with the partition term's exp clipped.

    Parameters
    ----------
    scores : array of shape (..., N, N)
        Critic values ``scores[..., i, j] = f(x_i, y_j)``; the diagonal holds the joint
        pairs. Leading axes are a batch.
    clip : float, default=5.0
        The clipping threshold :math:`\tau > 0`; ``math.inf`` turns clipping off and gives
        `donsker_varadhan_lower_bound`. Song and Ermon [1]_ report :math:`\tau = 1, 5, \infty`.
    gradient : {"jensen_shannon", "smile"}, default="jensen_shannon"
        Which objective the result's gradient belongs to. ``"jensen_shannon"``, as in the
        reference code of [1]_: that of the f-GAN Jensen–Shannon objective (see
        `jensen_shannon_lower_bound`), with which the critic is trained there.
        ``"smile"``: that of the clipped DV value itself (clipped entries then pass no
        gradient through the partition term).
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        The SMILE estimate in units of `base` (the same value for either `gradient`).

    Raises
    ------
    ShapeError
        If the last two axes of `scores` are not a square matrix with ``N >= 2``.
    InvalidParameterError
        If `clip` is not a positive number, or for an unknown `gradient`.
    InvalidDistributionError
        If `scores` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    Eq. (17) of [1]_, with the joint term unclipped and the partition estimate computed
    from the scores clipped to :math:`[-\tau, \tau]`, as in ``smile_lower_bound`` of the
    reference code:

    .. math:: I_\mathrm{SMILE} = \frac1N \sum_i f(x_i, y_i) - \log \frac{1}{N(N-1)}
        \sum_{i \ne j} \operatorname{clip}\left(e^{f(x_i, y_j)}, e^{-\tau}, e^{\tau}\right)

    **Bias and variance**: clipping bounds the variance of the partition estimate by
    :math:`(e^\tau - e^{-\tau})^2 / (4 N (N-1))`, whatever the mutual information
    (Theorem 3 of [1]_), at the price of a bias that vanishes as :math:`\tau \to \infty`;
    it is no longer a strict lower bound. Smaller :math:`\tau` means less variance and more
    bias; with the exact density ratio the estimate falls below the true value once
    :math:`I \gg \tau`.

    References
    ----------
    .. [1] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> from infokit.bounds import donsker_varadhan_lower_bound, smile_lower_bound
    >>> scores = np.array([[2.0, 8.0, 0.0], [0.0, 2.0, 0.0], [0.0, -9.0, 2.0]])
    >>> round(float(smile_lower_bound(scores, clip=5.0)), 4)
    -1.2349
    >>> bool(smile_lower_bound(scores, clip=math.inf) == donsker_varadhan_lower_bound(scores))
    True
    """
    numeric_base = resolve_base(base)
    threshold = _check_clip(clip)
    objective = check_choice(gradient, ("jensen_shannon", "smile"), name="gradient")
    xp, f = prepare_matrix(scores, name="scores")
    clipped = f if threshold == math.inf else xp.clip(f, -threshold, threshold)
    joint = xp.mean(diagonal(f, xp=xp), axis=-1)
    estimate = joint - log_mean_exp_off_diagonal(clipped, xp=xp)
    if objective == "jensen_shannon":
        surrogate = _jensen_shannon_objective(f, xp=xp)
        estimate = _with_gradient_of(surrogate, estimate)
    return finish(estimate, {"scores": f}, base=numeric_base, xp=xp)


@quiet_floating_point
def jensen_shannon_lower_bound(scores: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute an NWJ estimate whose gradient is that of the Jensen–Shannon (f-GAN) objective.

    The critic is trained on the bounded, low-variance Jensen–Shannon objective of GANs and
    deep InfoMax, and the mutual information is read off with the NWJ bound, in one array:
    its value is the NWJ estimate, its gradient (PyTorch, JAX) the JS gradient.

    Parameters
    ----------
    scores : array of shape (..., N, N)
        Critic values ``scores[..., i, j] = f(x_i, y_j)``; the diagonal holds the joint
        pairs. Leading axes are a batch.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        ``nwj_lower_bound(scores + 1)`` in units of `base`, with the gradient of
        :math:`J_\mathrm{JS}` below (scaled by ``1 / log(base)``).

    Raises
    ------
    ShapeError
        If the last two axes of `scores` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `scores` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    The f-GAN lower bound on the Jensen–Shannon divergence [1]_ (Eq. (7), as used for
    deep InfoMax [2]_), with :math:`\operatorname{sp}(t) = \log(1 + e^t)`:

    .. math:: J_\mathrm{JS} = -\frac1N \sum_i \operatorname{sp}(-f(x_i, y_i))
        - \frac{1}{N(N-1)} \sum_{i \ne j} \operatorname{sp}(f(x_i, y_j))

    is maximised by the log density ratio :math:`f^* = \log \frac{p(x, y)}{p(x)p(y)}`
    (the logit of the classifier of joint against product pairs). Its value is a bound
    on a divergence, not on the mutual information, so Poole et al. [3]_ (the
    :math:`I_\mathrm{JS}` bound) and Song and Ermon [4]_ return the NWJ value with the JS
    gradient, ``js + stop_gradient(nwj - js)``; infokit follows that design rather than
    returning both numbers, so one array serves as the loss and as the estimate.

    The NWJ value is taken at :math:`f + 1`,

    .. math:: I = 1 + \frac1N \sum_i f(x_i, y_i) - \frac{1}{N(N-1)} \sum_{i \ne j}
        e^{f(x_i, y_j)}

    because NWJ's optimal critic is :math:`1 + f^*`: at the JS optimum this estimate is
    unbiased for :math:`I(X; Y)`. The reference code evaluates ``nwj_lower_bound(f)``
    without the shift, which at the JS optimum averages :math:`I(X; Y) - 1/e`;
    ``nwj_lower_bound(scores)`` gives that number. Both are valid lower bounds for any
    critic. **Bias and variance**: the value has NWJ's variance (exponential in the mutual
    information); the gradient is bounded (each softplus has slope below 1), which makes
    training stable [3]_, [4]_. Softplus is computed as ``logaddexp(0, t)``, stable for
    any magnitude.

    References
    ----------
    .. [1] S. Nowozin, B. Cseke and R. Tomioka, "f-GAN: Training Generative Neural Samplers
       using Variational Divergence Minimization", NeurIPS 2016.
    .. [2] R. D. Hjelm et al., "Learning deep representations by mutual information
       estimation and maximization", ICLR 2019.
    .. [3] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [4] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import jensen_shannon_lower_bound, nwj_lower_bound
    >>> scores = np.array([[2.0, 0.0, 0.5], [0.0, 2.0, 0.0], [-1.0, 0.0, 2.0]])
    >>> bool(np.isclose(jensen_shannon_lower_bound(scores), nwj_lower_bound(scores + 1)))
    True
    """
    numeric_base = resolve_base(base)
    xp, f = prepare_matrix(scores, name="scores")
    joint = xp.mean(diagonal(f, xp=xp), axis=-1)
    marginal = xp.exp(log_mean_exp_off_diagonal(f, xp=xp))
    estimate = 1.0 + joint - marginal
    surrogate = _jensen_shannon_objective(f, xp=xp)
    result = _with_gradient_of(surrogate, estimate)
    return finish(result, {"scores": f}, base=numeric_base, xp=xp)


def _with_gradient_of(surrogate: Array, estimate: Array) -> Array:
    """Return the value of `estimate` with the gradient of `surrogate` (``x - x`` is 0)."""
    return stop_gradient(estimate) + (surrogate - stop_gradient(surrogate))


def _jensen_shannon_objective(scores: Array, *, xp: Any) -> Array:
    """``J_JS``: mean of ``-softplus(-f)`` on the diagonal minus that of ``softplus(f)`` off it."""
    size = scores.shape[-1]
    zero = xp.zeros_like(scores)
    joint = -xp.mean(diagonal(xp.logaddexp(zero, -scores), xp=xp), axis=-1)
    off = xp.where(off_diagonal_mask(scores, xp=xp), xp.logaddexp(zero, scores), zero)
    marginal = xp.sum(xp.reshape(off, (*tuple(scores.shape[:-2]), size * size)), axis=-1)
    return joint - marginal / (size * (size - 1))


def _check_momentum(momentum: object) -> float:
    if isinstance(momentum, bool) or not isinstance(momentum, Real) or not 0 <= float(momentum) < 1:
        msg = f"`momentum` must be a number in [0, 1) (the weight of the past); got {momentum!r}."
        raise InvalidParameterError(msg)
    return float(momentum)


def _check_clip(clip: object) -> float:
    if isinstance(clip, bool) or not isinstance(clip, Real) or not float(clip) > 0:
        msg = (
            f"`clip` must be a positive number (math.inf for no clipping, which is the DV "
            f"bound); got {clip!r}."
        )
        raise InvalidParameterError(msg)
    return float(clip)


def _check_batch_shape(state: Array, batch_shape: tuple[int, ...]) -> None:
    try:
        shape = np.broadcast_shapes(tuple(state.shape), batch_shape)
    except ValueError:
        shape = None
    if shape != batch_shape:
        msg = (
            f"`log_moving_average` must broadcast to the batch shape of `scores`, "
            f"{batch_shape} (one average per matrix); got shape {tuple(state.shape)}. "
            "Pass the `log_moving_average` returned for the previous batch."
        )
        raise ShapeError(msg)
