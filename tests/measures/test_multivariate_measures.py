"""Exact multivariate measures of joint tables: TC, DTC, O-, S-, co- and interaction information.

Truth: the facts of dit's documentation (giant bit, parity, n_mod_m, XOR), identities that
reduce to mutual information, and dit itself as an oracle on random tables.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infokit as ik
from infokit.errors import InvalidParameterError

MEASURES = (
    ik.total_correlation,
    ik.dual_total_correlation,
    ik.o_information,
    ik.s_information,
    ik.co_information,
    ik.interaction_information,
)


def giant_bit(n: int) -> np.ndarray:
    """n copies of one fair bit."""
    table = np.zeros((2,) * n)
    table[(0,) * n] = table[(1,) * n] = 0.5
    return table


def n_mod_m(n: int, m: int) -> np.ndarray:
    """n - 1 independent uniform variables on m values and their sum mod m."""
    table = np.zeros((m,) * n)
    for values in itertools.product(range(m), repeat=n - 1):
        table[(*values, sum(values) % m)] = 1.0 / m ** (n - 1)
    return table


def xor() -> np.ndarray:
    return n_mod_m(3, 2)


@pytest.mark.parametrize(("n", "expected"), [(2, 1.0), (3, 2.0), (4, 3.0), (5, 4.0)])
def test_total_correlation_of_the_giant_bit_is_n_minus_one_bits(n: int, expected: float) -> None:
    assert float(ik.total_correlation(giant_bit(n), base=2)) == expected


@pytest.mark.parametrize("n", [3, 4, 5])
def test_total_correlation_of_parity_is_one_bit(n: int) -> None:
    assert float(ik.total_correlation(n_mod_m(n, 2), base=2)) == 1.0


@pytest.mark.parametrize("m", [2, 3, 4, 5])
def test_total_correlation_of_n_mod_m_is_log_m(m: int) -> None:
    assert float(ik.total_correlation(n_mod_m(3, m), base=2)) == pytest.approx(
        math.log2(m), abs=1e-14
    )


def test_o_information_signs_redundancy_and_synergy() -> None:
    assert float(ik.o_information(giant_bit(3), base=2)) == 1.0
    assert float(ik.o_information(xor(), base=2)) == -1.0
    # the giant bit on four variables: TC 3, DTC 1, so Omega = 2
    assert float(ik.o_information(giant_bit(4), base=2)) == 2.0


def test_xor_atoms_in_bits() -> None:
    table = xor()
    assert float(ik.dual_total_correlation(table, base=2)) == 2.0
    assert float(ik.s_information(table, base=2)) == 3.0
    assert float(ik.co_information(table, base=2)) == -1.0
    assert float(ik.interaction_information(table, base=2)) == 1.0
    assert float(ik.co_information(giant_bit(3), base=2)) == 1.0


def test_two_variables_reduce_to_mutual_information() -> None:
    rng = np.random.default_rng(3)
    table = rng.random((3, 4))
    table /= table.sum()
    mi = float(ik.mutual_information(table))
    for measure in (
        ik.total_correlation,
        ik.dual_total_correlation,
        ik.co_information,
        ik.interaction_information,
    ):
        assert float(measure(table)) == pytest.approx(mi, rel=1e-13)
    assert float(ik.s_information(table)) == pytest.approx(2 * mi, rel=1e-13)
    assert abs(float(ik.o_information(table))) < 1e-15


def test_co_information_of_three_is_mi_minus_conditional_mi() -> None:
    rng = np.random.default_rng(4)
    table = rng.random((2, 3, 2))
    table /= table.sum()
    expected = float(ik.mutual_information(table, x=0, y=1)) - float(
        ik.conditional_mutual_information(table)
    )
    assert float(ik.co_information(table)) == pytest.approx(expected, abs=1e-15)


def test_groups_of_axes_and_marginalised_axes() -> None:
    rng = np.random.default_rng(5)
    table = rng.random((2, 3, 2, 2))
    table /= table.sum()
    # a vector-valued first variable: TC of ((0, 1), 2, 3) = H(A,B) + H(C) + H(D) - H(all)
    h = lambda *axes: float(ik.joint_entropy(table, axes=axes))  # noqa: E731
    expected = h(0, 1) + h(2) + h(3) - h(0, 1, 2, 3)
    value = float(ik.total_correlation(table, variables=[(0, 1), 2, 3]))
    assert value == pytest.approx(expected, rel=1e-13)
    # axis 3 named by no variable is summed out
    marginal = table.sum(axis=3)
    assert float(ik.o_information(table, variables=[0, 1, 2])) == pytest.approx(
        float(ik.o_information(marginal)), abs=1e-15
    )


def test_base_converts_units() -> None:
    table = n_mod_m(3, 3)
    for measure in MEASURES:
        nats = float(measure(table))
        assert float(measure(table, base="bits")) == pytest.approx(nats / math.log(2), rel=1e-13)
        assert float(measure(table, base=10)) == pytest.approx(nats / math.log(10), rel=1e-13)


@st.composite
def joint_tables(draw: st.DrawFn) -> np.ndarray:
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=2, max_size=4)))
    size = int(np.prod(shape))
    weights = draw(
        st.lists(st.floats(0, 1, allow_nan=False), min_size=size, max_size=size).filter(
            lambda w: sum(w) > 1e-3
        )
    )
    table = np.asarray(weights).reshape(shape)
    return table / table.sum()


@settings(max_examples=60, deadline=None)
@given(joint_tables())
def test_identities_on_random_tables(table: np.ndarray) -> None:
    tc = float(ik.total_correlation(table))
    dtc = float(ik.dual_total_correlation(table))
    assert tc >= 0
    assert dtc >= 0
    assert float(ik.o_information(table)) == pytest.approx(tc - dtc, abs=1e-12)
    assert float(ik.s_information(table)) == pytest.approx(tc + dtc, abs=1e-12)
    # TC is at most (n - 1) max H and DTC at most H(all)
    joint = float(ik.joint_entropy(table))
    assert dtc <= joint + 1e-12
    # S = sum_i I(X_i; X_-i)
    n = table.ndim
    s = sum(
        float(ik.mutual_information(table, x=i, y=tuple(j for j in range(n) if j != i)))
        for i in range(n)
    )
    assert float(ik.s_information(table)) == pytest.approx(s, abs=1e-12)


def _dit_distribution(table: np.ndarray) -> object:
    dit = pytest.importorskip("dit")
    outcomes, pmf = [], []
    for index in itertools.product(*(range(size) for size in table.shape)):
        if table[index] > 0:
            outcomes.append(tuple(str(i) for i in index))
            pmf.append(float(table[index]))
    return dit.Distribution(outcomes, pmf)


@pytest.mark.parametrize("seed", range(8))
def test_every_measure_equals_dit_on_random_tables(seed: int) -> None:
    pytest.importorskip("dit")
    import dit.multivariate as dm

    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(2, 4, size=rng.integers(3, 5)))
    table = rng.random(shape) * (rng.random(shape) > 0.2)
    table /= table.sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        distribution = _dit_distribution(table)
        distribution.set_base(2)
        expected = {
            ik.total_correlation: dm.total_correlation(distribution),
            ik.dual_total_correlation: dm.dual_total_correlation(distribution),
            ik.o_information: dm.o_information(distribution),
            ik.s_information: dm.s_information(distribution),
            ik.co_information: dm.coinformation(distribution),
            ik.interaction_information: dm.interaction_information(distribution),
        }
    for measure, value in expected.items():
        assert float(measure(table, base=2)) == pytest.approx(value, abs=1e-10), measure.__name__


def test_torch_equals_numpy_and_differentiates() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    table = rng.random((2, 3, 2))
    table /= table.sum()
    tensor = torch.tensor(table, dtype=torch.float64, requires_grad=True)
    for measure in MEASURES:
        value = measure(tensor)
        assert isinstance(value, torch.Tensor)
        assert float(value.detach()) == pytest.approx(float(measure(table)), abs=1e-14)
    ik.o_information(tensor).backward()
    gradient = tensor.grad.numpy()
    # finite difference along a direction that keeps the sum at 1
    direction = rng.normal(size=table.shape)
    direction -= direction.mean()
    step = 1e-6
    numeric = (
        float(ik.o_information(table + step * direction))
        - float(ik.o_information(table - step * direction))
    ) / (2 * step)
    assert float(np.sum(gradient * direction)) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_zero_cells_keep_gradients_finite() -> None:
    torch = pytest.importorskip("torch")
    tensor = torch.tensor(xor(), dtype=torch.float64, requires_grad=True)
    ik.co_information(tensor).backward()
    assert torch.isfinite(tensor.grad).all()


def test_errors_name_the_argument() -> None:
    with pytest.raises(InvalidParameterError, match="at least two variables"):
        ik.total_correlation([0.5, 0.5])
    with pytest.raises(InvalidParameterError, match="both name axis"):
        ik.o_information(giant_bit(3), variables=[0, (0, 1)])
    with pytest.raises(InvalidParameterError, match="`variables` must be a sequence"):
        ik.dual_total_correlation(giant_bit(3), variables=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sum"):
        ik.total_correlation(np.full((2, 2), 0.3))
    with pytest.raises(InvalidParameterError, match="at most 16 variables"):
        ik.co_information(giant_bit(17))


def test_subnormal_cells_give_finite_right_answers() -> None:
    # one outcome of probability 2.2e-309 next to its complement: TC = MI = H
    epsilon = 2.2250738585072014e-309
    table = np.array([[1 - epsilon, 0.0], [0.0, epsilon]])
    expected = epsilon * (1 - math.log(epsilon))  # -(1-e)log(1-e) - e log e to first order
    for measure in (ik.mutual_information, ik.total_correlation, ik.co_information):
        assert float(measure(table)) == pytest.approx(expected, rel=1e-12)
