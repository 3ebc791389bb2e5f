"""Unit tests of cross-entropy, KL and Jensen–Shannon divergence on every backend."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats
from scipy.spatial import distance

import infokit as ik
from infokit.errors import ArrayLibraryError, InvalidDistributionError, ShapeError


def _pair(seed: int, shape: tuple[int, ...], zeros: bool = True) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p, q = rng.random(shape), rng.random(shape) + 0.05
    if zeros:
        p[p < 0.25] = 0.0
    p[..., 0] += 0.1
    return p / p.sum(-1, keepdims=True), q / q.sum(-1, keepdims=True)


class TestKLDivergence:
    def test_matches_scipy_rel_entr(self, backend, assert_close) -> None:
        p, q = _pair(0, (6, 9))
        assert_close(
            ik.kl_divergence(backend.asarray(p), backend.asarray(q)),
            special.rel_entr(p, q).sum(-1),
        )

    @pytest.mark.parametrize("axis", [0, 1, -1])
    def test_axis(self, backend, assert_close, axis: int) -> None:
        p, q = (np.moveaxis(a, -1, axis) for a in _pair(1, (4, 5)))
        assert_close(
            ik.kl_divergence(backend.asarray(p), backend.asarray(q), axis=axis),
            stats.entropy(p, q, axis=axis),
        )

    def test_broadcasts_one_model_against_a_batch(self, backend, assert_close) -> None:
        p, q = _pair(2, (5, 4))
        assert_close(
            ik.kl_divergence(backend.asarray(p), backend.asarray(q[0])),
            special.rel_entr(p, q[0]).sum(-1),
        )

    def test_infinite_where_q_misses_support_of_p(self, backend, assert_close) -> None:
        p = backend.asarray([[0.5, 0.5], [1.0, 0.0]])
        q = backend.asarray([[1.0, 0.0], [1.0, 0.0]])
        assert_close(ik.kl_divergence(p, q), [math.inf, 0.0])

    def test_zero_for_identical_distributions(self, backend, assert_close) -> None:
        p, _ = _pair(3, (3, 7))
        assert_close(ik.kl_divergence(backend.asarray(p), backend.asarray(p)), [0.0, 0.0, 0.0])

    def test_from_logits(self, backend, assert_close) -> None:
        p, _ = _pair(4, (3, 5))
        logits = np.random.default_rng(4).normal(size=(3, 5)) * 4
        assert_close(
            ik.kl_divergence(backend.asarray(p), backend.asarray(logits), from_logits=True),
            special.rel_entr(p, special.softmax(logits, axis=-1)).sum(-1),
        )

    def test_bits(self) -> None:
        assert ik.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2) == pytest.approx(
            0.5 * math.log2(2) + 0.5 * math.log2(2 / 3), rel=1e-15
        )

    def test_native_path_handles_denormal_q(self) -> None:
        p, q = np.array([0.5, 0.5]), np.array([1.0 - 1e-310, 1e-310])
        expected = 0.5 * math.log(0.5 / q[0]) + 0.5 * (math.log(0.5) - math.log(1e-310))
        assert ik.kl_divergence(p, q) == pytest.approx(expected, rel=1e-14)

    def test_native_and_generic_paths_agree(self) -> None:
        xps = pytest.importorskip("array_api_strict")

        p, q = _pair(5, (200, 300))
        q[7, 3] = 0.0  # an infinite row inside a block
        q[7] /= q[7].sum()
        p[9] = q[9]  # an exact zero row
        fast = ik.kl_divergence(p, q)
        generic = np.from_dlpack(ik.kl_divergence(xps.asarray(p), xps.asarray(q)))
        np.testing.assert_allclose(fast, generic, rtol=1e-12, atol=1e-15)
        assert np.isinf(fast[7]) == (p[7, 3] > 0)

    def test_rejects_different_number_of_outcomes(self) -> None:
        with pytest.raises(
            ShapeError,
            match=r"`p` and `q` must have the same number of outcomes along axis -1; got 2 and 3",
        ):
            ik.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])

    def test_rejects_unbroadcastable_batches(self) -> None:
        with pytest.raises(ShapeError, match="must have broadcastable shapes"):
            ik.kl_divergence(np.full((2, 2), 0.5), np.full((3, 2), 0.5))

    def test_rejects_unnormalised_q_by_name(self) -> None:
        with pytest.raises(InvalidDistributionError, match="`q` must sum to 1"):
            ik.kl_divergence([0.5, 0.5], [0.5, 0.6])

    def test_rejects_negative_p_in_native_path(self) -> None:
        with pytest.raises(InvalidDistributionError, match="`p` must be non-negative"):
            ik.kl_divergence(np.array([1.5, -0.5]), np.array([0.5, 0.5]))

    def test_rejects_mixed_libraries(self) -> None:
        torch = pytest.importorskip("torch")

        with pytest.raises(ArrayLibraryError, match="inputs mix array libraries"):
            ik.kl_divergence(np.array([0.5, 0.5]), torch.tensor([0.5, 0.5]))

    def test_list_with_tensor_takes_the_tensors_library(self) -> None:
        torch = pytest.importorskip("torch")

        result = ik.kl_divergence([0.5, 0.5], torch.tensor([0.25, 0.75], dtype=torch.float64))
        assert isinstance(result, torch.Tensor)


class TestCrossEntropy:
    def test_equals_entropy_plus_kl(self, backend, assert_close) -> None:
        p, q = _pair(6, (4, 6))
        expected = stats.entropy(p, axis=-1) + special.rel_entr(p, q).sum(-1)
        assert_close(ik.cross_entropy(backend.asarray(p), backend.asarray(q)), expected)

    def test_zero_p_ignores_zero_q(self, backend, assert_close) -> None:
        p, q = backend.asarray([0.0, 1.0]), backend.asarray([0.0, 1.0])
        assert_close(ik.cross_entropy(p, q), 0.0)

    def test_from_logits_large_float32(self, backend, assert_close) -> None:
        p = backend.asarray([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=backend.float32)
        logits = backend.asarray([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4]], dtype=backend.float32)
        assert_close(
            ik.cross_entropy(p, logits, from_logits=True),
            [1e4, 0.0],
            dtype=backend.float32,
            rtol=1e-6,
        )

    def test_minus_inf_logit_of_the_true_class_is_infinite(self, backend, assert_close) -> None:
        p = backend.asarray([0.0, 1.0])
        logits = backend.asarray([0.0, -math.inf])
        assert_close(ik.cross_entropy(p, logits, from_logits=True), math.inf)

    def test_float16_is_computed_in_float32(self, backend) -> None:
        if backend.name == "array_api_strict":
            pytest.skip("array-api-strict has no float16")
        p = backend.xp.asarray(np.array([0.25, 0.75]), dtype=backend.xp.float16)
        result = ik.cross_entropy(p, p)
        assert result.dtype == backend.float32
        expected = stats.entropy([0.25, 0.75])
        np.testing.assert_allclose(backend.to_numpy(result), expected, rtol=1e-6)


class TestJensenShannonDivergence:
    def test_is_the_square_of_scipys_distance(self, backend, assert_close) -> None:
        p, q = _pair(7, (5, 8))
        expected = distance.jensenshannon(p, q, axis=-1) ** 2
        assert_close(
            ik.jensen_shannon_divergence(backend.asarray(p), backend.asarray(q)),
            expected,
            atol=1e-14,
        )

    def test_bounds_and_symmetry(self) -> None:
        assert ik.jensen_shannon_divergence([1, 0], [0, 1], base=2) == 1.0
        assert ik.jensen_shannon_divergence([1, 0], [0, 1]) == pytest.approx(math.log(2), rel=1e-15)
        p, q = _pair(8, (10, 4))
        np.testing.assert_allclose(
            ik.jensen_shannon_divergence(p, q), ik.jensen_shannon_divergence(q, p), rtol=1e-14
        )
        assert ik.jensen_shannon_divergence(p[0], p[0]) == 0.0


class TestOptionErrors:
    @pytest.mark.parametrize("name", ["from_logits", "validate"])
    def test_flags_must_be_booleans(self, name: str) -> None:
        with pytest.raises(
            ik.errors.InvalidParameterError, match=f"`{name}` must be True or False; got 'yes'"
        ):
            ik.cross_entropy([0.5, 0.5], [0.5, 0.5], **{name: "yes"})

    def test_plus_inf_logit_is_rejected(self) -> None:
        with pytest.raises(
            InvalidDistributionError, match=r"`q` must be finite; got inf at index 1"
        ):
            ik.cross_entropy([0.5, 0.5], [0.0, math.inf], from_logits=True)

    def test_scalar_distribution_is_rejected(self) -> None:
        with pytest.raises(ShapeError, match="`q` must have at least one dimension"):
            ik.kl_divergence([1.0], 1.0)

    def test_ragged_lists_are_rejected(self) -> None:
        with pytest.raises(
            ArrayLibraryError,
            match="`p` must be an array of numbers; got list that does not convert",
        ):
            ik.entropy([[0.5, 0.5], [1.0]])

    def test_complex_input_is_rejected(self) -> None:
        with pytest.raises(
            ArrayLibraryError, match="`p` must hold real numbers; got dtype complex128"
        ):
            ik.entropy(np.array([0.5 + 0j, 0.5]))
