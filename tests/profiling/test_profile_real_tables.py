"""The profile on tables like real ones: identifiers, high cardinality, rounding, bounded memory."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import uuid

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from infokit.estimators.discrete.chance import expected_mutual_information
from infokit.profiling import identifier_reason, profile_dataframe
from infokit.profiling._estimates import (
    g_test_applies,
    mutual_information_from_cells,
    mutual_information_from_table,
)
from infokit.profiling._tables import permutation_p_value

UNIQUE = "unique per row: an identifier carries no information that generalises"


# --- expected mutual information under independence -----------------------------------


def _plugin_mi(x: np.ndarray, y: np.ndarray) -> float:
    table = np.zeros((x.max() + 1, y.max() + 1))
    np.add.at(table, (x, y), 1.0)
    p = table / table.sum()
    px, py = p.sum(axis=1, keepdims=True), p.sum(axis=0, keepdims=True)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / (px @ py)[nz])))


@pytest.mark.parametrize(
    ("x", "y"),
    [([0, 0, 1, 1, 2], [0, 1, 0, 1, 1]), ([0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 2])],
)
def test_expected_mi_equals_the_average_over_every_permutation(x, y):
    x, y = np.array(x), np.array(y)
    values = [_plugin_mi(x, y[list(order)]) for order in itertools.permutations(range(y.size))]
    expected = expected_mutual_information(np.bincount(x), np.bincount(y))
    assert expected == pytest.approx(float(np.mean(values)), rel=1e-12)


@pytest.mark.oracle
@pytest.mark.parametrize(("n", "k1", "k2"), [(50, 5, 3), (2000, 300, 4), (5000, 40, 40)])
def test_expected_mi_matches_scikit_learn(n, k1, k2):
    cluster = pytest.importorskip("sklearn.metrics.cluster")
    fast = pytest.importorskip("sklearn.metrics.cluster._expected_mutual_info_fast")
    rng = np.random.default_rng(n)
    x, y = rng.integers(0, k1, n), rng.integers(0, k2, n)
    reference = fast.expected_mutual_information(cluster.contingency_matrix(x, y), n)
    ours = expected_mutual_information(np.bincount(x), np.bincount(y), base=math.e)
    assert ours == pytest.approx(reference, rel=1e-11)
    assert expected_mutual_information(np.bincount(x), np.bincount(y), base=2) == (
        pytest.approx(reference / math.log(2), rel=1e-11)
    )


def test_expected_mi_of_a_constant_is_zero_and_large_tables_follow_the_chi_squared_mean():
    assert expected_mutual_information(np.array([10]), np.array([3, 7])) == 0.0
    # many rows per cell: E[I] ~ (R - 1)(C - 1) / 2N, the chi-squared mean over 2N
    rows, columns = np.full(5, 2 * 10**6), np.full(4, 2.5 * 10**6)
    expected = expected_mutual_information(rows, columns)
    assert expected == pytest.approx(12 / (2 * 10**7), rel=1e-5)


# --- when the G-test applies, and the count-table permutation test ----------------------


def test_cochran_rule_counts_the_cells_without_forming_the_table():
    rng = np.random.default_rng(3)
    for _ in range(50):
        a = rng.integers(1, 60, rng.integers(2, 30)).astype(float)
        b = rng.integers(1, 60, rng.integers(2, 30)).astype(float)
        b *= a.sum() / b.sum()
        expected = np.outer(a, b) / a.sum()
        applies, fraction = g_test_applies(a, b)
        assert fraction == pytest.approx(float(np.mean(expected < 5)))
        assert applies == bool(expected.min() >= 1 and np.mean(expected < 5) <= 0.2)


def test_cells_in_any_order_give_the_dense_table_values():
    table = np.array([[10.0, 0.0, 3.0], [2.0, 7.0, 0.0], [0.0, 1.0, 9.0]])
    dense = mutual_information_from_table(table, method="miller_madow", base=2)
    x, y = np.nonzero(table)
    order = np.random.default_rng(0).permutation(x.size)
    shuffled = mutual_information_from_cells(
        x[order], y[order], table[x, y][order], method="miller_madow", base=2
    )
    assert shuffled.value == pytest.approx(dense.value, rel=1e-14)
    assert shuffled.g_statistic == pytest.approx(dense.g_statistic, rel=1e-14)
    g, p, dof, _ = stats.chi2_contingency(table, lambda_="log-likelihood", correction=False)
    assert dense.g_statistic == pytest.approx(g, rel=1e-12)
    williams = 1 + (32 * (1 / 13 + 1 / 9 + 1 / 10) - 1) * (32 * (1 / 12 + 1 / 8 + 1 / 12) - 1) / (
        6 * 32 * 4
    )
    assert dense.p_value == pytest.approx(stats.chi2.sf(g / williams, dof), rel=1e-9)
    assert dense.p_value > p  # the correction makes the test less liberal
    assert dense.degrees_of_freedom == dof
    assert dense.above_chance == pytest.approx(dense.plugin - dense.expected)


def _cells(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k = int(y.max()) + 1
    keys, counts = np.unique(x * k + y, return_counts=True)
    return keys // k, keys % k, counts.astype(float)


def test_count_table_permutation_test_is_calibrated_on_sparse_tables():
    rng = np.random.default_rng(11)
    p_values = []
    for seed in range(300):
        x, y = rng.integers(0, 40, 200), rng.integers(0, 3, 200)  # ~1.7 rows per cell
        p_values.append(permutation_p_value(*_cells(x, y), n_permutations=200, seed=seed)[0])
    p_values = np.array(p_values)
    assert np.mean(p_values < 0.05) <= 0.08
    assert stats.kstest(p_values, "uniform").pvalue > 0.001


def test_permutation_test_detects_dependence_and_samples_rows_above_the_limit():
    rng = np.random.default_rng(2)
    x = rng.integers(0, 500, 20_000)
    y = np.where(rng.random(x.size) < 0.5, x % 3, rng.integers(0, 3, x.size))
    p_value, shuffles, tested = permutation_p_value(
        *_cells(x, y), n_permutations=99, seed=0, max_rows=5000
    )
    assert (p_value, shuffles, tested) == (0.01, 99, 5000)
    independent = rng.integers(0, 3, x.size)
    p_value, shuffles, _ = permutation_p_value(*_cells(x, independent), n_permutations=999, seed=0)
    assert p_value > 0.05
    assert shuffles < 999


# --- the identifier rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "flagged"),
    [
        ({"name": "row", "value_type": "integer", "value_range": (1, 1000)}, "consecutive"),
        ({"name": "user_id", "value_type": "integer", "value_range": (5, 10**7)}, "named like"),
        ({"name": "PassengerId", "value_type": "integer", "value_range": (5, 10**7)}, "named"),
        ({"name": "AtBat", "value_type": "integer", "value_range": (19, 14053)}, None),
        ({"name": "price", "value_type": "float"}, None),
        ({"name": "when", "value_type": "datetime"}, "timestamp"),
        ({"name": "day", "value_type": "date"}, "date"),
        ({"name": "name", "value_type": "string", "values": ["Ann", "Bob"] * 50}, "unique"),
        ({"name": "flag", "value_type": "boolean"}, None),
    ],
)
def test_identifier_rule_on_unique_columns(kwargs, flagged):
    reason = identifier_reason(n_present=1000, n_distinct=1000, **kwargs)
    if flagged is None:
        assert reason is None
    else:
        assert flagged in reason
        assert "generalises" in reason


def test_identifier_rule_on_repeating_columns():
    keys = [str(uuid.UUID(int=i * 7919)) for i in range(100)]
    assert "UUID" in identifier_reason(
        name="session", value_type="string", n_present=1000, n_distinct=300, values=keys
    )
    text = [f"a long free text comment about the product, number {i}" for i in range(100)]
    assert "free text" in identifier_reason(
        name="comment", value_type="string", n_present=1000, n_distinct=700, values=text
    )
    short = [f"T{i}" for i in range(100)]
    assert (
        identifier_reason(
            name="ticket", value_type="string", n_present=1000, n_distinct=700, values=short
        )
        is None
    )
    assert (
        identifier_reason(name="t", value_type="datetime", n_present=1000, n_distinct=300) is None
    )
    assert identifier_reason(name="id", value_type="integer", n_present=5, n_distinct=5) is None


# --- profiles of tables with planted columns ------------------------------------------


def planted_table(n: int, seed: int) -> pd.DataFrame:
    """A target, two informative columns and planted identifiers and independent columns."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    real = y + rng.normal(size=n)
    return pd.DataFrame(
        {
            "row_id": np.arange(1, n + 1),
            "uuid": [str(uuid.UUID(int=int(v))) for v in rng.integers(0, 2**62, n)],
            "created": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 10**8, n), unit="s"),
            "customer_id": rng.permutation(10**6)[:n] + 10**5,
            "informative": np.where(rng.random(n) < 0.6, y, rng.integers(0, 3, n)),
            "real": real,
            "gaussian": rng.normal(size=n),
            "rounded": np.round(rng.normal(40, 10, n)),
            "low_card": rng.integers(0, 4, n),
            "high_card": np.array([f"c{v}" for v in rng.integers(0, max(n // 10, 2), n)]),
            "zip": rng.integers(10_000, 99_999, n),
            "shuffled": rng.permutation(real),
            "target": np.array(["a", "b", "c"])[y],
        }
    )


IDENTIFIERS = {"row_id", "uuid", "created", "customer_id"}
INDEPENDENT = ("gaussian", "rounded", "low_card", "high_card", "zip", "shuffled")


def test_planted_identifiers_are_flagged_and_kept_out_of_ranking_and_pairwise():
    profile = profile_dataframe(planted_table(3000, 0), target="target", base=2)
    assert set(profile.identifiers) == IDENTIFIERS
    for name in IDENTIFIERS:
        column = profile.column(name)
        assert column.rank is None
        assert column.mutual_information is None
        assert "generalises" in column.identifier
        assert name not in profile.pairwise_columns
    assert profile.column("row_id").entropy == pytest.approx(
        math.log2(3000) + 2999 / 6000 / math.log(2)
    )
    ranked = [c.name for c in profile.columns if c.rank is not None]
    assert ranked[:2] == ["informative", "real"]
    assert {c.name for c in profile.columns if c.identifier is None} == set(ranked)
    for name in INDEPENDENT:
        assert profile.column(name).p_value > 0.01, name
    assert any("keep_identifiers=True" in note for note in profile.notes)
    document = profile.to_dict()
    flagged = {c["name"] for c in document["columns"] if c["identifier"]}
    assert flagged == IDENTIFIERS


def test_keep_identifiers_ranks_them_with_mi_above_chance_near_zero():
    profile = profile_dataframe(
        planted_table(2000, 1), target="target", base=2, keep_identifiers=True
    )
    uuid_column = profile.column("uuid")
    # counted as a category the uuid "explains" the target, but no more than chance does
    assert uuid_column.mutual_information == pytest.approx(profile.target_entropy, abs=0.01)
    assert uuid_column.expected_mutual_information == pytest.approx(
        uuid_column.mutual_information, abs=0.01
    )
    assert abs(uuid_column.mutual_information_above_chance) < 1e-6
    assert uuid_column.p_value == 1.0
    assert uuid_column.test == "permutation"
    assert uuid_column.rank is not None
    assert uuid_column.rank > profile.column("real").rank
    assert "uuid" in profile.pairwise_columns


def test_high_cardinality_independent_category_gets_a_permutation_p_value():
    rng = np.random.default_rng(5)
    n = 20_000
    df = pd.DataFrame(
        {"zip": rng.integers(0, 8000, n).astype(str), "target": rng.integers(0, 2, n)}
    )
    column = profile_dataframe(df, target="target").column("zip")
    assert column.test == "permutation"
    assert column.p_value > 0.05
    assert column.mutual_information_above_chance == pytest.approx(0.0, abs=0.05)
    forced = profile_dataframe(df, target="target", test="g_test").column("zip")
    assert forced.test == "g_test"
    assert any("unreliable" in n for n in forced.notes)


@pytest.mark.slow
def test_p_values_of_planted_independent_columns_are_uniform():
    """Across seeds, each kind of independent column has uniform p-values (KS test)."""
    seeds = range(60)
    p_values: dict[str, list[float]] = {name: [] for name in INDEPENDENT}
    for seed in seeds:
        frame = planted_table(600, 100 + seed).drop(columns=sorted(IDENTIFIERS))
        profile = profile_dataframe(frame, target="target", max_pairwise=0, rng=seed)
        for name in INDEPENDENT:
            p_values[name].append(profile.column(name).p_value)
            assert profile.column(name).rank > profile.column("real").rank, (seed, name)
    for name, values in p_values.items():
        assert np.mean(np.array(values) < 0.05) <= 0.12, name
        assert stats.kstest(values, "uniform").pvalue > 0.001, name


MEMORY_SCRIPT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (__LIMIT__, __LIMIT__))
from infokit.profiling import open_table, profile_dataframe
table = open_table(sys.argv[1])
try:
    profile = profile_dataframe(table.frame, target="target", keep_identifiers=True)
finally:
    table.close()
# the high-water mark of this process's own memory (ru_maxrss would count the forked parent)
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(profile.pairwise_columns, peak)
"""


def test_two_identifier_csv_profiles_under_a_memory_limit(tmp_path):
    """20,000 rows with an integer id and a uuid: a dense id x uuid table would need 3 GB."""
    n = 20_000
    rng = np.random.default_rng(0)
    path = tmp_path / "two_ids.csv"
    pd.DataFrame(
        {
            "id": np.arange(n),
            "uuid": [str(uuid.UUID(int=int(v))) for v in rng.integers(0, 2**62, n)],
            "target": rng.integers(0, 2, n),
        }
    ).to_csv(path, index=False)
    # 2.5 GiB of address space (mapping numpy, scipy, pyarrow and duckdb and their thread
    # arenas takes 1-1.5 GiB of it); the dense table alone would need 2.98 GiB
    limit = 5 * 2**29
    script = MEMORY_SCRIPT.replace("__LIMIT__", str(limit))
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    columns, peak_kib = done.stdout.strip().rsplit(" ", 1)
    assert "uuid" in columns
    assert "id" in columns
    assert int(peak_kib) < 2**20  # peak resident memory below 1 GiB


def test_pairs_with_more_cells_than_rows_are_left_empty_with_a_note():
    rng = np.random.default_rng(8)
    n = 5000
    y = rng.integers(0, 2, n)
    frame = pd.DataFrame(
        {
            "a": rng.integers(0, 1100, n).astype(str),  # 1100 x 1100 cells > 10^6 and > rows
            "b": rng.integers(0, 1100, n).astype(str),
            "signal": np.where(rng.random(n) < 0.8, y, 1 - y),
            "y": y,
        }
    )
    profile = profile_dataframe(frame, target="y")
    names = list(profile.pairwise_columns)
    i, j = names.index("a"), names.index("b")
    assert math.isnan(profile.pairwise[i][j])
    assert not math.isnan(profile.pairwise[i][names.index("signal")])
    assert any("a x b" in note or "b x a" in note for note in profile.notes)


def test_pairwise_matrix_is_mi_above_chance():
    rng = np.random.default_rng(9)
    n = 3000
    y = rng.integers(0, 2, n)
    a = rng.integers(0, 300, n)
    frame = pd.DataFrame(
        {
            "a": a.astype(str),
            "b": rng.integers(0, 300, n).astype(str),  # independent of a, as many categories
            "a_copy": (a // 2).astype(str),  # half of a's information
            "y": y,
        }
    )
    profile = profile_dataframe(frame, target="y", base=2)
    names = list(profile.pairwise_columns)
    cell = {(p, q): profile.pairwise[names.index(p)][names.index(q)] for p in names for q in names}
    plugin_a_b = mutual_information_from_table(
        pd.crosstab(frame["a"], frame["b"]).to_numpy(), method="plugin", base=2
    )
    assert plugin_a_b.plugin > 2.0  # what 300 x 300 categories over 3000 rows score by chance
    assert abs(cell["a", "b"]) < 0.1
    expected = plugin_a_b.plugin - expected_mutual_information(
        frame["a"].value_counts().to_numpy(), frame["b"].value_counts().to_numpy(), base=2
    )
    assert cell["a", "b"] == pytest.approx(expected, abs=1e-12)
    assert cell["a", "a_copy"] > 3.0  # log2(150) - chance: a real, shared signal


def test_many_categories_against_a_continuous_target_are_measured_against_chance():
    rng = np.random.default_rng(12)
    n = 500
    x = rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "visit": rng.integers(0, 400, n).astype(str),  # ~1.2 rows per category
            "group": np.where(x > 0, "high", "low"),  # informative, 2 categories
            "x": x + 0.5 * rng.normal(size=n),
        }
    )
    profile = profile_dataframe(frame, target="x", base=2)
    visit, group = profile.column("visit"), profile.column("group")
    assert visit.expected_mutual_information is not None  # the mean over 5 shuffles
    assert abs(visit.mutual_information_above_chance) < 0.1
    assert visit.mutual_information_above_chance == pytest.approx(
        visit.mutual_information - visit.expected_mutual_information
    )
    assert group.expected_mutual_information is None  # 250 rows per category: no shuffles
    assert group.rank == 1
