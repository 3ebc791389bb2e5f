r"""Variational upper bounds on mutual information, to minimise it (CLUB and leave-one-out).

Both take a matrix of conditional log-likelihoods ``log_q[..., i, j] = log q(y_j | x_i)``
from a variational (or the true) conditional density, for ``N`` joint samples
``(x_i, y_i)``: the diagonal holds the log-likelihoods of the joint pairs.
"""

from __future__ import annotations

import math

from infokit._array import Array
from infokit.bounds._core import (
    diagonal,
    finish,
    log_mean_exp,
    off_diagonal_mask,
    prepare_matrix,
    quiet_floating_point,
)
from infokit.units import resolve_base

__all__ = ["club_upper_bound", "leave_one_out_upper_bound"]


@quiet_floating_point
def club_upper_bound(log_q: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute the contrastive log-ratio upper bound (CLUB) on the mutual information.

    Parameters
    ----------
    log_q : array of shape (..., N, N)
        Conditional log-likelihoods ``log_q[..., i, j] = log q(y_j | x_i)``; the diagonal
        holds the joint pairs. Leading axes are a batch. Additive constants of the density
        (normalisers that do not depend on :math:`x`) cancel.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        The bound in units of `base`.

    Raises
    ------
    ShapeError
        If the last two axes of `log_q` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `log_q` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    Eq. (7) of Cheng et al. [1]_, the mean log-likelihood of the joint pairs minus that of
    all :math:`N^2` pairs (the diagonal included, as in the reference code):

    .. math:: I_\mathrm{CLUB} = \frac1N \sum_i \log q(y_i \mid x_i)
        - \frac{1}{N^2} \sum_{i, j} \log q(y_j \mid x_i)

    With the true conditional :math:`q = p(y \mid x)` its expectation is an upper bound on
    :math:`I(X; Y)` (the gap is the mutual information between :math:`y` and the
    log-likelihood's argument, by Jensen), and it stays one for a learned :math:`q` as
    long as :math:`D_\mathrm{KL}(p(x, y) \| q(x, y)) \le D_\mathrm{KL}(p(x)p(y) \|
    q(x, y))` (Theorem 3.2 of [1]_); otherwise it is an estimate, not a bound.

    Because :math:`\log` is concave, :math:`\frac{N}{N-1} I_\mathrm{CLUB} \ge
    I_\mathrm{L1Out}` for every matrix (see `leave_one_out_upper_bound`). **Bias and
    variance**: no log-sum-exp, so the variance stays moderate at large mutual
    information; the bias is upward (looser than L1Out), which is the safe side when the
    bound is *minimised*, e.g. to remove information from a representation.

    References
    ----------
    .. [1] P. Cheng, W. Hao, S. Dai, J. Liu, Z. Gan and L. Carin, "CLUB: A Contrastive
       Log-ratio Upper Bound of Mutual Information", ICML 2020 (PMLR 119).

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import club_upper_bound
    >>> log_q = np.array([[-1.0, -3.0, -4.0], [-3.0, -1.0, -3.0], [-5.0, -2.0, -1.0]])
    >>> round(float(club_upper_bound(log_q)), 4)  # -1 - (-23 / 9)
    1.5556
    """
    numeric_base = resolve_base(base)
    xp, log_likelihoods = prepare_matrix(log_q, name="log_q")
    joint = xp.mean(diagonal(log_likelihoods, xp=xp), axis=-1)
    every_pair = xp.mean(xp.mean(log_likelihoods, axis=-1), axis=-1)
    return finish(joint - every_pair, {"log_q": log_likelihoods}, base=numeric_base, xp=xp)


@quiet_floating_point
def leave_one_out_upper_bound(log_q: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute the leave-one-out (L1Out) upper bound on the mutual information.

    Parameters
    ----------
    log_q : array of shape (..., N, N)
        Conditional log-likelihoods ``log_q[..., i, j] = log q(y_j | x_i)``; the diagonal
        holds the joint pairs. Leading axes are a batch.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        The bound in units of `base`.

    Raises
    ------
    ShapeError
        If the last two axes of `log_q` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `log_q` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    Eq. (13) of Poole et al. [1]_: the marginal :math:`p(y_j)` is estimated by the mixture
    of the conditionals of the *other* samples,

    .. math:: I_\mathrm{L1Out} = \frac1N \sum_j \left[\log q(y_j \mid x_j)
        - \log \frac{1}{N-1} \sum_{i \ne j} q(y_j \mid x_i)\right]

    (``L1OutUB`` of Cheng et al.'s code [2]_, here with an exact mask instead of a
    :math:`-20` offset on the diagonal). With the true conditional its expectation is an
    upper bound on :math:`I(X; Y)`: the leave-one-out mixture underestimates
    :math:`\log p(y)` on average (Jensen). It is the InfoNCE construction without the
    joint pair in the denominator, which turns the lower bound into an upper one.

    **Bias and variance**: tighter than CLUB (:math:`I_\mathrm{L1Out} \le
    \frac{N}{N-1} I_\mathrm{CLUB}` on every batch), but the log-mean-exp over the other
    samples has a high variance and the bound can be badly loose when the conditionals are
    narrow, i.e. when the mutual information is large compared with :math:`\log N` [1]_,
    [2]_. Computed as a stable log-mean-exp down each column.

    References
    ----------
    .. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [2] P. Cheng, W. Hao, S. Dai, J. Liu, Z. Gan and L. Carin, "CLUB: A Contrastive
       Log-ratio Upper Bound of Mutual Information", ICML 2020 (PMLR 119).

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import leave_one_out_upper_bound
    >>> log_q = np.array([[-1.0, -3.0, -4.0], [-3.0, -1.0, -3.0], [-5.0, -2.0, -1.0]])
    >>> round(float(leave_one_out_upper_bound(log_q)), 4)
    2.1087
    """
    numeric_base = resolve_base(base)
    xp, log_likelihoods = prepare_matrix(log_q, name="log_q")
    size = log_likelihoods.shape[-1]
    others = xp.where(
        off_diagonal_mask(log_likelihoods, xp=xp),
        log_likelihoods,
        xp.full_like(log_likelihoods, -math.inf),
    )
    log_marginals = log_mean_exp(others, axis=-2, count=size - 1, xp=xp)
    joint = diagonal(log_likelihoods, xp=xp)
    terms = xp.where(joint == -math.inf, joint, joint - log_marginals)
    return finish(xp.mean(terms, axis=-1), {"log_q": log_likelihoods}, base=numeric_base, xp=xp)
