from __future__ import annotations

import math

import numpy as np
import pytest

from infokit import Estimate
from infokit.errors import InvalidParameterError
from infokit.units import convert, resolve_base


@pytest.mark.parametrize(
    ("name", "base"),
    [("bits", 2.0), ("Bits", 2.0), ("nats", math.e), ("hartleys", 10.0), ("dits", 10.0), (7, 7.0)],
)
def test_resolve_base(name: str | float, base: float) -> None:
    assert resolve_base(name) == base


def test_convert_between_units() -> None:
    assert convert(1.0, "bits", "nats") == math.log(2)
    assert convert(math.log(10), "nats", "hartleys") == pytest.approx(1.0, rel=1e-15)
    assert convert(3.0, 2, "bits") == 3.0
    np.testing.assert_allclose(
        convert(np.array([1.0, 2.0]), "hartleys", "bits"), np.log2(10) * np.array([1, 2])
    )


def test_convert_names_the_bad_argument() -> None:
    with pytest.raises(
        InvalidParameterError, match="`to_base` must be a positive number other than 1"
    ):
        convert(1.0, "bits", 1)


def test_estimate_repr_and_float() -> None:
    estimate = Estimate(0.41234, 0.0131, method="miller_madow", base=math.e, n_samples=1000)
    assert repr(estimate) == "0.412 ± 0.013 nats (miller_madow, n=1000)"
    assert float(estimate) == 0.41234
    with_ci = Estimate(
        1.5, 0.1, method="nsb", base=2.0, n_samples=50, ci=(1.3, 1.7), confidence_level=0.95
    )
    assert repr(with_ci) == "1.500 ± 0.100 bits (nsb, n=50), 95% CI [1.3, 1.7]"
    assert with_ci.unit == "bits"
    with pytest.raises(AttributeError):
        with_ci.value = 2.0  # type: ignore[misc]
