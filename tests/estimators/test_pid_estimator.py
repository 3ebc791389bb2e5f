"""Partial information decomposition from samples: plug-in values and bootstrap errors.

Truth: the exact decomposition of the plug-in table (the estimator's definition), the
plug-in mutual information and its delta-method standard error from
`estimate_mutual_information`, and convergence to the exact atoms of XOR and AND.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError

MEASURES = ("williams_beer", "broja", "ccs")


def _samples(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    return np.random.default_rng(seed).integers(0, 2, size=(2, n))


def _plugin_table(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    table = np.zeros((a.max() + 1, b.max() + 1, t.max() + 1))
    np.add.at(table, (a, b, t), 1.0)
    return table / table.sum()


def _values(result: ik.PartialInformationDecompositionEstimate) -> np.ndarray:
    return np.array(
        [result.redundancy.value, *(u.value for u in result.unique), result.synergy.value]
    )


@pytest.mark.parametrize("measure", MEASURES)
def test_values_are_the_exact_decomposition_of_the_plugin_table(measure: str) -> None:
    rng = np.random.default_rng(1)
    a, b = rng.integers(0, 3, size=(2, 500))
    t = (a + b + rng.integers(0, 2, size=500)) % 3
    result = ik.estimate_partial_information_decomposition(
        a, b, t, redundancy=measure, base=2, rng=0, n_bootstrap=20
    )
    exact = ik.partial_information_decomposition(_plugin_table(a, b, t), redundancy=measure, base=2)
    expected = [exact.redundancy, *exact.unique, exact.synergy]
    np.testing.assert_allclose(_values(result), expected, atol=1e-12)
    assert result.decomposition.mutual_information == pytest.approx(exact.mutual_information)
    assert sum(_values(result)) == pytest.approx(result.mutual_information.value, abs=1e-12)


def test_mutual_information_atom_matches_the_plugin_estimator() -> None:
    a, b = _samples(3000, seed=2)
    noise = np.random.default_rng(3).random(3000) < 0.1
    t = (a & b) ^ noise
    result = ik.estimate_partial_information_decomposition(a, b, t, rng=0, n_bootstrap=300)
    reference = ik.estimate_mutual_information(np.column_stack([a, b]), t, method="plugin")
    assert result.mutual_information.value == pytest.approx(reference.value, abs=1e-12)
    # bootstrap against delta-method standard error: 300 resamples estimate a standard
    # deviation to about 1/sqrt(2 * 300) = 4% relative error; allow 20%
    assert result.mutual_information.std_error == pytest.approx(reference.std_error, rel=0.2)


@pytest.mark.slow
@pytest.mark.parametrize("measure", MEASURES)
def test_xor_converges_to_one_bit_of_synergy(measure: str) -> None:
    a, b = _samples(20_000, seed=4)
    result = ik.estimate_partial_information_decomposition(
        a, b, a ^ b, redundancy=measure, base=2, rng=0, n_bootstrap=50
    )
    # plug-in bias of I(S1,S2;T) is about (4-1)(2-1)/(2N ln 2) = 1e-4 bits
    assert result.synergy.value == pytest.approx(1.0, abs=1e-3)
    assert abs(result.redundancy.value) < 1e-3
    assert result.synergy.std_error < 0.01


@pytest.mark.slow
@pytest.mark.parametrize("measure", ["williams_beer", "broja"])
def test_and_redundancy_converges(measure: str) -> None:
    a, b = _samples(20_000, seed=5)
    result = ik.estimate_partial_information_decomposition(
        a, b, a & b, redundancy=measure, base=2, rng=0, n_bootstrap=50
    )
    truth = 0.75 * math.log2(4 / 3)
    error = result.redundancy.std_error
    assert 0 < error < 0.02
    assert abs(result.redundancy.value - truth) < 4 * error


def test_same_seed_same_errors_and_other_seed_other_errors() -> None:
    a, b = _samples(400, seed=6)
    t = a | b
    first = ik.estimate_partial_information_decomposition(a, b, t, rng=7, n_bootstrap=30)
    again = ik.estimate_partial_information_decomposition(a, b, t, rng=7, n_bootstrap=30)
    other = ik.estimate_partial_information_decomposition(a, b, t, rng=8, n_bootstrap=30)
    assert first.synergy.std_error == again.synergy.std_error
    assert first.synergy.std_error != other.synergy.std_error
    assert first.synergy.value == other.synergy.value


def test_confidence_intervals_and_estimate_fields() -> None:
    a, b = _samples(1000, seed=9)
    result = ik.estimate_partial_information_decomposition(
        a, b, a & b, redundancy="broja", base="bits", rng=0, ci=0.9, n_bootstrap=100
    )
    for estimate in (result.redundancy, *result.unique, result.synergy):
        assert estimate.ci is not None
        assert estimate.confidence_level == 0.9
        assert estimate.method == "plugin"
        assert estimate.n_samples == 1000
        assert estimate.base == 2
        assert estimate.details["redundancy"] == "broja"
    low, high = result.synergy.ci
    assert low < result.synergy.value < high
    assert result.details["n_bootstrap"] == 100
    assert set(result.details["bootstrap_mean"]) == {
        "redundancy", "unique_0", "unique_1", "synergy", "mutual_information",
    }  # fmt: skip
    assert result.unit == "bits"
    assert repr(result).startswith("PartialInformationDecompositionEstimate(broja, bits, n=1000")


def test_labels_of_any_kind_and_missing_values() -> None:
    a, b = _samples(300, seed=10)
    t = a ^ b
    numeric = ik.estimate_partial_information_decomposition(a, b, t, rng=0, n_bootstrap=10)
    words = ik.estimate_partial_information_decomposition(
        np.where(a == 1, "yes", "no"), b + 10, t.astype(bool), rng=0, n_bootstrap=10
    )
    np.testing.assert_allclose(_values(words), _values(numeric), atol=1e-12)
    with_gap = np.append(a.astype(float), np.nan)
    omitted = ik.estimate_partial_information_decomposition(
        with_gap, np.append(b, 0), np.append(t, 0), nan_policy="omit", rng=0, n_bootstrap=10
    )
    np.testing.assert_allclose(_values(omitted), _values(numeric), atol=1e-12)


def test_vector_valued_source() -> None:
    rng = np.random.default_rng(11)
    a, b, c = rng.integers(0, 2, size=(3, 400))
    t = a ^ b ^ c
    grouped = ik.estimate_partial_information_decomposition(
        np.column_stack([a, b]), c, t, rng=0, n_bootstrap=10
    )
    combined = ik.estimate_partial_information_decomposition(2 * a + b, c, t, rng=0, n_bootstrap=10)
    np.testing.assert_allclose(_values(grouped), _values(combined), atol=1e-12)


class TestErrors:
    def test_unknown_redundancy(self) -> None:
        a, b = _samples(50)
        with pytest.raises(InvalidParameterError, match="`redundancy` must be one of"):
            ik.estimate_partial_information_decomposition(a, b, a, redundancy="mmi")  # type: ignore[arg-type]

    def test_unknown_method(self) -> None:
        a, b = _samples(50)
        with pytest.raises(InvalidParameterError, match="`method` must be one of 'plugin'"):
            ik.estimate_partial_information_decomposition(a, b, a, method="nsb")  # type: ignore[arg-type]

    @pytest.mark.parametrize("n_bootstrap", [5, 10.0, True])
    def test_n_bootstrap(self, n_bootstrap: object) -> None:
        a, b = _samples(50)
        with pytest.raises(InvalidParameterError, match="`n_bootstrap` must be an integer"):
            ik.estimate_partial_information_decomposition(a, b, a, n_bootstrap=n_bootstrap)  # type: ignore[arg-type]

    def test_confidence_level(self) -> None:
        a, b = _samples(50)
        with pytest.raises(InvalidParameterError, match="not a percentage"):
            ik.estimate_partial_information_decomposition(a, b, a, ci=95)

    def test_rng(self) -> None:
        a, b = _samples(50)
        with pytest.raises(InvalidParameterError, match="`rng` must be"):
            ik.estimate_partial_information_decomposition(a, b, a, rng="seed")  # type: ignore[arg-type]

    def test_unpaired_samples(self) -> None:
        a, b = _samples(50)
        with pytest.raises(ShapeError, match="the variables must have the same number of samples"):
            ik.estimate_partial_information_decomposition(a, b[:40], a)
