"""Unit tests of the entropy family on every backend: values, axes, zeros, dtypes, errors."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import special, stats

import infokit as ik
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError


def _random_batch(seed: int, shape: tuple[int, ...], zeros: bool = True) -> np.ndarray:
    rng = np.random.default_rng(seed)
    p = rng.random(shape)
    if zeros:
        p[p < 0.2] = 0.0
    p[..., 0] += 0.1  # no all-zero row
    return p / p.sum(axis=-1, keepdims=True)


class TestEntropy:
    def test_batch_matches_scipy(self, backend, assert_close) -> None:
        p = _random_batch(0, (5, 7))
        assert_close(ik.entropy(backend.asarray(p)), stats.entropy(p, axis=-1))

    @pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
    def test_any_axis(self, backend, assert_close, axis: int) -> None:
        p = np.moveaxis(_random_batch(1, (3, 4, 6)), -1, axis)
        assert_close(ik.entropy(backend.asarray(p), axis=axis), stats.entropy(p, axis=axis))

    @pytest.mark.parametrize(
        ("base", "log_base"),
        [
            (2, math.log(2)),
            ("bits", math.log(2)),
            (10, math.log(10)),
            ("dits", math.log(10)),
            ("hartleys", math.log(10)),
            (3.5, math.log(3.5)),
        ],
    )
    def test_bases(self, backend, assert_close, base: float | str, log_base: float) -> None:
        p = _random_batch(2, (4, 5))
        assert_close(
            ik.entropy(backend.asarray(p), base=base), stats.entropy(p, axis=-1) / log_base
        )

    def test_zero_probabilities_contribute_nothing(self, backend, assert_close) -> None:
        assert_close(ik.entropy(backend.asarray([0.5, 0.0, 0.5, 0.0])), math.log(2))

    def test_single_outcome(self, backend, assert_close) -> None:
        assert_close(ik.entropy(backend.asarray([[1.0], [1.0]])), [0.0, 0.0])

    def test_from_logits_matches_softmax(self, backend, assert_close) -> None:
        logits = np.random.default_rng(3).normal(size=(4, 6)) * 3
        assert_close(
            ik.entropy(backend.asarray(logits), from_logits=True),
            stats.entropy(special.softmax(logits, axis=-1), axis=-1),
        )

    def test_from_logits_with_minus_inf_is_a_zero_probability(self, backend, assert_close) -> None:
        logits = backend.asarray([[0.0, 0.0, -math.inf], [1.0, -math.inf, -math.inf]])
        assert_close(ik.entropy(logits, from_logits=True), [math.log(2), 0.0])

    def test_large_float32_logits_stay_finite(self, backend, assert_close) -> None:
        logits = backend.asarray([[1e4, 0.0, -1e4], [1e4, 1e4, -1e4]], dtype=backend.float32)
        assert_close(
            ik.entropy(logits, from_logits=True),
            [0.0, math.log(2)],
            dtype=backend.float32,
            rtol=1e-6,
            atol=1e-6,
        )

    def test_float32_stays_float32(self, backend, assert_close) -> None:
        p = _random_batch(4, (3, 5))
        result = ik.entropy(backend.asarray(p, dtype=backend.float32))
        assert_close(result, stats.entropy(p, axis=-1), dtype=backend.float32, rtol=1e-6)

    def test_integer_one_hot_input(self, backend) -> None:
        if backend.name == "array_api_strict":
            one_hot = backend.xp.asarray([[0, 1, 0]], dtype=backend.xp.int64)
        else:
            one_hot = backend.xp.asarray(np.array([[0, 1, 0]]))
        result = ik.entropy(one_hot)
        assert backend.to_numpy(result).tolist() == [0.0]

    def test_list_input_gives_float64_numpy(self) -> None:
        result = ik.entropy([0.25, 0.75])
        assert isinstance(result, np.floating)
        assert result.dtype == np.float64

    def test_rejects_unnormalised_rows_with_the_row_and_the_fix(self, backend) -> None:
        p = backend.asarray([[0.5, 0.5], [0.2, 0.2], [0.3, 0.7]])
        with pytest.raises(
            InvalidDistributionError,
            match=r"`p` must sum to 1 along axis -1 \(within 1e-06\); got sums from 0\.4 to 1 "
            r"\(1 of 3 off; first at index 1: 0\.4\)\. Rescale counts with `infokit.normalize`",
        ):
            ik.entropy(p)

    def test_rejects_negative_probabilities(self, backend) -> None:
        with pytest.raises(
            InvalidDistributionError, match=r"`p` must be non-negative; got -0\.5 at index 1"
        ):
            ik.entropy(backend.asarray([1.5, -0.5]))

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_rejects_non_finite_values(self, backend, bad: float) -> None:
        with pytest.raises(
            InvalidDistributionError, match=r"`p` must be finite; got .* at index \(0, 1\)"
        ):
            ik.entropy(backend.asarray([[0.5, bad], [0.5, 0.5]]))

    def test_validate_false_skips_value_checks(self) -> None:
        assert ik.entropy([0.5, 0.5, 0.5], validate=False) == pytest.approx(1.5 * math.log(2))

    def test_float32_tolerance_is_looser(self) -> None:
        p = np.array([0.5, 0.49995], dtype=np.float32)  # off by 5e-5: fine for float32
        assert np.isfinite(ik.entropy(p))
        with pytest.raises(InvalidDistributionError, match="within 1e-06"):
            ik.entropy(p.astype(np.float64))

    def test_rejects_scalar_and_empty_axis(self) -> None:
        with pytest.raises(ShapeError, match="`p` must have at least one dimension"):
            ik.entropy(np.float64(1.0))
        with pytest.raises(
            ShapeError,
            match=r"`p` must have at least one outcome along axis -1; got shape \(2, 0\)",
        ):
            ik.entropy(np.ones((2, 0)))

    @pytest.mark.parametrize("axis", [2, -3, 1.0, True])
    def test_rejects_bad_axis(self, axis: object) -> None:
        with pytest.raises(InvalidParameterError, match="`axis` must"):
            ik.entropy(np.full((2, 2), 0.5), axis=axis)  # type: ignore[arg-type]

    @pytest.mark.parametrize("base", [0, 1, -2, math.nan, math.inf, "bytes", True, None])
    def test_rejects_bad_base(self, base: object) -> None:
        with pytest.raises(
            InvalidParameterError, match="`base` must be a positive number other than 1"
        ):
            ik.entropy([0.5, 0.5], base=base)  # type: ignore[arg-type]

    def test_rejects_non_numeric_input(self) -> None:
        with pytest.raises(TypeError, match="`p` must hold numbers; got values of dtype <U1"):
            ik.entropy(["a", "b"])
        with pytest.raises(TypeError, match="`p` must be an array of numbers; got str"):
            ik.entropy("ab")

    def test_rejects_all_minus_inf_logits(self) -> None:
        with pytest.raises(InvalidDistributionError, match="every logit is -inf at batch index 1"):
            ik.entropy([[0.0, 1.0], [-math.inf, -math.inf]], from_logits=True)

    def test_rejects_nan_logits(self) -> None:
        with pytest.raises(InvalidDistributionError, match="`p` must be finite; got nan"):
            ik.entropy([0.0, math.nan], from_logits=True)

    def test_native_and_generic_paths_agree(self) -> None:
        xps = pytest.importorskip("array_api_strict")

        p = _random_batch(5, (300, 257))  # several blocks, zeros in most rows
        fast = ik.entropy(p)
        generic = np.from_dlpack(ik.entropy(xps.asarray(p)))
        np.testing.assert_allclose(fast, generic, rtol=1e-13)


class TestSelfInformation:
    def test_values(self, backend, assert_close) -> None:
        p = backend.asarray([1.0, 0.5, 0.25, 0.0])
        assert_close(ik.self_information(p, base=2), [0.0, 1.0, 2.0, math.inf])

    def test_rejects_values_outside_unit_interval(self, backend) -> None:
        with pytest.raises(
            InvalidDistributionError,
            match=r"`p` must hold probabilities in \[0, 1\]; got 1\.5 at index 2",
        ):
            ik.self_information(backend.asarray([0.2, 0.3, 1.5]))


class TestBinaryEntropy:
    def test_matches_two_outcome_entropy(self, backend, assert_close) -> None:
        p = np.linspace(0, 1, 11)
        expected = stats.entropy(np.stack([p, 1 - p]), axis=0, base=2)
        assert_close(ik.binary_entropy(backend.asarray(p), base=2), expected, atol=1e-15)

    def test_maximum_at_one_half(self) -> None:
        grid = np.linspace(0, 1, 1001)
        values = ik.binary_entropy(grid, base=2)
        assert grid[np.argmax(values)] == 0.5
        assert values.max() == 1.0

    def test_accurate_for_tiny_p(self) -> None:
        p = 1e-300
        expected = -p * math.log(p) + p  # -(1-p) log1p(-p) = p + O(p^2)
        assert ik.binary_entropy(p) == pytest.approx(expected, rel=1e-14)


class TestPerplexity:
    def test_perplexity_is_exp_entropy(self, backend, assert_close) -> None:
        p = _random_batch(6, (3, 8))
        assert_close(ik.perplexity(backend.asarray(p)), np.exp(stats.entropy(p, axis=-1)))

    def test_independent_of_base(self) -> None:
        p = [0.5, 0.25, 0.25]
        assert ik.perplexity(p, base=2) == pytest.approx(ik.perplexity(p), rel=1e-15)
        assert ik.perplexity(p) == pytest.approx(2**1.5, rel=1e-15)

    def test_fair_die_has_perplexity_six(self) -> None:
        assert ik.perplexity([1 / 6] * 6) == pytest.approx(6.0, rel=1e-15)

    def test_from_logits(self) -> None:
        assert ik.perplexity([0.0, 0.0, 0.0, 0.0], from_logits=True) == pytest.approx(
            4.0, rel=1e-15
        )


class TestRenyiEntropy:
    @pytest.mark.parametrize("order", [0.5, 2.0, 3.0, 7.5])
    def test_formula(self, backend, assert_close, order: float) -> None:
        p = _random_batch(7, (4, 6))
        expected = np.log(np.sum(np.where(p > 0, p, 0) ** order, axis=-1)) / (1 - order)
        assert_close(ik.renyi_entropy(backend.asarray(p), order), expected, rtol=1e-12)

    def test_special_orders(self, backend, assert_close) -> None:
        p = backend.asarray([0.5, 0.25, 0.25, 0.0])
        assert_close(ik.renyi_entropy(p, 0, base=2), math.log2(3))
        assert_close(ik.renyi_entropy(p, 1, base=2), 1.5)
        assert_close(ik.renyi_entropy(p, 2, base=2), -math.log2(0.375))
        assert_close(ik.renyi_entropy(p, math.inf, base=2), 1.0)

    def test_order_near_one_approaches_shannon(self) -> None:
        p = [0.6, 0.3, 0.1]
        assert ik.renyi_entropy(p, 1 + 1e-7) == pytest.approx(ik.entropy(p), rel=1e-6)

    def test_large_order_does_not_underflow(self) -> None:
        p = [0.6, 0.3, 0.1]
        assert ik.renyi_entropy(p, 5000.0) == pytest.approx(-math.log(0.6), rel=1e-3)
        assert np.isfinite(ik.renyi_entropy(p, 1e6))

    def test_non_increasing_in_order(self) -> None:
        p = _random_batch(8, (20,))
        orders = [0, 0.3, 0.9, 1, 1.5, 2, 10, math.inf]
        values = [float(ik.renyi_entropy(p, order)) for order in orders]
        assert all(a >= b - 1e-12 for a, b in itertools.pairwise(values))

    @pytest.mark.parametrize("order", [-1, math.nan, "two", None, True])
    def test_rejects_bad_order(self, order: object) -> None:
        with pytest.raises(InvalidParameterError, match="`order` must be a non-negative number"):
            ik.renyi_entropy([0.5, 0.5], order)  # type: ignore[arg-type]


class TestNormalize:
    def test_counts_become_probabilities(self, backend, assert_close) -> None:
        counts = backend.asarray([[1, 3], [2, 2]])
        assert_close(ik.normalize(counts), [[0.25, 0.75], [0.5, 0.5]])

    def test_whole_table_and_axis(self, backend, assert_close) -> None:
        counts = backend.asarray([[1, 1], [2, 4]])
        assert_close(ik.normalize(counts, axis=None), [[0.125, 0.125], [0.25, 0.5]])
        assert_close(ik.normalize(counts, axis=0), [[1 / 3, 0.2], [2 / 3, 0.8]])

    def test_rejects_all_zero_rows_naming_the_row(self) -> None:
        with pytest.raises(
            InvalidDistributionError, match=r"`counts` sums to zero over axis -1 at index \(1, 0\)"
        ):
            ik.normalize([[1, 2], [0, 0]])

    def test_rejects_negative_counts(self) -> None:
        with pytest.raises(InvalidDistributionError, match="`counts` must be non-negative; got -1"):
            ik.normalize([3, -1])
