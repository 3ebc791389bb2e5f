r"""Variational lower bounds on mutual information from a matrix of critic scores.

Each function takes ``scores[..., i, j] = f(x_i, y_j)`` for ``N`` pairs ``(x_i, y_i)`` drawn
from the joint distribution: the diagonal scores the joint samples, the off-diagonal entries
score pairs from the product of the marginals. Each returns the bound in units of `base`,
one value per matrix (the last two axes removed), and is differentiable on PyTorch and JAX.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from infokit._array import Array, as_float_array, namespace_of
from infokit._validation import check_int
from infokit.bounds._core import (
    diagonal,
    finish,
    log_mean_exp,
    log_mean_exp_off_diagonal,
    prepare_matrix,
    quiet_floating_point,
)
from infokit.errors import ShapeError
from infokit.units import resolve_base

__all__ = [
    "donsker_varadhan_lower_bound",
    "infonce_ceiling",
    "infonce_lower_bound",
    "nwj_lower_bound",
    "tuba_lower_bound",
]


def infonce_ceiling(batch_size: int, /, *, base: float | str = math.e) -> float:
    r"""Return the largest value InfoNCE can take on a batch of `batch_size` pairs: log N.

    Parameters
    ----------
    batch_size : int
        Number :math:`N \ge 1` of joint samples in the batch (the side of the score matrix).
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    float
        :math:`\log_b N`.

    Notes
    -----
    Every term of `infonce_lower_bound` is :math:`\log N` plus a log-probability, so the
    bound never exceeds :math:`\log N` whatever the critic: an InfoNCE estimate of a mutual
    information larger than :math:`\log N` is biased down to at most :math:`\log N`, and
    estimating :math:`I` nats needs :math:`N \ge e^I` samples per batch [1]_, [2]_.

    References
    ----------
    .. [1] A. van den Oord, Y. Li and O. Vinyals, "Representation Learning with Contrastive
       Predictive Coding", arXiv:1807.03748, 2018.
    .. [2] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.

    Examples
    --------
    >>> from infokit.bounds import infonce_ceiling
    >>> round(infonce_ceiling(64), 4), infonce_ceiling(64, base="bits")
    (4.1589, 6.0)
    """
    numeric_base = resolve_base(base)
    size = check_int(batch_size, name="batch_size", minimum=1)
    return math.log(size) / math.log(numeric_base)


@quiet_floating_point
def infonce_lower_bound(scores: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute the InfoNCE (contrastive) lower bound on the mutual information.

    Parameters
    ----------
    scores : array of shape (..., N, N)
        Critic values ``scores[..., i, j] = f(x_i, y_j)``; the diagonal holds the ``N``
        joint pairs. Leading axes are a batch of matrices. NumPy, PyTorch and JAX arrays
        stay in their library and on their device; lists become NumPy (float64).
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        The bound in units of `base`; at most ``log N`` (see `infonce_ceiling`).

    Raises
    ------
    ShapeError
        If the last two axes of `scores` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `scores` holds NaN or ``+inf`` (checked on eager arrays only, not under
        ``jax.jit``).

    Notes
    -----
    For each :math:`y_j`, the critic must pick its own partner :math:`x_j` among the
    :math:`N` samples :math:`x_i` of the batch, as in [1]_ and Eq. (12) of [2]_:

    .. math:: I_\mathrm{NCE} = \frac1N \sum_{j=1}^N \log \frac{e^{f(x_j, y_j)}}
        {\frac1N \sum_{i=1}^N e^{f(x_i, y_j)}}
        = \log N + \frac1N \sum_j \log \operatorname{softmax}_i f(x_i, y_j) \big|_{i=j}

    The softmax runs down each column (axis ``-2``), over the :math:`x_i` for a fixed
    :math:`y_j`, as in the reference code of [2]_ and [3]_, whose matrices are transposed
    (``scores[i, j] = f(x_j, y_i)``). Pass ``scores.mT`` for the other direction; the two
    agree in expectation when the roles of :math:`x` and :math:`y` are exchangeable.

    The expectation of this sample bound is a lower bound on :math:`I(X; Y)` for any
    critic; the optimal critic is :math:`\log p(y \mid x)` plus any function of
    :math:`y`. **Bias and variance**: low variance, but each term is a log-probability
    plus :math:`\log N`, so the bound never exceeds :math:`\log N` and is badly biased when
    :math:`I(X; Y) \gg \log N` [2]_, [4]_. It is stable in the log domain (a log-sum-exp
    with the maximum subtracted); a ``-inf`` score on the diagonal gives ``-inf``.

    References
    ----------
    .. [1] A. van den Oord, Y. Li and O. Vinyals, "Representation Learning with Contrastive
       Predictive Coding", arXiv:1807.03748, 2018.
    .. [2] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [3] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.
    .. [4] D. McAllester and K. Stratos, "Formal Limitations on the Measurement of Mutual
       Information", AISTATS 2020 (PMLR 108).

    Examples
    --------
    A critic that scores each joint pair 5 above the others; the bound stays below
    ``log 3``:

    >>> import numpy as np
    >>> from infokit.bounds import infonce_lower_bound
    >>> scores = 5 * np.eye(3)
    >>> round(float(infonce_lower_bound(scores)), 4), round(float(np.log(3)), 4)
    (1.0852, 1.0986)
    """
    numeric_base = resolve_base(base)
    xp, f = prepare_matrix(scores, name="scores")
    joint = diagonal(f, xp=xp)
    column_log_means = log_mean_exp(f, axis=-2, count=f.shape[-1], xp=xp)
    terms = xp.where(joint == -math.inf, joint, joint - column_log_means)  # no -inf - -inf
    return finish(xp.mean(terms, axis=-1), {"scores": f}, base=numeric_base, xp=xp)


@quiet_floating_point
def nwj_lower_bound(scores: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute the Nguyen–Wainwright–Jordan (NWJ, f-divergence) lower bound.

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
        The bound in units of `base`.

    Raises
    ------
    ShapeError
        If the last two axes of `scores` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `scores` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    With the :math:`N` diagonal and :math:`N(N - 1)` off-diagonal entries as samples of
    :math:`p(x, y)` and :math:`p(x)p(y)` [1]_, [2]_ (Eq. (9), :math:`I_\mathrm{NWJ}`):

    .. math:: I_\mathrm{NWJ} = \frac1N \sum_i f(x_i, y_i)
        - \frac{1}{N(N-1)} \sum_{i \ne j} e^{f(x_i, y_j) - 1}

    It is `tuba_lower_bound` with the constant baseline :math:`a = e`. The optimal critic
    is :math:`f^* = 1 + \log \frac{p(x, y)}{p(x) p(y)}` (note the 1), where the bound is
    tight. **Bias and variance**: for a fixed critic the sample bound is an *unbiased*
    estimate of its expectation, but its variance grows like :math:`e^{I}/N` at the optimal
    critic [3]_, so it is unusable for large mutual information with moderate batches.

    The off-diagonal mean of :math:`e^{f - 1}` is formed as the exponential of a stable
    log-mean-exp, so no intermediate sum overflows; when the mean itself exceeds the largest
    float (:math:`f \gtrsim 710` in float64, 89 in float32) the bound is ``-inf``, which is
    the correctly rounded value, not an error.

    References
    ----------
    .. [1] X. Nguyen, M. J. Wainwright and M. I. Jordan, "Estimating divergence functionals
       and the likelihood ratio by convex risk minimization", *IEEE Trans. Inf. Theory* 56,
       2010.
    .. [2] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [3] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import nwj_lower_bound
    >>> scores = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]])
    >>> round(float(nwj_lower_bound(scores)), 4)  # 2 - exp(-1)
    1.6321
    """
    numeric_base = resolve_base(base)
    xp, f = prepare_matrix(scores, name="scores")
    joint = xp.mean(diagonal(f, xp=xp), axis=-1)
    marginal = xp.exp(log_mean_exp_off_diagonal(f, xp=xp) - 1.0)
    return finish(joint - marginal, {"scores": f}, base=numeric_base, xp=xp)


@quiet_floating_point
def donsker_varadhan_lower_bound(scores: object, /, *, base: float | str = math.e) -> Array:
    r"""Compute the Donsker–Varadhan (DV) lower bound, the value MINE maximises.

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
        The bound in units of `base`.

    Raises
    ------
    ShapeError
        If the last two axes of `scores` are not a square matrix with ``N >= 2``.
    InvalidDistributionError
        If `scores` holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    .. math:: I_\mathrm{DV} = \frac1N \sum_i f(x_i, y_i)
        - \log \frac{1}{N(N-1)} \sum_{i \ne j} e^{f(x_i, y_j)}

    from the Donsker–Varadhan representation of the KL divergence [1]_, as in
    ``dv_upper_lower_bound`` of [3]_. It does not change when a constant is added to
    :math:`f`; the optimal critic is the log density ratio plus any constant. Because
    :math:`\log z \le z / e`, it is never below `nwj_lower_bound` of the same scores.

    **Bias and variance**: the population bound is tighter than NWJ's, but the sample
    estimate is biased *upwards*, since :math:`\mathbb{E}[-\log \hat Z] \ge -\log Z`
    (Jensen): with the exact density ratio it exceeds the true mutual information on
    average, so it is a lower bound only in the limit of large batches. Its variance,
    like NWJ's, grows exponentially with the mutual information [2]_, [3]_. Computed as a
    stable log-mean-exp of the off-diagonal scores.

    References
    ----------
    .. [1] M. D. Donsker and S. R. S. Varadhan, "Asymptotic evaluation of certain Markov
       process expectations for large time, IV", *Comm. Pure Appl. Math.* 36, 1983.
    .. [2] M. I. Belghazi et al., "Mutual Information Neural Estimation", ICML 2018
       (PMLR 80).
    .. [3] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import donsker_varadhan_lower_bound
    >>> scores = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]])
    >>> float(donsker_varadhan_lower_bound(scores))  # 2 - log 1
    2.0
    """
    numeric_base = resolve_base(base)
    xp, f = prepare_matrix(scores, name="scores")
    joint = xp.mean(diagonal(f, xp=xp), axis=-1)
    result = joint - log_mean_exp_off_diagonal(f, xp=xp)
    return finish(result, {"scores": f}, base=numeric_base, xp=xp)


@quiet_floating_point
def tuba_lower_bound(
    scores: object, log_baseline: object, /, *, base: float | str = math.e
) -> Array:
    r"""Compute the tractable unnormalised Barber–Agakov (TUBA) lower bound.

    Parameters
    ----------
    scores : array of shape (..., N, N)
        Critic values ``scores[..., i, j] = f(x_i, y_j)``; the diagonal holds the joint
        pairs. Leading axes are a batch.
    log_baseline : array broadcastable to (..., N), or a number
        :math:`\log a(y_j)`, the log of a positive baseline evaluated at each :math:`y_j`
        (a learned network, a density, or a constant). It may carry gradients.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).

    Returns
    -------
    array of shape (...)
        The bound in units of `base`.

    Raises
    ------
    ShapeError
        If `scores` is not square with ``N >= 2`` in its last two axes, or `log_baseline`
        does not broadcast to ``scores.shape[:-2] + (N,)``.
    InvalidDistributionError
        If either argument holds NaN or ``+inf`` (eager arrays only).

    Notes
    -----
    Eq. (8) of Poole et al. [1]_, with :math:`g_{ij} = f(x_i, y_j) - \log a(y_j)`:

    .. math:: I_\mathrm{TUBA} = 1 + \frac1N \sum_i g_{ii}
        - \frac{1}{N(N-1)} \sum_{i \ne j} e^{g_{ij}}

    The baseline is subtracted from every score of the column of :math:`y_j`, as
    ``scores -= log_baseline[:, None]`` in the reference code of [1]_ and [2]_ (whose rows
    index :math:`y`). A constant ``log_baseline=1`` gives `nwj_lower_bound`. Two
    data-dependent baselines give exact identities on every batch:

    - the off-diagonal column means, :math:`a(y_j) = \frac{1}{N-1} \sum_{i \ne j}
      e^{f(x_i, y_j)}`, make the last term exactly 1, and the bound becomes
      :math:`\frac1N \sum_j \bigl(f(x_j, y_j) - \log a(y_j)\bigr)`;
    - the full column means, :math:`a(y_j) = \frac1N \sum_i e^{f(x_i, y_j)}`, give
      :math:`I_\mathrm{NCE} + \frac{N \bar\pi - 1}{N - 1}`, with :math:`\bar\pi` the mean
      softmax probability of the diagonal down the columns. Such in-batch baselines are no
      longer independent of the scores they divide, so only the multi-sample argument
      of [1]_ (which gives InfoNCE itself) keeps the bound valid.

    **Bias and variance**: with a fixed critic and baseline, unbiased for its expectation,
    and with the variance of NWJ, exponential in the mutual information, unless the
    baseline tracks :math:`\mathbb{E}_{p(x)} e^{f(x, y)}` well [1]_.

    References
    ----------
    .. [1] B. Poole, S. Ozair, A. van den Oord, A. A. Alemi and G. Tucker, "On Variational
       Bounds of Mutual Information", ICML 2019 (PMLR 97), arXiv:1905.06922.
    .. [2] J. Song and S. Ermon, "Understanding the Limitations of Variational Mutual
       Information Estimators", ICLR 2020, arXiv:1910.06222.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.bounds import nwj_lower_bound, tuba_lower_bound
    >>> scores = np.array([[2.0, 0.0, 0.5], [0.0, 2.0, 0.0], [-1.0, 0.0, 2.0]])
    >>> bool(np.isclose(tuba_lower_bound(scores, 1.0), nwj_lower_bound(scores)))
    True
    >>> round(float(tuba_lower_bound(scores, np.array([0.0, 0.5, 1.0]))), 4)
    1.9074
    """
    numeric_base = resolve_base(base)
    xp = namespace_of(scores, log_baseline)
    _, f = prepare_matrix(scores, name="scores", xp=xp)
    baseline = as_float_array(log_baseline, xp=xp, name="log_baseline")
    # A plain number takes the dtype of the scores (float32 scores stay float32).
    is_number = isinstance(log_baseline, Real) and not hasattr(log_baseline, "dtype")
    dtype = f.dtype if is_number else xp.result_type(f.dtype, baseline.dtype)
    f, baseline = xp.astype(f, dtype), xp.astype(baseline, dtype)
    if baseline.ndim > 0:
        baseline = xp.expand_dims(baseline, axis=-2)  # (..., 1, N): one value per column
        _check_broadcasts_to(baseline, f)
    shifted = f - baseline
    joint = xp.mean(diagonal(shifted, xp=xp), axis=-1)
    marginal = xp.exp(log_mean_exp_off_diagonal(shifted, xp=xp))
    result = 1.0 + joint - marginal
    inputs = {"scores": f, "log_baseline": baseline}
    return finish(result, inputs, base=numeric_base, xp=xp)


def _check_broadcasts_to(baseline: Array, scores: Array) -> None:
    target = tuple(scores.shape)
    try:
        shape = np.broadcast_shapes(tuple(baseline.shape), target)
    except ValueError:
        shape = None
    if shape != target:
        given = (*tuple(baseline.shape[:-2]), baseline.shape[-1])
        msg = (
            f"`log_baseline` must broadcast to scores.shape[:-2] + (N,) = "
            f"{(*target[:-2], target[-1])}, one value per y_j; got shape {given}."
        )
        raise ShapeError(msg)
