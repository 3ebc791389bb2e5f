"""Independent oracles for the bounds: each formula written out as plain Python sums over pairs.

They use `math` only (no vectorisation, no shared helper with infokit), so an indexing or
axis mistake in the library cannot be repeated here. Slow, so only for small matrices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

Matrix = Sequence[Sequence[float]]


def _pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(n) if i != j]


def infonce(f: Matrix) -> float:
    """(1/N) sum_j log(e^{f_jj} / ((1/N) sum_i e^{f_ij})): the x_i compete for each y_j."""
    n = len(f)
    return (
        sum(f[j][j] - math.log(sum(math.exp(f[i][j]) for i in range(n)) / n) for j in range(n)) / n
    )


def nwj(f: Matrix) -> float:
    n = len(f)
    joint = sum(f[i][i] for i in range(n)) / n
    return joint - sum(math.exp(f[i][j] - 1) for i, j in _pairs(n)) / (n * (n - 1))


def donsker_varadhan(f: Matrix) -> float:
    n = len(f)
    joint = sum(f[i][i] for i in range(n)) / n
    return joint - math.log(sum(math.exp(f[i][j]) for i, j in _pairs(n)) / (n * (n - 1)))


def tuba(f: Matrix, log_a: Sequence[float]) -> float:
    """1 + mean_i (f_ii - log a(y_i)) - mean_{i != j} e^{f_ij} / a(y_j)."""
    n = len(f)
    joint = sum(f[i][i] - log_a[i] for i in range(n)) / n
    return 1 + joint - sum(math.exp(f[i][j] - log_a[j]) for i, j in _pairs(n)) / (n * (n - 1))


def smile(f: Matrix, clip: float) -> float:
    n = len(f)
    joint = sum(f[i][i] for i in range(n)) / n
    clipped = [math.exp(min(max(f[i][j], -clip), clip)) for i, j in _pairs(n)]
    return joint - math.log(sum(clipped) / (n * (n - 1)))


def jensen_shannon_objective(f: Matrix) -> float:
    """Nowozin et al.'s JS bound: E_p[-softplus(-f)] - E_q[softplus(f)]."""
    n = len(f)
    joint = -sum(math.log1p(math.exp(-f[i][i])) for i in range(n)) / n
    return joint - sum(math.log1p(math.exp(f[i][j])) for i, j in _pairs(n)) / (n * (n - 1))


def club(log_q: Matrix) -> float:
    n = len(log_q)
    joint = sum(log_q[i][i] for i in range(n)) / n
    return joint - sum(log_q[i][j] for i in range(n) for j in range(n)) / n**2


def leave_one_out(log_q: Matrix) -> float:
    """(1/N) sum_j [log q(y_j|x_j) - log((1/(N-1)) sum_{i != j} q(y_j|x_i))]."""
    n = len(log_q)
    total = 0.0
    for j in range(n):
        others = sum(math.exp(log_q[i][j]) for i in range(n) if i != j) / (n - 1)
        total += log_q[j][j] - math.log(others)
    return total / n


def gaussian_log_ratio_scores(
    rng: np.random.Generator, mutual_information: float, *, n_batches: int, n: int, dim: int = 20
) -> np.ndarray:
    """Exact critic log p(y_j | x_i) - log p(y_j) on batches of the SMILE Gaussian task.

    x ~ N(0, I_d), y = rho x + sqrt(1 - rho^2) eps, componentwise correlation rho, so
    I(X; Y) = -(d / 2) log(1 - rho^2) nats (Song & Ermon 2020; Poole et al. 2019).
    Returns scores of shape (n_batches, n, n) with entry [b, i, j] for (x_i, y_j).
    """
    variance = math.exp(-2 * mutual_information / dim)  # 1 - rho^2
    rho = math.sqrt(1 - variance)
    x = rng.standard_normal((n_batches, n, dim))
    y = rho * x + math.sqrt(variance) * rng.standard_normal((n_batches, n, dim))
    residual = y[:, None, :, :] - rho * x[:, :, None, :]
    per_dimension = -0.5 * math.log(variance) - residual**2 / (2 * variance) + y[:, None] ** 2 / 2
    return per_dimension.sum(axis=-1)
