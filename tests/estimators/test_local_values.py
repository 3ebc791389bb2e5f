"""Local (pointwise) values: their mean is the estimate, and they are the textbook terms."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import infokit as ik
from infokit.errors import InvalidParameterError
from infokit.results import Estimate


def _labels(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, n)
    y = (x + rng.integers(0, 2, n)) % 3
    z = rng.integers(0, 2, n)
    return x, y, z


def test_plugin_local_mutual_information_is_the_log_ratio_of_frequencies() -> None:
    x, y, _ = _labels()
    estimate = ik.estimate_mutual_information(x, y, method="plugin", base=2, local=True)
    n = len(x)
    joint = {(a, b): np.sum((x == a) & (y == b)) / n for a, b in set(zip(x, y, strict=True))}
    px = {a: np.mean(x == a) for a in set(x)}
    py = {b: np.mean(y == b) for b in set(y)}
    expected = np.array(
        [math.log2(joint[a, b] / (px[a] * py[b])) for a, b in zip(x, y, strict=True)]
    )
    assert estimate.local_values == pytest.approx(expected, abs=1e-12)
    assert estimate.local_values.mean() == pytest.approx(estimate.value, abs=1e-12)


def test_plugin_local_entropy_is_the_surprisal() -> None:
    x, _, _ = _labels()
    estimate = ik.estimate_entropy(x, method="plugin", local=True)
    frequency = np.bincount(x)[x] / len(x)
    assert estimate.local_values == pytest.approx(-np.log(frequency), abs=1e-14)


@pytest.mark.parametrize(
    "call",
    [
        lambda x, y, z: ik.estimate_entropy(x, local=True),
        lambda x, y, z: ik.estimate_joint_entropy(x, y, local=True),
        lambda x, y, z: ik.estimate_conditional_entropy(x, y, local=True),
        lambda x, y, z: ik.estimate_mutual_information(x, y, local=True),
        lambda x, y, z: ik.estimate_conditional_mutual_information(x, y, z, local=True),
        lambda x, y, z: ik.estimate_total_correlation(x, y, z, local=True),
        lambda x, y, z: ik.estimate_o_information(x, y, z, local=True),
        lambda x, y, z: ik.estimate_co_information(x, y, z, local=True),
    ],
)
def test_discrete_auto_uses_the_plugin_and_the_mean_is_the_estimate(
    call: Callable[..., Estimate],
) -> None:
    estimate = call(*_labels())
    assert estimate.method == "plugin"
    assert estimate.local_values.shape == (600,)
    assert estimate.local_values.mean() == pytest.approx(estimate.value, abs=1e-12)


def _continuous(n: int = 1500, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = x + rng.normal(size=n)
    return x, y, x - 0.5 * y + rng.normal(size=n)


@pytest.mark.parametrize("method", ["ksg", "ksg2", "mixed_ksg"])
def test_knn_mutual_information_local_values(method: str) -> None:
    x, y, _ = _continuous()
    estimate = ik.estimate_mutual_information(x, y, method=method, local=True, rng=0, base=2)
    assert estimate.local_values.shape == (1500,)
    assert estimate.local_values.mean() == pytest.approx(estimate.value, abs=1e-12)


def test_ksg_local_terms_are_the_digamma_formula() -> None:
    from scipy.special import digamma

    x, y, _ = _continuous(400)
    estimate = ik.estimate_mutual_information(x, y, method="ksg", local=True, rng=0)
    points = np.column_stack([(x - x.mean()) / x.std(), (y - y.mean()) / y.std()])
    gaps = np.abs(points[:, None, :] - points[None, :, :])
    joint = gaps.max(axis=2)
    np.fill_diagonal(joint, np.inf)
    radius = np.sort(joint, axis=1)[:, 2]  # k = 3
    n_x = (gaps[:, :, 0] < radius[:, None]).sum(axis=1) - 1
    n_y = (gaps[:, :, 1] < radius[:, None]).sum(axis=1) - 1
    expected = digamma(3) + digamma(400) - digamma(n_x + 1) - digamma(n_y + 1)
    # standardisation uses the sample std with ddof=1 in infokit: the ranks of distances,
    # and so the counts, are unchanged by a common scale per column
    assert estimate.local_values == pytest.approx(expected, abs=1e-10)


def test_other_continuous_local_values() -> None:
    x, y, z = _continuous()
    labels = (x > 0).astype(int)
    checks = [
        ik.estimate_entropy(x, method="kozachenko_leonenko", local=True),
        ik.estimate_entropy(x, method="vasicek", local=True),
        ik.estimate_mutual_information(labels, y, local=True, rng=0),  # ross
        ik.estimate_conditional_mutual_information(x, y, z, method="ksg", local=True, rng=0),
        ik.estimate_o_information(np.column_stack([x, y, z]), method="ksg", local=True, rng=0),
    ]
    assert checks[2].method == "ross"
    for estimate in checks:
        assert estimate.local_values.shape == (1500,)
        assert estimate.local_values.mean() == pytest.approx(estimate.value, abs=1e-12)


def test_a_constant_variable_gives_zero_local_values() -> None:
    estimate = ik.estimate_mutual_information(
        np.ones(50), np.arange(50.0), method="ksg", local=True
    )
    assert estimate.value == 0
    assert np.array_equal(estimate.local_values, np.zeros(50))


def test_local_values_are_off_by_default_and_refused_by_non_pointwise_methods() -> None:
    x, y, _ = _continuous()
    assert ik.estimate_mutual_information(x, y, rng=0).local_values is None
    for method in ("miller_madow", "nsb", "gaussian_copula", "gaussian"):
        with pytest.raises(InvalidParameterError, match="pointwise"):
            ik.estimate_mutual_information(x, y, method=method, local=True)
    with pytest.raises(InvalidParameterError, match="`local` must be"):
        ik.estimate_entropy(x, local="yes")  # type: ignore[arg-type]
