"""cross_entropy_loss: torch's F.cross_entropy as the oracle, gradients, stability, errors."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import infokit
from infokit.errors import (
    ArrayLibraryError,
    InvalidDistributionError,
    InvalidParameterError,
    ShapeError,
)
from infokit.losses import cross_entropy_loss
from infokit.losses.cross_entropy import index_cross_entropy, soft_cross_entropy

torch = pytest.importorskip("torch")
F = torch.nn.functional

N_CLASSES = 5
# (logits shape, class axis): torch's (N, C), its (N, C, d1, d2) layout, and unbatched (C,).
LAYOUTS = [((6, N_CLASSES), -1), ((3, N_CLASSES, 2, 2), 1), ((N_CLASSES,), 0)]
TOLERANCE = {np.float64: 1e-12, np.float32: 1e-6}


def _batch_shape(shape: tuple[int, ...], axis: int) -> tuple[int, ...]:
    axis %= len(shape)
    return shape[:axis] + shape[axis + 1 :]


def _case(
    shape: tuple[int, ...], axis: int, soft: bool, ignore_index: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    logits = 2 * rng.standard_normal(shape)
    if soft:
        target = rng.dirichlet(np.ones(N_CLASSES) * 0.7, size=_batch_shape(shape, axis))
        target = np.moveaxis(target, -1, axis % len(shape))
    else:
        target = rng.integers(0, N_CLASSES, size=_batch_shape(shape, axis))
        if ignore_index is not None and target.ndim:
            target.reshape(-1)[::3] = ignore_index  # every third sample is padding
    weight = rng.uniform(0.2, 2.0, N_CLASSES)
    return logits, target, weight


def _torch_oracle(logits, target, axis, dtype, **options):
    tensor = torch.as_tensor(logits, dtype=dtype)
    if tensor.ndim >= 2 and axis % tensor.ndim != 1:
        tensor = torch.movedim(tensor, axis, 1)
    target_tensor = torch.as_tensor(target)
    if target_tensor.is_floating_point():
        target_tensor = target_tensor.to(dtype)
        if tensor.ndim >= 2 and axis % tensor.ndim != 1:
            target_tensor = torch.movedim(target_tensor, axis, 1)
    weight = options.pop("weight")
    if weight is not None:
        weight = torch.as_tensor(weight, dtype=dtype)
    if options["ignore_index"] is None:
        options["ignore_index"] = -100
    return F.cross_entropy(tensor, target_tensor, weight=weight, **options).numpy()


GRID = [
    (layout, soft, use_weight, ignore_index, smoothing, reduction)
    for layout, soft, use_weight, ignore_index, smoothing, reduction in itertools.product(
        LAYOUTS,
        [False, True],
        [False, True],
        [None, 2, -100],
        [0.0, 0.15],
        ["none", "sum", "mean"],
    )
    if not (soft and ignore_index is not None)
]


@pytest.mark.oracle
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("layout", "soft", "use_weight", "ignore_index", "smoothing", "reduction"), GRID
)
def test_equals_torch_cross_entropy(
    layout, soft, use_weight, ignore_index, smoothing, reduction, dtype
) -> None:
    shape, axis = layout
    logits, target, weight = _case(shape, axis, soft, ignore_index, seed=len(shape))
    logits = logits.astype(dtype)
    if soft:
        target = target.astype(dtype)
    options = {
        "weight": weight.astype(dtype) if use_weight else None,
        "ignore_index": ignore_index,
        "label_smoothing": smoothing,
        "reduction": reduction,
    }
    expected = _torch_oracle(logits, target, axis, getattr(torch, np.dtype(dtype).name), **options)
    tolerance = TOLERANCE[dtype]
    # NumPy (blocked kernel), torch (native kernel or generic code) and the generic code on NumPy.
    ours_numpy = cross_entropy_loss(logits, target, axis=axis, **options)
    torch_options = dict(options)
    if use_weight:
        torch_options["weight"] = torch.as_tensor(options["weight"])
    ours_torch = cross_entropy_loss(
        torch.as_tensor(logits), torch.as_tensor(target), axis=axis, **torch_options
    )
    assert isinstance(ours_torch, torch.Tensor)
    assert ours_torch.dtype == getattr(torch, np.dtype(dtype).name)
    assert np.asarray(ours_numpy).dtype == dtype
    for result in (ours_numpy, ours_torch.numpy()):
        np.testing.assert_allclose(result, expected, rtol=tolerance, atol=tolerance)
    if not soft:
        generic = index_cross_entropy(
            logits,
            target,
            axis % len(shape),
            options["weight"],
            ignore_index,
            smoothing,
            reduction,
            xp=np,
            native=False,
        )
        np.testing.assert_allclose(generic, expected, rtol=tolerance, atol=tolerance)


def test_every_backend_gives_the_torch_value(backend, assert_close) -> None:
    logits, labels, weight = _case((4, 3, N_CLASSES), -1, soft=False, ignore_index=None, seed=3)
    labels[0, 1] = 4
    expected = _torch_oracle(
        np.moveaxis(logits, -1, 1),
        labels,
        1,
        torch.float64,
        weight=weight,
        ignore_index=4,
        label_smoothing=0.1,
        reduction="mean",
    )
    label_array = backend.xp.asarray(labels)
    result = cross_entropy_loss(
        backend.asarray(logits),
        label_array,
        weight=backend.asarray(weight),
        ignore_index=4,
        label_smoothing=0.1,
    )
    assert_close(result, expected)
    _, soft_target, _ = _case((4, 3, N_CLASSES), -1, soft=True, ignore_index=None, seed=3)
    soft_expected = _torch_oracle(
        np.moveaxis(logits, -1, 1),
        np.moveaxis(soft_target, -1, 1),
        1,
        torch.float64,
        weight=None,
        ignore_index=None,
        label_smoothing=0.0,
        reduction="none",
    )
    soft_result = cross_entropy_loss(
        backend.asarray(logits), backend.asarray(soft_target), reduction="none"
    )
    assert_close(soft_result, soft_expected)


def test_one_hot_mean_is_negative_mean_log_likelihood() -> None:
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((50, 7))
    labels = rng.integers(0, 7, 50)
    log_likelihood = logits[np.arange(50), labels] - np.log(np.exp(logits).sum(axis=1))
    one_hot = np.eye(7)[labels]
    for target in (labels, one_hot):
        assert float(cross_entropy_loss(logits, target)) == pytest.approx(
            -log_likelihood.mean(), rel=1e-13
        )


def test_soft_target_loss_is_entropy_plus_kl_divergence() -> None:
    rng = np.random.default_rng(1)
    logits = rng.standard_normal((10, 4))
    target = rng.dirichlet(np.ones(4), size=10)
    model = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = infokit.entropy(target) + infokit.kl_divergence(target, model)
    result = cross_entropy_loss(logits, target, reduction="none")
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_base_converts_units() -> None:
    logits, labels = np.array([[0.0, 0.0, 0.0, 0.0]]), np.array([2])
    assert float(cross_entropy_loss(logits, labels, base="bits")) == pytest.approx(2.0, rel=1e-15)
    assert float(cross_entropy_loss(logits, labels, base=4)) == pytest.approx(1.0, rel=1e-15)


def test_all_ignored_mean_is_the_sum_not_nan() -> None:
    # torch returns 0 / 0 = NaN here; infokit's documented value is the sum, 0.
    logits, labels = np.zeros((3, 4)), np.array([-1, -1, -1])
    assert float(cross_entropy_loss(logits, labels, ignore_index=-1)) == 0.0
    assert float(cross_entropy_loss(logits, labels, ignore_index=-1, reduction="sum")) == 0.0


class TestFastPaths:
    @pytest.mark.parametrize(("use_weight", "smoothing"), [(False, 0.0), (True, 0.2), (False, 0.1)])
    def test_numpy_blocked_kernel_equals_generic_code(self, use_weight, smoothing) -> None:
        # 1200 x 1000 logits: several threads and several blocks per thread.
        rng = np.random.default_rng(2)
        logits = 4 * rng.standard_normal((1200, 1000))
        labels = rng.integers(0, 1000, 1200)
        weight = rng.uniform(0.1, 1.0, 1000) if use_weight else None
        fast = index_cross_entropy(logits, labels, 1, weight, None, smoothing, "none", xp=np)
        generic = index_cross_entropy(
            logits, labels, 1, weight, None, smoothing, "none", xp=np, native=False
        )
        np.testing.assert_allclose(fast, generic, rtol=1e-13)

    @pytest.mark.parametrize(
        ("scale", "shift"), [(3, 0), (30, 0), (20, 50), (1, -95), (1, 85), (1, -200), (1e4, 0)]
    )
    def test_numpy_float32_kernel_is_as_exact_as_torch(self, scale, shift) -> None:
        # Without a shift by the row maximum, exp(z) overflows above ~88 and flushes terms
        # below ~-87 to 0; such rows must be detected and recomputed.
        rng = np.random.default_rng(8)
        logits = (scale * rng.standard_normal((3000, 50)) + shift).astype(np.float32)
        labels = rng.integers(0, 50, 3000)
        labels[::2] = np.argmax(logits, axis=1)[::2]  # confident and correct: tiny losses
        exact = F.cross_entropy(
            torch.from_numpy(logits).double(), torch.from_numpy(labels), reduction="none"
        ).numpy()
        ours = cross_entropy_loss(logits, labels, reduction="none").astype(np.float64)
        theirs = F.cross_entropy(
            torch.from_numpy(logits), torch.from_numpy(labels), reduction="none"
        ).double()
        eps = np.finfo(np.float32).eps
        size = 1 + exact + np.abs(logits).max(axis=1)  # the magnitudes being rounded
        assert np.all(np.abs(ours - exact) <= 4 * eps * size)
        assert np.all(np.abs(theirs.numpy() - exact) <= 4 * eps * size)  # the same bound
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-6, atol=8 * eps * size.max())

    def test_numpy_float32_kernel_with_a_subnormal_label_term(self) -> None:
        # exp(-95) is subnormal in float32, with few significant bits: not divided by.
        logits = np.array([[0.0, -95.0, -1.0], [-46.0, -92.5, -47.0]], dtype=np.float32)
        result = cross_entropy_loss(logits, np.array([1, 1]), reduction="none")
        expected = [95 + np.log1p(np.exp(-1.0)), 46.5 + np.log1p(np.exp(-1.0))]
        np.testing.assert_allclose(result, expected, rtol=1e-7)

    def test_numpy_kernel_falls_back_for_infinite_logits(self) -> None:
        logits = np.array([[0.0, -np.inf, 1.0], [2.0, 0.0, -np.inf]])
        result = cross_entropy_loss(logits, np.array([1, 0]), reduction="none")
        assert result[0] == np.inf
        assert result[1] == pytest.approx(np.log1p(np.exp(-2.0)), rel=1e-15)

    @pytest.mark.parametrize("smoothing", [0.0, 0.3])
    def test_torch_native_kernel_equals_generic_code_and_gradients(self, smoothing) -> None:
        rng = np.random.default_rng(3)
        logits = torch.tensor(rng.standard_normal((8, 6, 3)), requires_grad=True)
        labels = torch.tensor(rng.integers(0, 6, (8, 3)))
        labels[0, 0] = 5
        weight = torch.tensor(rng.uniform(0.5, 2, 6))
        native = cross_entropy_loss(
            logits, labels, axis=1, weight=weight, ignore_index=5, label_smoothing=smoothing
        )
        (native_grad,) = torch.autograd.grad(native, logits)
        generic = index_cross_entropy(
            logits, labels, 1, weight, 5, smoothing, "mean", xp=infokit._array.namespace_of(logits)
        )
        (generic_grad,) = torch.autograd.grad(generic, logits)
        torch.testing.assert_close(generic, native, rtol=1e-12, atol=1e-12)
        torch.testing.assert_close(generic_grad, native_grad, rtol=1e-12, atol=1e-12)


class TestGradients:
    def _xp(self, array: Any) -> Any:
        return infokit._array.namespace_of(array)

    def test_generic_index_code_passes_gradcheck(self) -> None:
        rng = np.random.default_rng(4)
        logits = torch.tensor(rng.standard_normal((5, 4, 2)), requires_grad=True)
        labels = torch.tensor(rng.integers(0, 4, (5, 2)))
        weight = torch.tensor(rng.uniform(0.5, 2, 4))

        def loss(z):
            return index_cross_entropy(z, labels, 1, weight, 1, 0.2, "mean", xp=self._xp(z))

        assert torch.autograd.gradcheck(loss, (logits,))

    def test_soft_targets_match_torch_autograd_and_pass_gradcheck(self) -> None:
        rng = np.random.default_rng(5)
        logits = torch.tensor(rng.standard_normal((6, 4)), requires_grad=True)
        target = torch.tensor(rng.dirichlet(np.ones(4), size=6), requires_grad=True)
        weight = torch.tensor(rng.uniform(0.5, 2, 4))
        ours = cross_entropy_loss(logits, target, weight=weight, label_smoothing=0.1)
        theirs = F.cross_entropy(logits, target, weight=weight, label_smoothing=0.1)
        ours_grads = torch.autograd.grad(ours, (logits, target))
        theirs_grads = torch.autograd.grad(theirs, (logits, target))
        for mine, reference in zip(ours_grads, theirs_grads, strict=True):
            torch.testing.assert_close(mine, reference, rtol=1e-12, atol=1e-12)

        def loss(z, t):
            return soft_cross_entropy(z, t, 1, weight, 0.1, "sum", xp=self._xp(z))

        assert torch.autograd.gradcheck(loss, (logits, target))

    def test_jax_grad_and_jit_match_torch(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        jnp = jax.numpy
        rng = np.random.default_rng(6)
        logits = rng.standard_normal((7, 5))
        labels = rng.integers(0, 5, 7)
        weight = rng.uniform(0.5, 2, 5)
        tensor = torch.tensor(logits, requires_grad=True)
        reference = F.cross_entropy(
            tensor, torch.tensor(labels), weight=torch.tensor(weight), label_smoothing=0.1
        )
        (reference_grad,) = torch.autograd.grad(reference, tensor)

        def loss(z, y):
            return cross_entropy_loss(z, y, weight=jnp.asarray(weight), label_smoothing=0.1)

        value = jax.jit(loss)(jnp.asarray(logits), jnp.asarray(labels))
        gradient = jax.jit(jax.grad(loss))(jnp.asarray(logits), jnp.asarray(labels))
        np.testing.assert_allclose(np.asarray(value), reference.item(), rtol=1e-12)
        np.testing.assert_allclose(
            np.asarray(gradient), reference_grad.numpy(), rtol=1e-10, atol=1e-14
        )


def test_soft_targets_under_jax_jit() -> None:
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    logits, target, weight = _case((5, N_CLASSES), -1, soft=True, ignore_index=None, seed=9)
    expected = _torch_oracle(
        logits,
        target,
        -1,
        torch.float64,
        weight=weight,
        ignore_index=None,
        label_smoothing=0.2,
        reduction="mean",
    )
    jnp = jax.numpy

    def loss(z, t):
        return cross_entropy_loss(z, t, weight=jnp.asarray(weight), label_smoothing=0.2)

    result = jax.jit(loss)(jnp.asarray(logits), jnp.asarray(target))
    assert float(result) == pytest.approx(float(expected), rel=1e-12)


def test_labels_captured_by_a_jitted_function() -> None:
    # Labels closed over by the jitted function are constants, not arguments: their range
    # check must read them on the host, not reduce them inside the trace.
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    rng = np.random.default_rng(10)
    logits = rng.standard_normal((6, 4))
    labels = rng.integers(0, 4, 6)
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor(labels)).item()
    captured = jax.numpy.asarray(labels)
    value = jax.jit(lambda z: cross_entropy_loss(z, captured))(jax.numpy.asarray(logits))
    assert float(value) == pytest.approx(expected, rel=1e-12)
    bad = jax.numpy.asarray(np.where(np.arange(6) == 2, 7, labels))
    with pytest.raises(InvalidDistributionError, match="got label 7 at sample index 2"):
        jax.jit(lambda z: cross_entropy_loss(z, bad))(jax.numpy.asarray(logits))


class TestStability:
    def test_huge_float32_logits_are_finite_and_exact(self, backend) -> None:
        rng = np.random.default_rng(7)
        logits = (1e4 * rng.standard_normal((6, 5))).astype(np.float32)
        labels = rng.integers(0, 5, 6)
        result = cross_entropy_loss(
            backend.asarray(logits, dtype=backend.float32),
            backend.xp.asarray(labels),
            reduction="none",
        )
        assert result.dtype == backend.float32
        values = backend.to_numpy(result)
        assert np.isfinite(values).all()
        exact = _torch_oracle(
            logits.astype(np.float64),
            labels,
            -1,
            torch.float64,
            weight=None,
            ignore_index=None,
            label_smoothing=0.0,
            reduction="none",
        )
        np.testing.assert_allclose(values, exact, rtol=1e-6)

    def test_float16_is_computed_in_float32(self) -> None:
        logits = torch.tensor([[60000.0, -60000.0, 0.0], [1.0, 2.0, 3.0]], dtype=torch.float16)
        result = cross_entropy_loss(logits, torch.tensor([1, 2]), reduction="none")
        assert result.dtype == torch.float32
        expected = F.cross_entropy(logits.double(), torch.tensor([1, 2]), reduction="none")
        torch.testing.assert_close(result.double(), expected, rtol=1e-6, atol=1e-6)
        numpy_result = cross_entropy_loss(logits.numpy(), np.array([1, 2]), reduction="none")
        assert numpy_result.dtype == np.float32
        np.testing.assert_allclose(numpy_result, expected.numpy(), rtol=1e-6)


class TestErrors:
    def test_label_out_of_range_names_sample_and_label(self) -> None:
        with pytest.raises(InvalidDistributionError, match=r"got label 7 at sample index 2\."):
            cross_entropy_loss(np.zeros((4, 5)), np.array([0, 1, 7, 2]))
        message = r"in \[0, 4\] or `ignore_index` \(-1\); got label -2 at sample index \(1, 0\)"
        with pytest.raises(InvalidDistributionError, match=message):
            cross_entropy_loss(
                np.zeros((2, 5, 3)), np.array([[0, -1, 1], [-2, 9, 0]]), axis=1, ignore_index=-1
            )
        with pytest.raises(InvalidDistributionError, match="2 labels out of range"):
            cross_entropy_loss(torch.zeros(3, 2), torch.tensor([0, 5, -3]))

    def test_wrong_target_shapes(self) -> None:
        with pytest.raises(ShapeError, match=r"`target` of class indices must have the shape"):
            cross_entropy_loss(np.zeros((4, 5)), np.array([0, 1, 2]))
        with pytest.raises(ShapeError, match="pass them as a floating array"):
            cross_entropy_loss(np.zeros((2, 3)), np.eye(3, dtype=int)[:2])
        with pytest.raises(ShapeError, match=r"cast them with `\.astype\(int\)`"):
            cross_entropy_loss(np.zeros((2, 3)), np.array([0.0, 1.0]))
        with pytest.raises(ShapeError, match=r"`weight` must have shape \(3,\)"):
            cross_entropy_loss(np.zeros((2, 3)), np.array([0, 1]), weight=np.ones(4))
        with pytest.raises(ArrayLibraryError, match="integer class indices or floating"):
            cross_entropy_loss(np.zeros((2, 3)), np.array([True, False]))

    def test_bad_soft_labels(self) -> None:
        with pytest.raises(InvalidDistributionError, match="`target` must be non-negative"):
            cross_entropy_loss(np.zeros((2, 2)), np.array([[1.2, -0.2], [0.5, 0.5]]))
        with pytest.raises(
            InvalidDistributionError,
            match=r"`target` must sum to 1 along axis 1 .*\. Class indices must be an integer",
        ):
            cross_entropy_loss(np.zeros((2, 2)), np.array([[0.5, 0.2], [0.5, 0.5]]))
        with pytest.raises(InvalidParameterError, match="class-index targets only"):
            cross_entropy_loss(np.zeros((1, 2)), np.array([[0.5, 0.5]]), ignore_index=0)

    def test_bad_options(self) -> None:
        logits, labels = np.zeros((2, 3)), np.array([0, 1])
        with pytest.raises(InvalidParameterError, match=r"`reduction` must be one of 'none', "):
            cross_entropy_loss(logits, labels, reduction="avg")
        with pytest.raises(InvalidParameterError, match="already averages per sample"):
            cross_entropy_loss(logits, labels, reduction="batchmean")
        with pytest.raises(InvalidParameterError, match=r"`label_smoothing` must be a number in"):
            cross_entropy_loss(logits, labels, label_smoothing=1.5)
        with pytest.raises(InvalidParameterError, match="`ignore_index` must be an integer"):
            cross_entropy_loss(logits, labels, ignore_index=0.5)  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="`weight` must be finite and non-negative"):
            cross_entropy_loss(logits, labels, weight=np.array([1.0, -1.0, 1.0]))
        with pytest.raises(InvalidParameterError, match="`axis` must lie in"):
            cross_entropy_loss(logits, labels, axis=2)

    def test_nan_logits_are_reported(self, backend) -> None:
        logits = backend.asarray([[0.0, 1.0], [np.nan, 0.0]])
        with pytest.raises(InvalidDistributionError, match="`logits` must be finite; got nan at"):
            cross_entropy_loss(logits, backend.xp.asarray(np.array([0, 1])))
        dead = backend.asarray([[0.0, 1.0], [-np.inf, -np.inf]])
        with pytest.raises(InvalidDistributionError, match="every logit is -inf at batch index 1"):
            cross_entropy_loss(dead, backend.xp.asarray(np.array([0, 1])))


class TestProperties:
    @settings(max_examples=40)
    @given(
        logits=arrays(np.float64, (4, 6), elements=st.floats(-30, 30)),
        labels=arrays(np.int64, (4,), elements=st.integers(0, 5)),
        smoothing=st.floats(0, 1),
        shift=st.floats(-1e3, 1e3),
    )
    def test_smoothing_mixes_with_uniform_target_and_shift_invariance(
        self, logits, labels, smoothing, shift
    ) -> None:
        plain = cross_entropy_loss(logits, labels, reduction="none")
        uniform = cross_entropy_loss(logits, np.full((4, 6), 1 / 6), reduction="none")
        smoothed = cross_entropy_loss(logits, labels, label_smoothing=smoothing, reduction="none")
        np.testing.assert_allclose(
            smoothed, (1 - smoothing) * plain + smoothing * uniform, rtol=1e-12, atol=1e-12
        )
        shifted = cross_entropy_loss(logits + shift, labels, reduction="none")
        np.testing.assert_allclose(shifted, plain, rtol=1e-9, atol=1e-9)
        assert np.all(plain >= 0)


_FORK_SCRIPT = """
import multiprocessing
import numpy as np
from infokit.losses import cross_entropy_loss

def loss(logits, labels):
    return float(cross_entropy_loss(logits, labels))

if __name__ == "__main__":
    rng = np.random.default_rng(10)
    logits, labels = rng.standard_normal((1100, 1000)), rng.integers(0, 1000, 1100)
    expected = loss(logits, labels)  # the threaded kernel creates its pool here
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(loss, (logits, labels)).get(timeout=30) == expected
    print("ok")
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_threaded_numpy_kernel_works_in_a_forked_child(tmp_path) -> None:
    # A forked child inherits the thread pool object but not its threads; the kernel must
    # not wait forever on them (data-loader workers fork). Run in a fresh interpreter: this
    # one has JAX and torch threads, which make fork itself unsafe.
    import subprocess
    import sys

    script = tmp_path / "fork_child.py"
    script.write_text(_FORK_SCRIPT)
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"
