"""Shared fixtures: the array backends every numeric test runs on, and assertion helpers."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BACKENDS = ["numpy", "array_api_strict", "torch", "jax"]


class Backend:
    """One array library as the tests see it: build arrays, read them back, check types."""

    def __init__(self, name: str) -> None:
        self.name = name
        if name == "numpy":
            self.xp: Any = np
        elif name == "jax":
            jax = pytest.importorskip("jax")
            jax.config.update("jax_enable_x64", True)
            self.xp = importlib.import_module("jax.numpy")
        else:
            self.xp = pytest.importorskip(name)
        self.float64 = self.xp.float64
        self.float32 = self.xp.float32

    def asarray(self, values: Any, dtype: Any = None) -> Any:
        """Build an array of this library (float64 unless `dtype` says otherwise)."""
        array = np.asarray(values, dtype=np.float64 if dtype is None else None)
        if dtype is not None and not isinstance(dtype, np.dtype | type):
            array = np.asarray(values)
        if self.name == "numpy":
            return array if dtype is None else np.asarray(values, dtype=dtype)
        target = self.float64 if dtype is None else dtype
        return self.xp.asarray(np.asarray(values) if dtype is not None else array, dtype=target)

    def to_numpy(self, array: Any) -> np.ndarray:
        if self.name == "torch":
            return array.detach().cpu().numpy()
        if self.name == "array_api_strict":
            return np.from_dlpack(array)
        return np.asarray(array)

    def is_native(self, array: Any) -> bool:
        """Tell whether `array` belongs to this library (NumPy scalars count as NumPy)."""
        if self.name == "numpy":
            return isinstance(array, np.ndarray | np.generic)
        if self.name == "torch":
            import torch

            return isinstance(array, torch.Tensor)
        if self.name == "jax":
            import jax

            return isinstance(array, jax.Array)
        import array_api_strict

        return isinstance(array, array_api_strict._array_object.Array)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each numeric test runs once per array library."""
    return Backend(request.param)


@pytest.fixture
def assert_close(backend: Backend) -> Callable[..., None]:
    """Assert an infokit result: right library, dtype (float64 by default), shape and values."""

    def check(
        result: Any,
        expected: Any,
        *,
        rtol: float = 1e-12,
        atol: float = 1e-12,
        dtype: Any = None,
    ) -> None:
        assert backend.is_native(result), f"{backend.name}: got {type(result)}"
        wanted = backend.float64 if dtype is None else dtype
        assert result.dtype == wanted, f"dtype {result.dtype}, expected {wanted}"
        expected_array = np.asarray(expected, dtype=np.float64)
        assert tuple(result.shape) == expected_array.shape
        np.testing.assert_allclose(backend.to_numpy(result), expected_array, rtol=rtol, atol=atol)

    return check
