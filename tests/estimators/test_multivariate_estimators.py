"""Multivariate information from samples, Gaussian closed forms, and every multiplet at once."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik
from infokit.distributions import (
    gaussian_dual_total_correlation,
    gaussian_mutual_information,
    gaussian_o_information,
    gaussian_total_correlation,
)
from infokit.errors import InvalidParameterError, ShapeError
from infokit.estimators.continuous.uncertainty import kept_indices

# The covariance and its values in nats (TC, DTC, O-information).
COVARIANCE = np.array([[1.0, 0.4, 0.3], [0.4, 1.0, 0.2], [0.3, 0.2, 1.0]])
TRUTH = {"total": 0.138536, "dual": 0.122329, "o": 0.016207}


def _log_det(matrix: np.ndarray) -> float:
    return float(np.linalg.slogdet(matrix)[1])


def test_gaussian_closed_forms_reproduce_the_worked_values() -> None:
    assert float(gaussian_total_correlation(COVARIANCE)) == pytest.approx(TRUTH["total"], abs=5e-7)
    assert float(gaussian_dual_total_correlation(COVARIANCE)) == pytest.approx(
        TRUTH["dual"], abs=5e-7
    )
    assert float(gaussian_o_information(COVARIANCE)) == pytest.approx(TRUTH["o"], abs=5e-7)


def test_gaussian_closed_forms_against_entropies_of_blocks() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 5))
    covariance = a @ a.T + np.eye(5)
    groups = [[0], [1, 2], [3], [4]]
    everything = list(range(5))
    h = lambda idx: 0.5 * _log_det(covariance[np.ix_(idx, idx)])  # noqa: E731
    total = sum(h(g) for g in groups) - h(everything)
    rest = [[i for i in everything if i not in g] for g in groups]
    dual = sum(h(r) for r in rest) - (len(groups) - 1) * h(everything)
    assert float(gaussian_total_correlation(covariance, variables=groups)) == pytest.approx(
        total, rel=1e-12
    )
    assert float(gaussian_dual_total_correlation(covariance, variables=groups)) == pytest.approx(
        dual, rel=1e-12
    )
    assert float(gaussian_o_information(covariance, variables=groups)) == pytest.approx(
        total - dual, rel=1e-10
    )
    # two variables: all equal the mutual information, O-information 0
    mi = float(gaussian_mutual_information(covariance, [0, 1], [2, 3]))
    pair = [[0, 1], [2, 3]]
    assert float(gaussian_total_correlation(covariance, variables=pair)) == pytest.approx(mi)
    assert float(gaussian_dual_total_correlation(covariance, variables=pair)) == pytest.approx(mi)
    assert abs(float(gaussian_o_information(covariance, variables=pair))) < 1e-13


def test_gaussian_closed_forms_batch_and_convert_units() -> None:
    batch = np.stack([COVARIANCE, np.eye(3), 2 * COVARIANCE])
    values = np.asarray(gaussian_o_information(batch, base="bits"))
    assert values.shape == (3,)
    assert values[0] == pytest.approx(TRUTH["o"] / math.log(2), abs=1e-6)
    assert values[1] == 0.0
    assert values[2] == pytest.approx(values[0], rel=1e-12)  # scale-free


def test_gaussian_closed_forms_reject_bad_input() -> None:
    with pytest.raises(ShapeError, match="shape"):
        gaussian_total_correlation(np.ones(3))
    with pytest.raises(InvalidParameterError, match="share"):
        gaussian_o_information(COVARIANCE, variables=[[0, 1], [1, 2]])
    with pytest.raises(InvalidParameterError, match="at least two"):
        gaussian_dual_total_correlation(COVARIANCE, variables=[[0, 1, 2]])
    with pytest.raises(ValueError, match="positive definite"):
        gaussian_total_correlation([[1.0, 2.0], [2.0, 1.0]])


def _gaussian_samples(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).multivariate_normal(np.zeros(3), COVARIANCE, size=n)


@pytest.mark.parametrize("method", ["gaussian", "gaussian_copula", "ksg"])
def test_estimates_recover_the_gaussian_truth(method: str) -> None:
    samples = _gaussian_samples(8000, 1)
    checks = [
        (ik.estimate_total_correlation, TRUTH["total"]),
        (ik.estimate_dual_total_correlation, TRUTH["dual"]),
        (ik.estimate_o_information, TRUTH["o"]),
        (ik.estimate_s_information, TRUTH["total"] + TRUTH["dual"]),
    ]
    for estimator, truth in checks:
        estimate = estimator(samples, method=method, rng=0)
        assert estimate.method == method
        assert 0 < estimate.std_error < 0.05
        assert abs(estimate.value - truth) < 4 * estimate.std_error + 0.01, estimator.__name__


def test_separate_arguments_equal_the_columns_of_one_matrix() -> None:
    samples = _gaussian_samples(500, 2)
    whole = ik.estimate_o_information(samples, method="gaussian")
    parts = ik.estimate_o_information(
        samples[:, 0], samples[:, 1], samples[:, 2], method="gaussian"
    )
    assert whole.value == parts.value
    # a vector-valued variable: TC of ((x, y), z) is I((x, y); z)
    grouped = ik.estimate_total_correlation(samples[:, :2], samples[:, 2], method="gaussian")
    mi = ik.estimate_mutual_information(samples[:, :2], samples[:, 2], method="gaussian")
    assert grouped.value == pytest.approx(mi.value, rel=1e-12)


@pytest.mark.parametrize("method", ["gaussian", "gaussian_copula", "ksg"])
def test_two_variables_give_the_mutual_information_estimate(method: str) -> None:
    samples = _gaussian_samples(2000, 3)
    x, y = samples[:, 0], samples[:, 1]
    mi = ik.estimate_mutual_information(x, y, method=method, rng=0).value
    assert ik.estimate_total_correlation(x, y, method=method, rng=0).value == pytest.approx(
        mi, rel=1e-12
    )
    assert ik.estimate_co_information(x, y, method=method, rng=0).value == pytest.approx(
        mi, rel=1e-12
    )


def test_copula_co_information_is_mi_minus_conditional_mi() -> None:
    samples = _gaussian_samples(3000, 4)
    x, y, z = samples.T
    mi = ik.estimate_mutual_information(x, y, method="gaussian_copula", rng=0).value
    cmi = ik.estimate_conditional_mutual_information(x, y, z, method="gaussian_copula", rng=0)
    co = ik.estimate_co_information(samples, method="gaussian_copula", rng=0)
    assert co.value == pytest.approx(mi - cmi.value, abs=1e-12)


def _empirical_table(labels: np.ndarray) -> np.ndarray:
    codes = [np.unique(column, return_inverse=True)[1] for column in labels.T]
    table = np.zeros([int(c.max()) + 1 for c in codes])
    np.add.at(table, tuple(codes), 1.0)
    return table / table.sum()


def test_plugin_equals_the_exact_measure_of_the_empirical_table() -> None:
    rng = np.random.default_rng(5)
    a = rng.integers(0, 3, 400)
    b = (a + rng.integers(0, 2, 400)) % 3
    c = rng.integers(0, 2, 400)
    d = (a + c) % 2
    labels = np.column_stack([a, b, c, d])
    table = _empirical_table(labels)
    pairs = [
        (ik.estimate_total_correlation, ik.total_correlation),
        (ik.estimate_dual_total_correlation, ik.dual_total_correlation),
        (ik.estimate_o_information, ik.o_information),
        (ik.estimate_s_information, ik.s_information),
        (ik.estimate_co_information, ik.co_information),
    ]
    for estimator, exact in pairs:
        estimate = estimator(labels, method="plugin", base=2)
        assert estimate.value == pytest.approx(float(exact(table, base=2)), abs=1e-12)
        assert estimate.std_error > 0


def test_discrete_labels_of_any_type_and_bias_corrections() -> None:
    rng = np.random.default_rng(6)
    x = rng.integers(0, 2, 3000)
    y = rng.integers(0, 2, 3000)
    z = np.where((x ^ y) == 1, "odd", "even")
    for method in ("plugin", "miller_madow", "nsb"):
        estimate = ik.estimate_o_information(x, y, z, method=method, base=2)
        assert estimate.value == pytest.approx(-1.0, abs=0.02), method
    # auto on labels picks a discrete method
    assert ik.estimate_co_information(x, y, z, base=2).value == pytest.approx(-1.0, abs=0.02)


def test_constant_variables() -> None:
    samples = _gaussian_samples(500, 7)
    with_constant = np.column_stack([samples, np.ones(500)])
    total = ik.estimate_total_correlation(samples, method="gaussian").value
    assert ik.estimate_total_correlation(with_constant, method="gaussian").value == pytest.approx(
        total, rel=1e-12
    )
    co = ik.estimate_co_information(with_constant, method="gaussian")
    assert co.value == 0.0
    assert co.std_error == 0.0


def test_errors_say_what_to_do() -> None:
    with pytest.raises(InvalidParameterError, match="at least two variables"):
        ik.estimate_total_correlation(np.arange(10.0))
    with pytest.raises(InvalidParameterError, match="pass the variables"):
        ik.estimate_o_information()
    with pytest.raises(ShapeError, match="equal lengths"):
        ik.estimate_o_information(np.zeros(10), np.ones(11), np.ones(10), method="gaussian")
    with pytest.raises(InvalidParameterError, match="method"):
        ik.estimate_s_information(np.zeros((10, 3)), method="kozachenko_leonenko")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="at most 12"):
        ik.estimate_co_information(np.zeros((10, 13), dtype=int))


# --- every multiplet at once --------------------------------------------------------------


def _correlated(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(d, d))
    return rng.normal(size=(n, d)) @ mixing / math.sqrt(d)


@pytest.mark.parametrize("method", ["gaussian", "gaussian_copula"])
def test_each_multiplet_equals_the_single_estimate(method: str) -> None:
    data = _correlated(600, 6, 8)
    result = ik.estimate_multiplet_information(data, size=3, method=method, rng=0)
    assert result.multiplets.shape == (20, 3)
    assert result.n_samples == 600
    for row in (0, 7, 19):
        columns = data[:, result.multiplets[row]]
        for name, estimator in (
            ("total_correlation", ik.estimate_total_correlation),
            ("dual_total_correlation", ik.estimate_dual_total_correlation),
            ("o_information", ik.estimate_o_information),
            ("s_information", ik.estimate_s_information),
        ):
            single = estimator(columns, method=method, rng=0).value
            assert getattr(result, name)[row] == pytest.approx(single, rel=1e-9, abs=1e-13)


def test_multiplets_of_labels_equal_the_plugin_and_miller_madow() -> None:
    rng = np.random.default_rng(9)
    labels = rng.integers(0, 3, size=(800, 5))
    labels[:, 4] = (labels[:, 0] + labels[:, 1]) % 3
    for method in ("plugin", "miller_madow"):
        result = ik.estimate_multiplet_information(labels, size=3, method=method, base=2, rng=0)
        for row, multiplet in enumerate(result.multiplets):
            single = ik.estimate_o_information(labels[:, multiplet], method=method, base=2)
            assert result.o_information[row] == pytest.approx(single.value, abs=1e-12)
        # the synergistic triplet (0, 1, 4): about -log2 3 bits
        best = result.multiplets[result.ranked(descending=False)[0]].tolist()
        assert best == [0, 1, 4]


def test_multiplet_jackknife_equals_the_delete_a_group_formula() -> None:
    rng = np.random.default_rng(10)
    labels = rng.integers(0, 2, size=(300, 4))
    result = ik.estimate_multiplet_information(labels, size=3, method="plugin", rng=1)
    assert result.std_errors is not None
    kept = kept_indices(300, np.random.default_rng(1))  # the same first use of the seed
    row = 2
    replicates = np.array(
        [
            ik.estimate_total_correlation(
                labels[rows][:, result.multiplets[row]], method="plugin"
            ).value
            for rows in kept
        ]
    )
    g = len(kept)
    expected = math.sqrt((g - 1) / g * np.sum((replicates - replicates.mean()) ** 2))
    assert result.std_errors["total_correlation"][row] == pytest.approx(expected, rel=1e-10)


def test_multiplet_copula_errors_cover_the_truth() -> None:
    # one covariance for many triplets: the jackknife error is the right order of magnitude
    d = 5
    covariance = 0.3 * np.ones((d, d)) + 0.7 * np.eye(d)
    rng = np.random.default_rng(11)
    data = rng.multivariate_normal(np.zeros(d), covariance, size=4000)
    truth = float(gaussian_o_information(covariance[:3, :3]))
    result = ik.estimate_multiplet_information(data, size=3, method="gaussian", rng=0)
    assert result.std_errors is not None
    z = (result.o_information - truth) / result.std_errors["o_information"]
    assert np.all(np.abs(z) < 4)
    assert 0.2 < float(np.std(z)) < 3


def test_multiplet_results_rank_and_print() -> None:
    data = _correlated(300, 4, 12)
    result = ik.estimate_multiplet_information(data, size=2, method="gaussian", uncertainty="none")
    assert result.std_errors is None
    # pairs: O-information 0, TC the mutual information
    assert np.allclose(result.o_information, 0, atol=1e-12)
    order = result.ranked("total_correlation")
    assert np.all(np.diff(result.total_correlation[order]) <= 0)
    assert "6 multiplets of 2 variables" in repr(result)


def test_multiplet_errors() -> None:
    data = _correlated(100, 4, 13)
    with pytest.raises(InvalidParameterError, match="at most the number of columns"):
        ik.estimate_multiplet_information(data, size=5)
    with pytest.raises(ShapeError, match="2-D"):
        ik.estimate_multiplet_information(data[:, 0])
    with pytest.raises(InvalidParameterError, match="constant"):
        ik.estimate_multiplet_information(np.column_stack([data, np.ones(100)]))
    data_nan = data.copy()
    data_nan[3, 1] = np.nan
    with pytest.raises(InvalidParameterError, match="NaN"):
        ik.estimate_multiplet_information(data_nan)
    with pytest.raises(InvalidParameterError, match="singular"):
        ik.estimate_multiplet_information(
            np.column_stack([data, data[:, 0] + data[:, 1]]), method="gaussian"
        )
    with pytest.raises(InvalidParameterError, match="multiplets"):
        ik.estimate_multiplet_information(np.zeros((10, 400)), size=6, method="plugin")
