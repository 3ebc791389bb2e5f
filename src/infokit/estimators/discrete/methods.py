"""Entropy estimators from counts, vectorised over rows of a count matrix (bootstrap replicates).

Each kernel takes ``counts`` of shape ``(n_rows, n_columns)`` (float64, zeros allowed: a
category that was not drawn in a replicate) and returns one estimate per row, in nats. The
alphabet size `alphabet_size` (K) counts every category, drawn or not; ``None`` means unknown.
Which kernel (and which counts-of-counts ``*_weighted`` form) serves which `method` is recorded
in `infokit.estimators.discrete.registry`.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
from scipy import integrate, optimize, special

from infokit.estimators.discrete.counting import Table, TermCounts

__all__ = [
    "chao_shen",
    "chao_shen_weighted",
    "chao_wang_jost",
    "chao_wang_jost_weighted",
    "dirichlet",
    "dirichlet_posterior_moments",
    "grassberger",
    "jackknife",
    "jackknife_combination",
    "james_stein",
    "miller_madow",
    "mixture_moments",
    "normal_mixture_quantiles",
    "plugin",
    "plugin_leave_one_out",
]

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def _totals(counts: FloatArray) -> FloatArray:
    return np.asarray(counts.sum(axis=-1), dtype=np.float64)


def plugin(counts: FloatArray, **_: Any) -> FloatArray:
    """Maximum-likelihood entropy ``log N - sum(n log n) / N``."""
    total = _totals(counts)
    return np.asarray(np.log(total) - special.xlogy(counts, counts).sum(axis=-1) / total)


def miller_madow(counts: FloatArray, **_: Any) -> FloatArray:
    """Plug-in plus ``(m - 1) / (2N)``, m the number of categories seen (Miller 1955)."""
    observed = np.count_nonzero(counts, axis=-1)
    return np.asarray(plugin(counts) + (observed - 1) / (2 * _totals(counts)))


def plugin_leave_one_out(counts: FloatArray) -> FloatArray:
    """Plug-in entropy with one sample removed from each category (1-D counts, N >= 2).

    Entry i is the plug-in entropy of the counts with ``counts[i] - 1`` in place of
    ``counts[i]``, from the sum ``S = sum(n log n)`` updated in O(1) per category.
    """
    total = counts.sum()
    xlogx_sum = special.xlogy(counts, counts).sum()
    fewer = counts - 1
    updated = xlogx_sum - special.xlogy(counts, counts) + special.xlogy(fewer, fewer)
    return np.asarray(math.log(total - 1) - updated / (total - 1), dtype=np.float64)


def _jackknife_shift(counts: FloatArray) -> FloatArray:
    """``h(n) = 1 + (n - 1) log(1 - 1/n)``, the O(1/n) part of one leave-one-out (h(1) = 1).

    For large n the closed form loses every digit to cancellation, so it is summed as the
    series ``h(n) = sum_k n^-k / (k (k + 1))``, whose sixth term is below 1e-18 for n > 1e3.
    """
    safe = np.where(counts > 0, counts, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = 1.0 + (safe - 1.0) * np.log1p(-1.0 / safe)
    inverse = 1.0 / safe
    series = np.zeros_like(inverse)
    for k in range(6, 0, -1):  # Horner form of sum_k inverse^k / (k (k + 1))
        series = inverse * (1.0 / (k * (k + 1)) + series)
    return np.asarray(np.where(safe > 1e3, series, np.where(safe == 1, 1.0, exact)))


def jackknife(counts: FloatArray, **_: Any) -> FloatArray:
    """Jackknife-corrected plug-in: ``N H - (N-1)/N sum_j H_(-j)`` (Zahl 1977).

    Computed in the equivalent form ``H + sum_i (n_i / N) h(n_i) - h(N)`` with
    ``h(n) = 1 + (n - 1) log(1 - 1/n)`` (the ``log(n_i / N) + H`` terms of the leave-one-out
    differences average to zero exactly), so that no O(N) multiples of entropies are
    subtracted: the textbook form loses all digits at counts near 1e12.
    """
    total = _totals(counts)
    full = plugin(counts)
    with np.errstate(divide="ignore", invalid="ignore"):  # N = 0 rows
        weights = np.where(total[..., None] > 0, counts / total[..., None], 0.0)
    correction = (weights * _jackknife_shift(counts)).sum(axis=-1) - _jackknife_shift(total)
    return np.asarray(np.where(total > 1, full + correction, full), dtype=np.float64)


def jackknife_combination(table: Table, terms: list[TermCounts]) -> tuple[float, float]:
    """Jackknifed plug-in combination of the entropies `terms` of `table`, and its standard error.

    The combination (e.g. ``H(X) + H(Y) - H(X, Y)``) is jackknifed as a whole, over the
    samples of `table`: the `jackknife` kernel of a single entropy up to summation order,
    with the jackknife variance of the combination as its standard error.

    Each leave-one-out shift is formed directly, never as a difference of O(N) multiples of
    entropies (which loses every digit at counts near 1e12): removing one sample from a
    group of count m out of N moves that term's plug-in entropy H by
    ``(h(N) - h(m) + log(m / N) + H) / (N - 1)`` exactly, with `_jackknife_shift` h.
    """
    total = float(table.n_samples)
    if total <= 1:
        full = sum(term.sign * float(plugin(term.counts[None, :])[0]) for term in terms)
        return full, 0.0
    # (N - 1) * (combination without one sample of cell c - combination), per cell
    scaled_shift = np.zeros(table.counts.size)
    full = 0.0
    total_shift = float(_jackknife_shift(np.array([total]))[0])
    for term in terms:
        counts = term.counts.astype(np.float64)
        entropy = float(plugin(counts[None, :])[0])
        positive = np.where(counts > 0, counts, 1.0)
        group_shift = total_shift - _jackknife_shift(counts) + np.log(positive / total) + entropy
        scaled_shift += term.sign * group_shift[term.groups]
        full += term.sign * entropy
    weights = table.counts.astype(np.float64) / total
    mean_shift = float(weights @ scaled_shift)
    value = full - mean_shift
    variance = float(weights @ (scaled_shift - mean_shift) ** 2) / (total - 1)
    return value, math.sqrt(max(variance, 0.0))


def _grassberger_g(counts: FloatArray) -> FloatArray:
    """G(n) = psi(n) + (-1)^n / 2 * (psi((n+1)/2) - psi(n/2)), Eq. (35) of Grassberger (2003)."""
    safe = np.where(counts > 0, counts, 1.0)
    sign = np.where(np.mod(safe, 2) == 0, 1.0, -1.0)
    return np.asarray(
        special.digamma(safe)
        + 0.5 * sign * (special.digamma((safe + 1) / 2) - special.digamma(safe / 2))
    )


def grassberger(counts: FloatArray, **_: Any) -> FloatArray:
    """``log N - sum(n G(n)) / N`` (Grassberger 2003)."""
    total = _totals(counts)
    return np.asarray(np.log(total) - (counts * _grassberger_g(counts)).sum(axis=-1) / total)


def chao_shen(counts: FloatArray, **_: Any) -> FloatArray:
    """Coverage-adjusted Horvitz–Thompson estimator (Chao & Shen 2003).

    Each row is `chao_shen_weighted` with every drawn category of multiplicity 1.
    """
    counts = np.asarray(counts, dtype=np.float64)
    return chao_shen_weighted(counts, (counts > 0).astype(np.float64))


def _chao_wang_jost_tail(n_samples: float, a: float) -> float:
    """(1-A)^(1-N) * (-log A - sum_{r=1}^{N-1} (1-A)^r / r), without cancellation.

    The bracket is the tail ``sum_{r>=N} z^r / r`` of ``-log(1 - z)``, z = 1 - A, so the
    whole term equals ``z * integral_0^1 u^(N-1) / (1 - z u) du``; with ``u = exp(-s/N)``
    that is ``(z/N) * integral_0^inf exp(-s) / (1 - z exp(-s/N)) ds``, integrated with
    break points at the scale ``-N log z`` where the integrand changes.
    """
    log_z = math.log1p(-a)

    def integrand(s: float) -> float:
        return math.exp(-s) / -math.expm1(log_z - s / n_samples)

    scale = min(max(-n_samples * log_z, 1e-300), 1.0)
    edges = [0.0]
    while scale < 1.0:
        edges.append(scale)
        scale *= 10.0
    edges.append(1.0)
    pieces = [
        integrate.quad(integrand, low, high, epsabs=0.0, epsrel=1e-12, limit=200)[0]
        for low, high in itertools.pairwise(edges)
    ]
    tail = integrate.quad(integrand, 1.0, math.inf, epsabs=0.0, epsrel=1e-12, limit=200)[0]
    return math.exp(log_z) * (math.fsum(pieces) + float(tail)) / n_samples


def chao_wang_jost(counts: FloatArray, **_: Any) -> FloatArray:
    r"""Chao, Wang & Jost (2013) entropy estimator.

    ``sum_{1<=n_i<=N-1} n_i/N (psi(N) - psi(n_i)) + f1/N (1-A)^(1-N) (-log A -
    sum_{r=1}^{N-1} (1-A)^r / r)`` with ``A = 2 f2 / ((N-1) f1 + 2 f2)``, or
    ``2 / ((N-1)(f1-1) + 2)`` when f2 = 0 < f1, or 1 (no correction) when f1 = 0.
    """
    counts2d = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    results = chao_wang_jost_weighted(counts2d, (counts2d > 0).astype(np.float64))
    return results.reshape(np.shape(counts)[:-1])


def chao_shen_weighted(values: FloatArray, multiplicities: FloatArray) -> FloatArray:
    """`chao_shen` of rows given as distinct count `values` with their `multiplicities`.

    Row r holds ``multiplicities[r, j]`` categories of count ``values[r, j]``; the result is
    `chao_shen` of the expanded counts, at a cost set by the number of distinct values.
    """
    total = (values * multiplicities).sum(axis=-1, keepdims=True)
    singletons = (multiplicities * (values == 1)).sum(axis=-1, keepdims=True)
    singletons = np.where(singletons == total, total - 1, singletons)  # keep coverage > 0
    coverage = 1 - singletons / total
    present = (values > 0) & (multiplicities > 0)
    safe = np.where(present, coverage * values / total, 0.5)
    with np.errstate(divide="ignore"):  # p = 1 (one category): (1 - p)^N = 0
        seen_probability = -np.expm1(total * np.log1p(-safe))
    terms = np.where(present, multiplicities * -safe * np.log(safe) / seen_probability, 0.0)
    return np.asarray(terms.sum(axis=-1), dtype=np.float64)


def chao_wang_jost_weighted(values: FloatArray, multiplicities: FloatArray) -> FloatArray:
    """`chao_wang_jost` of rows given as distinct count `values` with their `multiplicities`.

    The tail term is computed once per distinct ``(N, A)`` among the rows.
    """
    total = (values * multiplicities).sum(axis=-1)
    middle = (multiplicities > 0) & (values >= 1) & (values <= total[:, None] - 1)
    safe = np.where(middle, values, 1.0)
    digammas = special.digamma(total)[:, None] - special.digamma(safe)
    result = np.where(middle, multiplicities * safe * digammas, 0.0).sum(axis=-1) / total
    f1 = (multiplicities * (values == 1)).sum(axis=-1)
    f2 = (multiplicities * (values == 2)).sum(axis=-1)
    tails: dict[tuple[float, float], float] = {}
    for row in range(result.size):
        n, ones, twos = float(total[row]), float(f1[row]), float(f2[row])
        if twos > 0:
            a = 2 * twos / ((n - 1) * ones + 2 * twos)
        elif ones > 0:
            a = 2 / ((n - 1) * (ones - 1) + 2)
        else:
            a = 1.0
        if ones > 0 and a < 1:
            if (n, a) not in tails:
                tails[n, a] = _chao_wang_jost_tail(n, a)
            result[row] += ones / n * tails[n, a]
    return np.asarray(result, dtype=np.float64)


def _alphabet(
    counts: FloatArray, alphabet_size: float | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Which columns belong to the alphabet, its size, and the categories beyond the columns.

    With K known every column is a category and ``K - n_columns`` more were never drawn.
    With K unknown the alphabet is the categories drawn in each row (zero columns of a
    bootstrap replicate are not categories), and nothing lies beyond.
    """
    if alphabet_size is None:
        member = (counts > 0).astype(np.float64)
        size = member.sum(axis=-1)
        return member, size, np.zeros_like(size)
    member = np.ones_like(counts)
    size = np.full(counts.shape[:-1], float(alphabet_size))
    return member, size, size - counts.shape[-1]


def james_stein(counts: FloatArray, *, alphabet_size: float | None = None, **_: Any) -> FloatArray:
    """Entropy of the James–Stein shrinkage of frequencies to uniform (Hausser & Strimmer 2009).

    The target is uniform over K = `alphabet_size` categories, or over the categories
    observed when K is unknown.
    """
    member, size, hidden = _alphabet(counts, alphabet_size)
    total = _totals(counts)[..., None]
    frequencies = counts / total
    target = (1.0 / size)[..., None]
    spread = (member * (target - frequencies) ** 2).sum(axis=-1) + hidden * target[..., 0] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        shrinkage = (1 - (frequencies**2).sum(axis=-1)) / ((total[..., 0] - 1) * spread)
    shrinkage = np.where(np.isfinite(shrinkage), np.clip(shrinkage, 0.0, 1.0), 1.0)
    shrunk = member * (shrinkage[..., None] * target + (1 - shrinkage[..., None]) * frequencies)
    hidden_mass = shrinkage * target[..., 0]
    return np.asarray(
        -special.xlogy(shrunk, shrunk).sum(axis=-1)
        - hidden * special.xlogy(hidden_mass, hidden_mass),
        dtype=np.float64,
    )


def trigamma(x: FloatArray) -> FloatArray:
    """ψ₁(x) for x > 0: the asymptotic series from 20 on (error < 1e-16), `polygamma` below."""
    x = np.asarray(x, dtype=np.float64)
    large = x >= 20
    inverse = 1 / np.where(large, x, 20.0)
    inverse2 = inverse * inverse
    # 1/x + 1/(2x²) + Σ_k B_2k / x^(2k+1), Bernoulli numbers 1/6, -1/30, 1/42, -1/30, 5/66
    tail = 1 / 6 + inverse2 * (
        -1 / 30 + inverse2 * (1 / 42 + inverse2 * (-1 / 30 + inverse2 * 5 / 66))
    )
    series = inverse + inverse2 / 2 + inverse * inverse2 * tail
    if large.all():
        return np.asarray(series)
    result = np.asarray(series, dtype=np.float64)
    result[~large] = special.polygamma(1, x[~large])  # only where the series does not hold
    return result


def mixture_moments(
    weights: FloatArray, means: FloatArray, variances: FloatArray
) -> tuple[float, float]:
    """Mean and standard deviation of a mixture with these weights and component moments.

    The posterior of the entropy in the NSB and PYM estimators is such a mixture over the
    quadrature nodes of their hyperparameters (law of total variance).
    """
    mean = float(np.sum(weights * means))
    second = float(np.sum(weights * (variances + means**2)))
    return mean, math.sqrt(max(second - mean**2, 0.0))


def normal_mixture_quantiles(
    weights: FloatArray, means: FloatArray, stds: FloatArray, probabilities: tuple[float, ...]
) -> list[float]:
    """Quantiles of a mixture of normals (weights summing to 1), by Brent's method.

    Each component's standard deviation is floored at 1e-12 so that a point mass still has a
    continuous distribution function; the roots are bracketed 12 standard deviations beyond
    the outermost components.
    """
    stds = np.maximum(stds, 1e-12)

    def cdf(x: float) -> float:
        return float(weights @ special.ndtr((x - means) / stds))

    low = float(np.min(means - 12 * stds))
    high = float(np.max(means + 12 * stds))
    return [
        float(optimize.brentq(lambda x, q=q: cdf(x) - q, low, high, xtol=1e-10))
        for q in probabilities
    ]


def dirichlet_posterior_moments(
    values: FloatArray, multiplicities: FloatArray, concentration: FloatArray
) -> tuple[FloatArray, FloatArray]:
    r"""Posterior mean and variance of the entropy under a symmetric Dirichlet prior.

    Parameters
    ----------
    values, multiplicities : arrays of shape (..., n_distinct)
        Distinct counts (zero allowed) and how many categories have each count.
    concentration : array broadcastable to (...)
        Concentration ``a`` of the prior, per row.

    Notes
    -----
    With :math:`\alpha_i = n_i + a` and :math:`A = \sum_i \alpha_i` (Wolpert & Wolf 1995):

    .. math:: E[H] = \psi(A + 1) - \sum_i \frac{\alpha_i}{A}\psi(\alpha_i + 1)

    and :math:`E[H^2] A (A+1) = \sum_{i \ne k} \alpha_i\alpha_k [u_i u_k - \psi_1(A+2)]
    + \sum_i \alpha_i(\alpha_i+1)[(\psi(\alpha_i+2) - \psi(A+2))^2 + \psi_1(\alpha_i+2)
    - \psi_1(A+2)]` with :math:`u_i = \psi(\alpha_i+1) - \psi(A+2)`.
    """
    a = np.asarray(concentration, dtype=np.float64)[..., None]
    alpha = values + a
    total = (multiplicities * alpha).sum(axis=-1)
    psi_alpha = special.digamma(alpha + 1)
    mean = special.digamma(total + 1) - (multiplicities * alpha * psi_alpha).sum(axis=-1) / total
    psi_total = special.digamma(total + 2)[..., None]
    trigamma_total = trigamma(total + 2)
    shifted = psi_alpha - psi_total
    weighted = (multiplicities * alpha * shifted).sum(axis=-1)
    squares = (multiplicities * alpha**2).sum(axis=-1)
    cross = (
        weighted**2
        - (multiplicities * alpha**2 * shifted**2).sum(axis=-1)
        - trigamma_total * (total**2 - squares)
    )
    diagonal = (
        multiplicities
        * alpha
        * (alpha + 1)
        * (
            (shifted + 1 / (alpha + 1)) ** 2  # ψ(α + 2) = ψ(α + 1) + 1/(α + 1)
            + trigamma(alpha + 2)
            - trigamma_total[..., None]
        )
    ).sum(axis=-1)
    second = (cross + diagonal) / (total * (total + 1))
    variance = np.maximum(second - mean**2, 0.0)
    return mean, variance


def dirichlet(
    counts: FloatArray,
    *,
    alphabet_size: float | None = None,
    concentration: float = 0.5,
    **_: Any,
) -> FloatArray:
    """Posterior mean of the entropy under a symmetric Dirichlet(a) prior over K categories.

    K is `alphabet_size`, or the number of categories observed when it is unknown.
    """
    member, _size, hidden = _alphabet(counts, alphabet_size)
    values = np.concatenate([counts, np.zeros((*counts.shape[:-1], 1))], axis=-1)
    multiplicities = np.concatenate([member, hidden[..., None]], axis=-1)
    mean, _variance = dirichlet_posterior_moments(values, multiplicities, np.asarray(concentration))
    return mean
