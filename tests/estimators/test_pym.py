"""Tests of the Pitman–Yor mixture (PYM) entropy estimator (`infokit.estimators.discrete.pym`)."""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter

import numpy as np
import pytest
from scipy import optimize, special

from infokit.errors import InvalidDistributionError, InvalidParameterError, SmallSampleWarning
from infokit.estimators._frontends import estimate_entropy, estimate_mutual_information
from infokit.estimators.discrete.engine import estimate_entropy_from_counts
from infokit.estimators.discrete.methods import chao_wang_jost
from infokit.estimators.discrete.pym import (
    _log_rising,
    pitman_yor_log_evidence,
    pitman_yor_moments,
    pitman_yor_prior_moments,
    pym_log_prior,
    pym_posterior,
)


def _multiplicities(counts: list[int]) -> tuple[np.ndarray, np.ndarray]:
    values, multiplicity = np.unique(np.asarray(counts, dtype=float), return_counts=True)
    return values, multiplicity.astype(float)


def _stick_breaking(
    rng: np.random.Generator, discount: float, concentration: float, draws: int, sticks: int
) -> np.ndarray:
    """Weights of a PY(discount, concentration) process, truncated after `sticks` sticks."""
    k = np.arange(1, sticks + 1)
    v = rng.beta(1 - discount, concentration + k * discount, size=(draws, sticks))
    log_left = np.cumsum(np.log1p(-v), axis=1)
    left = np.exp(np.concatenate([np.zeros((draws, 1)), log_left[:, :-1]], axis=1))
    return np.asarray(v * left)


def _entropy_rows(p: np.ndarray) -> np.ndarray:
    return np.asarray(-special.xlogy(p, p).sum(axis=1))


@pytest.mark.parametrize(
    ("counts", "concentration", "discount"),
    [([5, 3, 1, 1, 2, 7, 1], 2.0, 0.2), ([1, 1, 2, 4], 0.7, 0.5), ([10, 1], 5.0, 0.0)],
)
def test_posterior_moments_match_monte_carlo(
    counts: list[int], concentration: float, discount: float
) -> None:
    # The posterior process: Dir(n_1 - d, ..., n_m - d, α + m d) over the seen categories and
    # the rest, the rest shared out by an independent PY(d, α + m d), sampled by stick-breaking.
    rng = np.random.default_rng(7)
    draws, sticks = 4000, 2000
    m = len(counts)
    star = concentration + m * discount
    dirichlet = rng.dirichlet(np.append(np.asarray(counts, float) - discount, star), size=draws)
    rest = _entropy_rows(_stick_breaking(rng, discount, star, draws, sticks))
    entropy = _entropy_rows(dirichlet) + dirichlet[:, -1] * rest
    values, multiplicities = _multiplicities(counts)
    mean, variance = pitman_yor_moments(
        values, multiplicities, np.array([concentration]), np.array([discount])
    )
    standard_error = entropy.std() / math.sqrt(draws)
    assert abs(mean[0] - entropy.mean()) < 4 * standard_error
    # The sample sd of a near-normal variable has a relative error of 1 / sqrt(2 draws).
    assert abs(math.sqrt(variance[0]) / entropy.std() - 1) < 4 / math.sqrt(2 * draws)


@pytest.mark.parametrize(("concentration", "discount"), [(2.0, 0.2), (0.5, 0.4), (3.0, 0.0)])
def test_prior_moments_match_monte_carlo(concentration: float, discount: float) -> None:
    rng = np.random.default_rng(11)
    draws = 4000
    entropy = _entropy_rows(_stick_breaking(rng, discount, concentration, draws, 1500))
    mean, variance = pitman_yor_prior_moments(np.array([concentration]), np.array([discount]))
    assert abs(mean[0] - entropy.mean()) < 4 * entropy.std() / math.sqrt(draws)
    assert abs(math.sqrt(variance[0]) / entropy.std() - 1) < 4 / math.sqrt(2 * draws)


def test_posterior_mean_by_hand() -> None:
    # counts (1, 1, 2), α = 1, d = 0.5: a_i = (0.5, 0.5, 1.5), a_* = 1 + 3 * 0.5, A = 5.
    expected = (
        special.digamma(6)
        - (2 * 0.5 * special.digamma(1.5) + 1.5 * special.digamma(2.5)) / 5
        - 2.5 / 5 * special.digamma(0.5)
    )
    mean, _ = pitman_yor_moments(
        np.array([1.0, 2.0]), np.array([2.0, 1.0]), np.array([1.0]), np.array([0.5])
    )
    assert mean[0] == pytest.approx(expected, rel=1e-13)
    assert mean[0] == pytest.approx(2.469627694453224, rel=1e-13)


def test_zero_discount_is_the_dirichlet_process_posterior_mean() -> None:
    # d = 0: E[H] = ψ(N + α + 1) - Σ n_i ψ(n_i + 1) / (N + α) - α ψ(1) / (N + α).
    counts = np.array([4.0, 1.0, 1.0, 3.0, 9.0])
    total, alpha = counts.sum(), 2.5
    expected = (
        special.digamma(total + alpha + 1)
        - (counts * special.digamma(counts + 1)).sum() / (total + alpha)
        - alpha * special.digamma(1) / (total + alpha)
    )
    values, multiplicities = _multiplicities([4, 1, 1, 3, 9])
    mean, _ = pitman_yor_moments(values, multiplicities, np.array([alpha]), np.array([0.0]))
    assert mean[0] == pytest.approx(expected, rel=1e-13)


def test_reference_implementation_value() -> None:
    # DiscreteEntropy.jl (test/estimator_test.jl, checked there against the authors' MATLAB
    # code, pillowlab/PYMentropy) gives PYM = 2.674 (3 digits) for the counts (1, 2, 3, 2, 1).
    # That code weights (α, d) by q(γ) alone (no Jacobian: not flat in the prior mean
    # entropy, unlike `pym_log_prior`) and integrates with 25 x 25 Gauss–Legendre nodes on
    # the box MAP ± 6 sqrt(diag(inverse Hessian)) in (α, d). Re-doing that rule with our
    # evidence and conditional moments reproduces its value.
    values, multiplicities = _multiplicities([1, 2, 3, 2, 1])

    def log_q(alpha: np.ndarray, discount: np.ndarray) -> np.ndarray:
        from_alpha = special.digamma(alpha + 1) - special.digamma(1.0)
        h = from_alpha + special.digamma(1.0) - special.digamma(1 - discount)
        return np.asarray(-h / (0.1 * from_alpha))

    def negative_log_posterior(point: np.ndarray) -> float:
        alpha, discount = np.array([point[0]]), np.array([point[1]])
        evidence = pitman_yor_log_evidence(values, multiplicities, alpha, discount)
        return -float(evidence[0] + log_q(alpha, discount)[0])

    found = optimize.minimize(
        negative_log_posterior,
        np.array([1.0, 0.01]),
        method="L-BFGS-B",
        bounds=[(1e-10, None), (0.0, 1 - 1e-10)],
        options={"ftol": 1e-15, "gtol": 1e-12},
    )
    mode = found.x
    steps = np.array([1e-4 * mode[0], 1e-5])
    hessian = np.empty((2, 2))
    for i, j in itertools.product(range(2), range(2)):
        e_i, e_j = np.eye(2)[i] * steps[i], np.eye(2)[j] * steps[j]
        hessian[i, j] = (
            negative_log_posterior(mode + e_i + e_j)
            - negative_log_posterior(mode + e_i - e_j)
            - negative_log_posterior(mode - e_i + e_j)
            + negative_log_posterior(mode - e_i - e_j)
        ) / (4 * steps[i] * steps[j])
    half_widths = 6 * np.sqrt(np.diag(np.linalg.inv(hessian)))
    eps = np.finfo(float).eps
    alpha_box = (max(mode[0] - half_widths[0], eps), mode[0] + half_widths[0])
    discount_box = (max(mode[1] - half_widths[1], eps), min(mode[1] + half_widths[1], 1 - eps))
    nodes, weights = np.polynomial.legendre.leggauss(25)
    alphas = alpha_box[0] + (alpha_box[1] - alpha_box[0]) * (nodes + 1) / 2
    discounts = discount_box[0] + (discount_box[1] - discount_box[0]) * (nodes + 1) / 2
    grid_alpha, grid_discount = (g.ravel() for g in np.meshgrid(alphas, discounts, indexing="ij"))
    log_evidence = pitman_yor_log_evidence(values, multiplicities, grid_alpha, grid_discount)
    mass = (
        np.exp(log_evidence - log_evidence.max() + log_q(grid_alpha, grid_discount))
        * np.outer(weights, weights).ravel()
    )
    means, _ = pitman_yor_moments(values, multiplicities, grid_alpha, grid_discount)
    assert round(float((mass * means).sum() / mass.sum()), 3) == 2.674
    # Our prior, flat in the prior mean entropy, integrated over the whole posterior, gives
    # less: see `test_quadrature_against_a_dense_grid` for the value.
    posterior = pym_posterior(np.array([1.0, 2, 3, 2, 1]))
    assert posterior is not None
    assert posterior.mean < 2.4


@pytest.mark.parametrize("counts", [[5, 3, 1, 1, 2, 7, 1], [1, 2, 3, 2, 1], [10], [4, 4, 1, 2]])
def test_quadrature_against_a_dense_grid(counts: list[int]) -> None:
    # The same posterior integrated by the trapezoidal rule on 600 x 600 points covering the
    # whole parameter range: log α in [-25, 20] and d = (1 - 1e-6) t^2, t in [0, 1].
    values, multiplicities = _multiplicities(counts)
    u = np.linspace(-25.0, 20.0, 600)
    t = np.linspace(0.0, 1.0, 600)
    grid_u, grid_t = (g.ravel() for g in np.meshgrid(u, t, indexing="ij"))
    grid_d = (1 - 1e-6) * grid_t**2
    log_post = pym_log_prior(grid_u, grid_d) + pitman_yor_log_evidence(
        values, multiplicities, np.exp(grid_u), grid_d
    )
    weights = np.exp(log_post - log_post.max()) * grid_t  # dd = 2 (1 - 1e-6) t dt
    edge = (grid_u == u[0]) | (grid_u == u[-1])
    weights = weights * np.where(edge, 0.5, 1.0) * np.where(grid_t == 1.0, 0.5, 1.0)
    keep = weights > 1e-18 * weights.max()
    means, variances = pitman_yor_moments(
        values, multiplicities, np.exp(grid_u[keep]), grid_d[keep]
    )
    weights = weights[keep] / weights[keep].sum()
    mean = float(weights @ means)
    std = math.sqrt(float(weights @ (variances + means**2)) - mean**2)
    posterior = pym_posterior(np.asarray(counts, dtype=float))
    assert posterior is not None
    assert posterior.mean == pytest.approx(mean, abs=1e-4)
    assert posterior.std == pytest.approx(std, abs=1e-4)


def _integer_partitions(n: int, largest: int | None = None) -> list[list[int]]:
    largest = n if largest is None else largest
    if n == 0:
        return [[]]
    return [
        [first, *rest]
        for first in range(min(n, largest), 0, -1)
        for rest in _integer_partitions(n - first, first)
    ]


@pytest.mark.parametrize(("concentration", "discount"), [(1.0, 0.5), (0.3, 0.0), (7.0, 0.9)])
def test_evidence_sums_to_one_over_set_partitions(concentration: float, discount: float) -> None:
    # The EPPF is the probability of one set partition of N items; the number of set
    # partitions with block sizes n_1..n_m is N! / (Π n_i! Π_j (multiplicity of size j)!).
    size = 6
    total = 0.0
    for blocks in _integer_partitions(size):
        values, multiplicities = _multiplicities(blocks)
        log_p = pitman_yor_log_evidence(
            values, multiplicities, np.array([concentration]), np.array([discount])
        )[0]
        ways = math.factorial(size)
        for block in blocks:
            ways //= math.factorial(block)
        for repeat in Counter(blocks).values():
            ways //= math.factorial(repeat)
        total += ways * math.exp(log_p)
    assert total == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("terms", [1.0, 10.0, 999.0])
@pytest.mark.parametrize(
    ("alpha", "discount"), [(3.0, 0.0), (1e6, 1e-3), (1e5, 0.5), (0.5, 0.9), (2.0, 1e-12)]
)
def test_log_rising_factorial_against_the_sum(alpha: float, discount: float, terms: float) -> None:
    direct = math.fsum(math.log(alpha + i * discount) for i in range(1, int(terms) + 1))
    value = _log_rising(np.array([alpha]), np.array([discount]), terms)[0]
    assert value == pytest.approx(direct, rel=1e-12, abs=1e-9)


def test_converges_to_the_entropy_of_a_power_law() -> None:
    # p_k = k^-2 / ζ(2) on k = 1, 2, ... (numpy's Zipf sampler): H = log ζ(2) - 2 ζ'(2) / ζ(2)
    # with ζ'(2) = -0.93754825431584375 (DLMF 25.6.12 gives it via the Glaisher constant).
    zeta2 = math.pi**2 / 6
    truth = math.log(zeta2) + 2 * 0.93754825431584375 / zeta2
    rng = np.random.default_rng(3)
    errors = []
    for size in (300, 3000, 30000):
        values = []
        for _ in range(4):
            _, counts = np.unique(rng.zipf(2.0, size=size), return_counts=True)
            posterior = pym_posterior(counts.astype(float))
            assert posterior is not None
            values.append(posterior.mean)
        errors.append(abs(float(np.mean(values)) - truth))
    assert errors[2] < errors[0]
    assert errors[2] < 0.03


def test_public_functions_report_the_posterior() -> None:
    labels = np.repeat(np.arange(7), [5, 3, 1, 1, 2, 7, 1])
    counts = np.array([5.0, 3, 1, 1, 2, 7, 1])
    posterior = pym_posterior(counts)
    assert posterior is not None
    estimate = estimate_entropy(labels, method="pym", ci=0.9)
    from_counts = estimate_entropy_from_counts(counts, method="pym", ci=0.9)
    assert estimate.value == pytest.approx(posterior.mean, rel=1e-12)
    assert from_counts.value == pytest.approx(posterior.mean, rel=1e-12)
    assert estimate.std_error == pytest.approx(posterior.std, rel=1e-12)
    assert estimate.method == "pym"
    own, reference = estimate.details["own_interval"], estimate.details["reference_interval"]
    assert own == pytest.approx(posterior.interval(0.9))
    assert estimate.ci == (min(own[0], reference[0]), max(own[1], reference[1]))
    assert own[0] < estimate.value < own[1]
    assert estimate.details["ci_method"] == "posterior_equal_tailed"
    bits = estimate_entropy_from_counts(counts, method="pym", base="bits")
    assert bits.value == pytest.approx(posterior.mean / math.log(2), rel=1e-12)


def test_mutual_information_combines_posterior_means() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 6, 400)
    y = (x + rng.integers(0, 2, 400)) % 6
    estimate = estimate_mutual_information(x, y, method="pym", ci=0.95)
    means = []
    for codes in (x, y, x * 6 + y):
        posterior = pym_posterior(np.unique(codes, return_counts=True)[1].astype(float))
        assert posterior is not None
        means.append(posterior.mean)
    assert estimate.value == pytest.approx(means[0] + means[1] - means[2], rel=1e-10)
    z = float(special.ndtri(0.975))
    assert estimate.ci == pytest.approx(
        (estimate.value - z * estimate.std_error, estimate.value + z * estimate.std_error)
    )


def test_no_repeated_category_falls_back_to_chao_wang_jost() -> None:
    counts = np.ones(6)
    assert pym_posterior(counts) is None
    with pytest.warns(SmallSampleWarning, match="improper"):
        estimate = estimate_entropy_from_counts(counts, method="pym")
    assert estimate.value == pytest.approx(float(chao_wang_jost(counts[None, :])[0]))
    assert estimate.details["pym_fallback"] == "chao_wang_jost"


def test_alphabet_size_only_clips() -> None:
    counts = [3, 2, 2, 1, 1, 1, 1, 1]
    free = estimate_entropy_from_counts(counts, method="pym")
    assert free.value > math.log(8)  # the prior extrapolates a tail beyond the 8 seen
    with pytest.warns(SmallSampleWarning, match="clipped"):
        clipped = estimate_entropy_from_counts(counts, method="pym", alphabet_size=8)
    assert clipped.value == pytest.approx(math.log(8))
    roomy = estimate_entropy_from_counts(counts, method="pym", alphabet_size=10**6)
    assert roomy.value == free.value


@pytest.mark.parametrize(
    "counts",
    [
        [10],
        [2],
        [1, 2],
        [500, 1],
        list(range(1, 200)),
        [10**6, 3, 1],
    ],
)
def test_edge_cases_are_finite_and_quiet(counts: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        estimate = estimate_entropy_from_counts(counts, method="pym", ci=0.95)
    assert math.isfinite(estimate.value)
    assert estimate.value >= 0
    assert math.isfinite(estimate.std_error)
    assert estimate.std_error >= 0
    assert estimate.ci is not None
    assert all(math.isfinite(bound) for bound in estimate.ci)
    if counts == [10]:
        assert estimate.value < 0.2  # ten samples of one category: the entropy is near 0


def test_ten_thousand_categories() -> None:
    rng = np.random.default_rng(2)
    p = 1 / np.arange(1, 10**4 + 1)
    counts = rng.multinomial(10**5, p / p.sum())
    truth = float(-special.xlogy(p / p.sum(), p / p.sum()).sum())
    estimate = estimate_entropy_from_counts(counts, method="pym")
    assert abs(estimate.value - truth) < 0.1
    assert 0 < estimate.std_error < 0.05


@pytest.mark.parametrize(
    ("counts", "error"),
    [([3, -1, 2], InvalidDistributionError), ([1.5, 2], InvalidDistributionError)],
)
def test_bad_counts_go_through_the_shared_checks(
    counts: list[float], error: type[Exception]
) -> None:
    with pytest.raises(error, match="`counts`"):
        estimate_entropy_from_counts(counts, method="pym")


def test_alphabet_smaller_than_observed_is_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="`alphabet_size`"):
        estimate_entropy(np.array([0, 1, 2, 2]), method="pym", alphabet_size=2)


def test_integer_partitions_helper() -> None:
    # Sanity of the helper behind the EPPF test: p(6) = 11 partitions, each summing to 6.
    partitions = _integer_partitions(6)
    assert len(partitions) == 11
    assert all(sum(blocks) == 6 for blocks in partitions)
    assert len({tuple(blocks) for blocks in partitions}) == 11
    assert list(itertools.chain.from_iterable(_integer_partitions(1))) == [1]
