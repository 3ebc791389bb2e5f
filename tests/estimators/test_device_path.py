"""Gaussian and copula MI/CMI of torch and JAX samples: computed on their device, no host copy.

The NumPy path is the oracle: the same seed gives the same jackknife blocks and tie-breaking
keys, so the values and standard errors agree to rounding.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError

torch = pytest.importorskip("torch")


def _samples(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 2))
    y = x @ np.array([[1.0, 0.5], [0.2, 1.0]]) + rng.standard_normal((n, 2))
    z = (x[:, :1] + rng.standard_normal((n, 1))) ** 3
    return x, y, z


@pytest.fixture
def no_host_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way of bringing a tensor's data to the host raise."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        msg = "a tensor was copied to the host"
        raise AssertionError(msg)

    for name in ("numpy", "cpu", "tolist", "__array__", "item"):
        monkeypatch.setattr(torch.Tensor, name, refuse)
    return


def _both(call: str, *arrays: np.ndarray, **options: object) -> tuple[ik.Estimate, ik.Estimate]:
    function = getattr(ik, call)
    host = function(*arrays, **options)
    device = function(*(torch.tensor(a) for a in arrays), **options)
    return host, device


@pytest.mark.parametrize("method", ["gaussian", "gaussian_copula"])
@pytest.mark.parametrize("base", [math.e, 2.0])
def test_mutual_information_equals_the_numpy_path(method: str, base: float) -> None:
    x, y, _ = _samples()
    host, device = _both("estimate_mutual_information", x, y, method=method, base=base, rng=3)
    assert isinstance(device.value, torch.Tensor)
    assert device.value.device == torch.tensor(x).device
    assert float(device.value) == pytest.approx(host.value, abs=1e-12)
    assert float(device.std_error) == pytest.approx(host.std_error, abs=1e-12)
    assert device.details["n_blocks"] == host.details["n_blocks"] == 10
    assert (device.method, device.base, device.n_samples) == (method, base, 600)


def test_conditional_mutual_information_equals_the_numpy_path() -> None:
    x, y, z = _samples()
    host, device = _both(
        "estimate_conditional_mutual_information",
        x,
        y,
        z,
        method="gaussian_copula",
        rng=5,
        ci=0.9,
    )
    assert float(device.value) == pytest.approx(host.value, abs=1e-12)
    assert float(device.std_error) == pytest.approx(host.std_error, abs=1e-12)
    assert host.ci is not None
    assert device.ci is not None
    assert [float(v) for v in device.ci] == pytest.approx(list(host.ci), abs=1e-12)


def test_ties_constant_columns_and_extreme_scales_as_on_the_host() -> None:
    x, y, _ = _samples()
    rounded = np.round(x, 1) * 1e300  # ties (random keys), and a covariance that overflows
    with_constant = np.column_stack([y * 1e-300, np.full(len(y), 7.0)])
    host, device = _both(
        "estimate_mutual_information", rounded, with_constant, method="gaussian_copula", rng=11
    )
    assert float(device.value) == pytest.approx(host.value, abs=1e-12)
    assert float(device.std_error) == pytest.approx(host.std_error, abs=1e-12)
    host, device = _both("estimate_mutual_information", rounded, with_constant, method="gaussian")
    assert float(device.value) == pytest.approx(host.value, rel=1e-12)


def test_a_constant_variable_gives_an_exact_zero() -> None:
    x, _, _ = _samples()
    estimate = ik.estimate_mutual_information(
        torch.tensor(x), torch.ones(600, dtype=torch.float64), method="gaussian"
    )
    assert float(estimate) == 0.0
    assert "constant" in estimate.details["reason"]


@pytest.mark.usefixtures("no_host_copy")
def test_no_sample_reaches_the_host() -> None:
    x, y, z = _samples()
    tx, ty, tz = torch.tensor(x), torch.tensor(np.round(y, 1)), torch.tensor(z)
    for method in ("gaussian", "gaussian_copula"):
        estimate = ik.estimate_mutual_information(tx, ty, method=method, ci=0.95)
        assert isinstance(estimate.value, torch.Tensor)
        assert isinstance(estimate.std_error, torch.Tensor)
    cmi = ik.estimate_conditional_mutual_information(tx, ty, tz, method="gaussian_copula")
    assert isinstance(cmi.value, torch.Tensor)


def test_gaussian_mutual_information_is_differentiable() -> None:
    x, y, _ = _samples(n=40)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.tensor(y)

    def mi(samples: torch.Tensor) -> torch.Tensor:
        value = ik.estimate_mutual_information(
            samples, ty, method="gaussian", uncertainty="none"
        ).value
        assert isinstance(value, torch.Tensor)
        return value

    assert torch.autograd.gradcheck(mi, (tx,), eps=1e-6, atol=1e-7)
    # the closed form: d/dx of 0.5 log(det Sx det Sy / det Sxy) in the 1-D case
    a, b = torch.tensor(x[:, 0], requires_grad=True), torch.tensor(y[:, 0])
    value = ik.estimate_mutual_information(a, b, method="gaussian", uncertainty="none").value
    (gradient,) = torch.autograd.grad(value, a)
    n = len(x)
    xc, yc = x[:, 0] - x[:, 0].mean(), y[:, 0] - y[:, 0].mean()
    sxx, syy, sxy = xc @ xc / (n - 1), yc @ yc / (n - 1), xc @ yc / (n - 1)
    rho2 = sxy**2 / (sxx * syy)
    # I = -0.5 log(1 - rho^2); d rho^2 / dx_i = 2 rho^2 (yc_i / sxy - xc_i / sxx) / (n - 1)
    expected = 0.5 / (1 - rho2) * 2 * rho2 * (yc / sxy - xc / sxx) / (n - 1)
    np.testing.assert_allclose(gradient.numpy(), expected, rtol=1e-9, atol=1e-12)


def test_the_copula_estimate_carries_no_gradient() -> None:
    x, y, _ = _samples()
    tx = torch.tensor(x, requires_grad=True)
    estimate = ik.estimate_mutual_information(tx, torch.tensor(y), method="gaussian_copula")
    assert not estimate.value.requires_grad
    assert repr(estimate).endswith("(gaussian_copula, n=600)")


def test_float32_tensors_stay_float32() -> None:
    x, y, _ = _samples()
    host = ik.estimate_mutual_information(x, y, method="gaussian", uncertainty="none")
    device = ik.estimate_mutual_information(
        torch.tensor(x, dtype=torch.float32),
        torch.tensor(y, dtype=torch.float32),
        method="gaussian",
        uncertainty="none",
    )
    assert device.value.dtype == torch.float32
    assert float(device) == pytest.approx(host.value, abs=1e-5)
    assert math.isnan(float(device.std_error))


def test_bad_samples_are_named() -> None:
    x, y, _ = _samples()
    bad = torch.tensor(x)
    bad[3, 1] = float("nan")
    with pytest.raises(InvalidParameterError, match=r"`x` must be finite; got 1 NaN"):
        ik.estimate_mutual_information(bad, torch.tensor(y), method="gaussian")
    with pytest.raises(ShapeError, match=r"same length; got `x` 600, `y` 599"):
        ik.estimate_mutual_information(torch.tensor(x), torch.tensor(y[:-1]), method="gaussian")
    duplicated = torch.tensor(np.column_stack([x, x[:, 0] + x[:, 1]]))
    with pytest.raises(InvalidParameterError, match=r"covariance of \(`x`\) is singular"):
        ik.estimate_mutual_information(duplicated, torch.tensor(y), method="gaussian")
    with pytest.raises(ShapeError, match="more samples than joint dimensions"):
        ik.estimate_mutual_information(
            torch.tensor(x[:4]), torch.tensor(y[:4]), method="gaussian_copula"
        )


def test_options_the_device_path_lacks_take_the_host_path() -> None:
    x, y, _ = _samples()
    estimate = ik.estimate_mutual_information(
        torch.tensor(x), torch.tensor(y), method="gaussian", uncertainty="subsampling", rng=0
    )
    assert isinstance(estimate.value, float)
    assert estimate.details["uncertainty"] == "subsampling"


def test_jax_arrays_stay_jax() -> None:
    jnp = pytest.importorskip("jax.numpy")
    x, y, z = _samples()
    host = ik.estimate_conditional_mutual_information(x, y, z, method="gaussian_copula", rng=2)
    device = ik.estimate_conditional_mutual_information(
        jnp.asarray(x), jnp.asarray(y), jnp.asarray(z), method="gaussian_copula", rng=2
    )
    assert type(device.value).__module__.startswith("jax")
    # JAX computes in float32 unless x64 is enabled
    assert float(device) == pytest.approx(host.value, abs=2e-4)
    assert float(device.std_error) == pytest.approx(host.std_error, rel=0.05)


def _labels(n: int = 2000, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 6, n)
    y = (x + rng.integers(0, 3, n)) % 6
    z = rng.integers(-2, 2, n)  # negative labels too
    return x, y, z


PLUGIN_CALLS = [
    ("estimate_entropy", 1),
    ("estimate_mutual_information", 2),
    ("estimate_conditional_entropy", 2),
    ("estimate_conditional_mutual_information", 3),
]


@pytest.mark.parametrize(("call", "n_variables"), PLUGIN_CALLS)
def test_plugin_counts_equal_the_numpy_path(call: str, n_variables: int) -> None:
    arrays = _labels()[:n_variables]
    host, device = _both(call, *arrays, method="plugin", base=2, local=True)
    assert isinstance(device.value, torch.Tensor)
    assert float(device.value) == pytest.approx(host.value, abs=1e-13)
    assert float(device.std_error) == pytest.approx(host.std_error, abs=1e-13)
    assert isinstance(device.local_values, torch.Tensor)
    np.testing.assert_allclose(device.local_values.numpy(), host.local_values, atol=1e-13)
    assert device.details["n_categories_observed"] == host.details["n_categories_observed"]


def test_plugin_rows_of_a_2d_label_array_are_one_variable() -> None:
    x, y, z = _labels()
    pairs = np.column_stack([x, z])
    host, device = _both("estimate_mutual_information", pairs, y, method="plugin")
    assert float(device.value) == pytest.approx(host.value, abs=1e-13)
    flags = torch.tensor(x > 2)  # booleans are labels too
    exact = ik.estimate_mutual_information(flags, torch.tensor(y), method="plugin")
    assert float(exact) == pytest.approx(
        ik.estimate_mutual_information(x > 2, y, method="plugin").value, abs=1e-13
    )


@pytest.mark.usefixtures("no_host_copy")
def test_plugin_counts_copy_no_sample_to_the_host() -> None:
    x, y, z = (torch.tensor(a) for a in _labels())
    estimate = ik.estimate_conditional_mutual_information(x, y, z, method="plugin", local=True)
    assert isinstance(estimate.local_values, torch.Tensor)


def test_float_labels_and_intervals_take_the_host_path() -> None:
    x, y, _ = _labels()
    as_floats = ik.estimate_mutual_information(
        torch.tensor(x, dtype=torch.float64), torch.tensor(y), method="plugin"
    )
    with_ci = ik.estimate_mutual_information(
        torch.tensor(x), torch.tensor(y), method="plugin", ci=0.9, rng=0
    )
    host = ik.estimate_mutual_information(x, y, method="plugin")
    assert isinstance(as_floats.value, float)
    assert isinstance(with_ci.value, float)
    assert as_floats.value == with_ci.value == pytest.approx(host.value, abs=1e-15)


def test_plugin_jax_labels_are_counted_in_float64() -> None:
    jax = pytest.importorskip("jax")
    x, y, z = _labels()
    host = ik.estimate_conditional_mutual_information(x, y, z, method="plugin")
    with jax.enable_x64(False):  # JAX's default, whatever an earlier test left switched on
        arrays = [jax.numpy.asarray(a) for a in (x, y, z)]
        without_x64 = ik.estimate_conditional_mutual_information(*arrays, method="plugin")
    assert isinstance(without_x64.value, float)  # on the host: no float64 on JAX by default
    assert without_x64.value == pytest.approx(host.value, abs=1e-15)
    with jax.enable_x64(True):
        arrays = [jax.numpy.asarray(a) for a in (x, y, z)]
        device = ik.estimate_conditional_mutual_information(*arrays, method="plugin")
        assert type(device.value).__module__.startswith("jax")
        assert float(device) == pytest.approx(host.value, abs=1e-13)


def test_plugin_counts_in_any_array_api_library() -> None:
    xps = pytest.importorskip("array_api_strict")
    x, y, _ = _labels()
    sparse = x * 10**9  # a label range far wider than the sample: re-indexed, not binned
    host = ik.estimate_mutual_information(sparse, y, method="plugin")
    device = ik.estimate_mutual_information(xps.asarray(sparse), xps.asarray(y), method="plugin")
    assert type(device.value).__module__.startswith("array_api_strict")
    assert float(device) == pytest.approx(host.value, abs=1e-13)
    on_torch = ik.estimate_mutual_information(
        torch.tensor(sparse), torch.tensor(y), method="plugin"
    )
    assert float(on_torch) == pytest.approx(host.value, abs=1e-13)
