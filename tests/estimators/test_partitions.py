"""Comparing partitions: NMI, AMI, variation of information, homogeneity, completeness, V."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError

AVERAGES = ["arithmetic", "geometric", "min", "max"]


def _labelings(seed: int, n: int, k1: int, k2: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, k1, n), rng.integers(0, k2, n)


CASES = [(0, 30, 3, 4), (1, 200, 10, 2), (2, 1000, 50, 40), (3, 5000, 300, 7), (4, 20, 20, 20)]


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("average", AVERAGES)
def test_nmi_and_ami_equal_scikit_learn(case, average):
    metrics = pytest.importorskip("sklearn.metrics")
    x, y = _labelings(*case)
    assert ik.normalized_mutual_information(x, y, average=average) == pytest.approx(
        metrics.normalized_mutual_info_score(x, y, average_method=average), abs=1e-12
    )
    assert ik.adjusted_mutual_information(x, y, average=average) == pytest.approx(
        metrics.adjusted_mutual_info_score(x, y, average_method=average), abs=1e-12
    )


@pytest.mark.oracle
@pytest.mark.parametrize("case", CASES)
def test_homogeneity_completeness_v_measure_equal_scikit_learn(case):
    metrics = pytest.importorskip("sklearn.metrics")
    x, y = _labelings(*case)
    h, c, v = metrics.homogeneity_completeness_v_measure(x, y)
    assert ik.homogeneity(x, y) == pytest.approx(h, abs=1e-12)
    assert ik.completeness(x, y) == pytest.approx(c, abs=1e-12)
    assert ik.v_measure(x, y) == pytest.approx(v, abs=1e-12)
    assert ik.v_measure(x, y, beta=0.5) == pytest.approx(
        metrics.v_measure_score(x, y, beta=0.5), abs=1e-12
    )


def test_special_cases_follow_scikit_learn():
    one = [7] * 5
    assert ik.normalized_mutual_information(one, one) == 1.0
    assert ik.adjusted_mutual_information(one, one) == 1.0
    assert ik.normalized_mutual_information([0, 0, 1, 1], [0, 1, 0, 1]) == 0.0
    assert ik.homogeneity(one, [0, 1, 2, 3, 4]) == 1.0  # H(C) = 0
    assert ik.completeness([0, 1, 2, 3, 4], one) == 1.0  # H(K) = 0
    assert ik.v_measure([0, 0, 1, 1], [0, 1, 0, 1]) == 0.0


def test_variation_of_information_by_hand():
    # x = {a,a,b,b,c,c}, y = {u,u,u,v,v,v}: H(X) = log 3, H(Y) = log 2, H(X,Y) = log 6 - ...
    x = ["a", "a", "b", "b", "c", "c"]
    y = ["u", "u", "u", "v", "v", "v"]
    # joint counts: (a,u)=2, (b,u)=1, (b,v)=1, (c,v)=2
    h_joint = -(2 * (2 / 6) * math.log(2 / 6) + 2 * (1 / 6) * math.log(1 / 6))
    vi = 2 * h_joint - math.log(3) - math.log(2)
    assert ik.variation_of_information(x, y) == pytest.approx(vi, abs=1e-15)
    assert ik.variation_of_information(x, y, base=2) == pytest.approx(vi / math.log(2))
    assert ik.variation_of_information(x, x) == 0.0


def test_adjusted_mi_averages_to_zero_over_all_permutations():
    # permuting y keeps both margins, so the denominator is fixed and E[AMI] = 0 exactly
    x = np.array([0, 0, 1, 1, 1, 2])
    y = np.array([0, 1, 1, 2, 2, 2])
    values = [
        ik.adjusted_mutual_information(x, y[list(order)])
        for order in itertools.permutations(range(6))
    ]
    assert float(np.mean(values)) == pytest.approx(0.0, abs=1e-12)
    assert max(values) == pytest.approx(1.0)  # some permutation matches x exactly...
    assert min(values) < 0  # ...and some agree less than chance


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 4), min_size=2, max_size=40).flatmap(
        lambda x: st.tuples(
            st.just(x), st.lists(st.integers(0, 4), min_size=len(x), max_size=len(x))
        )
    )
)
def test_metric_and_bounds_properties(pair):
    x, y = pair
    vi = ik.variation_of_information(x, y)
    assert vi == pytest.approx(ik.variation_of_information(y, x), abs=1e-12)
    assert -1e-12 <= vi <= math.log(len(x)) + 1e-12
    for average in AVERAGES:
        assert -1e-12 <= ik.normalized_mutual_information(x, y, average=average) <= 1 + 1e-12
    assert ik.adjusted_mutual_information(x, y) <= 1 + 1e-12
    relabelled = [10 - v for v in y]  # names of the classes do not matter
    assert ik.v_measure(x, relabelled) == pytest.approx(ik.v_measure(x, y), abs=1e-12)


def test_bad_input_names_the_argument():
    with pytest.raises(ShapeError, match="same number of samples"):
        ik.normalized_mutual_information([0, 1, 1], [0, 1])
    with pytest.raises(InvalidParameterError, match="`average`"):
        ik.adjusted_mutual_information([0, 1], [1, 0], average="mean")
    with pytest.raises(InvalidParameterError, match="`beta`"):
        ik.v_measure([0, 1], [1, 0], beta=0)
    with pytest.raises(InvalidParameterError, match=r"missing|NaN|nan"):
        ik.variation_of_information([0.0, float("nan")], [0, 1])


def test_string_and_integer_labels_agree():
    x, y = _labelings(7, 300, 6, 5)
    as_text = [f"class {v}" for v in x]
    assert ik.adjusted_mutual_information(as_text, y) == pytest.approx(
        ik.adjusted_mutual_information(x, y), abs=1e-15
    )


def test_variation_of_information_documented_examples():
    # The small example of R's clevr::variation_info (base e) gives 0.763817; by hand,
    # joint counts (1,1)=2, (1,2)=1, (2,2)=2 of five items: VI = 2 H(X,Y) - H(X) - H(Y).
    truth, pred = [1, 1, 1, 2, 2], [1, 1, 2, 2, 2]
    h_marginal = -(0.6 * math.log(0.6) + 0.4 * math.log(0.4))
    h_joint = -(2 * 0.4 * math.log(0.4) + 0.2 * math.log(0.2))
    assert ik.variation_of_information(truth, pred) == pytest.approx(0.763817, abs=5e-7)
    assert ik.variation_of_information(truth, pred) == pytest.approx(
        2 * h_joint - 2 * h_marginal, abs=1e-15
    )
    # MixSim::VarInf's example: the second labeling splits the first's larger class in two,
    # so VI = H(Y | X) = (2/3) log 2.
    first, second = [1] * 50 + [2] * 100, [1] * 50 + [2] * 50 + [3] * 50
    assert ik.variation_of_information(first, second) == pytest.approx(
        2 / 3 * math.log(2), abs=1e-15
    )
