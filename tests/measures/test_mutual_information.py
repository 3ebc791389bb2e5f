"""Unit tests of joint-table measures: axis groups, marginalisation, identities, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import infokit as ik
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError


def _joint(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    table = np.random.default_rng(seed).random(shape)
    table[table < 0.15] = 0.0
    return table / table.sum()


class TestMutualInformation:
    def test_matches_kl_of_joint_from_product(self, backend, assert_close) -> None:
        joint = _joint(0, (4, 5))
        product = np.outer(joint.sum(1), joint.sum(0))
        expected = stats.entropy(joint.ravel(), product.ravel())
        assert_close(ik.mutual_information(backend.asarray(joint)), expected)

    def test_matches_sklearn_on_a_contingency_table(self) -> None:
        metrics = pytest.importorskip("sklearn.metrics")  # absent in the core-only job
        counts = np.array([[10, 2, 0], [3, 15, 4], [0, 1, 20]])
        score = metrics.mutual_info_score(None, None, contingency=counts)
        assert ik.mutual_information(ik.normalize(counts, axis=None)) == pytest.approx(
            score, rel=1e-13
        )

    def test_swapping_axes_is_symmetric(self) -> None:
        joint = _joint(1, (3, 6))
        assert ik.mutual_information(joint, x=1, y=0) == pytest.approx(
            ik.mutual_information(joint), rel=1e-14
        )

    def test_unnamed_axes_are_marginalised(self) -> None:
        joint = _joint(2, (3, 4, 5))
        assert ik.mutual_information(joint, x=0, y=2) == pytest.approx(
            ik.mutual_information(joint.sum(axis=1)), rel=1e-14
        )

    def test_axis_groups_are_vector_variables(self) -> None:
        joint = _joint(3, (2, 3, 4))
        assert ik.mutual_information(joint, x=(0, 1), y=2) == pytest.approx(
            ik.mutual_information(joint.reshape(6, 4)), rel=1e-14
        )

    def test_negative_axes(self) -> None:
        joint = _joint(4, (3, 4))
        assert ik.mutual_information(joint, x=-2, y=-1) == ik.mutual_information(joint)

    def test_rejects_overlapping_groups(self) -> None:
        with pytest.raises(InvalidParameterError, match="`x` and `y` both name axis 0"):
            ik.mutual_information(_joint(5, (2, 2)), x=0, y=(0, 1))

    def test_rejects_axes_out_of_range(self) -> None:
        with pytest.raises(
            InvalidParameterError, match="`y` names axis 2, but `joint` has 2 dimensions"
        ):
            ik.mutual_information(_joint(6, (2, 2)), y=2)

    def test_rejects_one_dimensional_table(self) -> None:
        with pytest.raises(ShapeError, match="`joint` must have at least 2 dimensions"):
            ik.mutual_information([0.5, 0.5])

    def test_rejects_unnormalised_table(self) -> None:
        with pytest.raises(
            InvalidDistributionError,
            match=r"`joint` must sum to 1 over all its entries \(within 1e-06\); got 10",
        ):
            ik.mutual_information([[1, 2], [3, 4]])


class TestEntropiesOfJointTables:
    def test_joint_entropy_is_entropy_of_flattened_table(self, backend, assert_close) -> None:
        joint = _joint(7, (3, 4, 2))
        assert_close(ik.joint_entropy(backend.asarray(joint)), stats.entropy(joint.ravel()))

    def test_joint_entropy_of_some_axes(self) -> None:
        joint = _joint(8, (3, 4, 2))
        assert ik.joint_entropy(joint, axes=(0, 2)) == pytest.approx(
            stats.entropy(joint.sum(1).ravel()), rel=1e-14
        )

    def test_conditional_entropy_is_joint_minus_marginal(self, backend, assert_close) -> None:
        joint = _joint(9, (5, 3))
        expected = stats.entropy(joint.ravel()) - stats.entropy(joint.sum(0))
        assert_close(ik.conditional_entropy(backend.asarray(joint)), expected)

    def test_conditional_mutual_information_identity(self, backend, assert_close) -> None:
        joint = _joint(10, (3, 2, 4))
        h = lambda axes: stats.entropy(joint.sum(axis=axes).ravel())  # noqa: E731
        expected = h(1) + h(0) - stats.entropy(joint.ravel()) - h((0, 1))
        assert_close(ik.conditional_mutual_information(backend.asarray(joint)), expected)

    def test_xor_is_pairwise_independent_but_conditionally_dependent(self) -> None:
        joint = np.zeros((2, 2, 2))
        for a in (0, 1):
            for b in (0, 1):
                joint[a, b, a ^ b] = 0.25
        assert ik.mutual_information(joint) == 0.0
        assert ik.conditional_mutual_information(joint, base=2) == 1.0
        assert ik.conditional_mutual_information(joint, x=0, y=2, z=1, base=2) == 1.0

    def test_units(self) -> None:
        joint = np.diag([0.5, 0.5])
        assert ik.mutual_information(joint, base="bits") == 1.0
        assert ik.conditional_entropy(joint.T @ np.full((2, 2), 0.5), base=2) == pytest.approx(1.0)
        assert ik.joint_entropy(joint, base=2) == 1.0
        assert math.isclose(float(ik.joint_entropy(joint)), math.log(2))
