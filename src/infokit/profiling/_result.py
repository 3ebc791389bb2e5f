"""`DataFrameProfile` and `ColumnProfile`: the information profile as plain, frozen values."""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from typing import Any

from infokit._optional import import_optional
from infokit.results import unit_name

__all__ = ["ColumnProfile", "DataFrameProfile"]


@dataclass(frozen=True)
class ColumnProfile:
    r"""The information profile of one column.

    Attributes
    ----------
    name : str
        Column name.
    kind : {"discrete", "continuous"}
        How the column was treated: counted as labels, or measured (kNN estimators on a sample).
    dtype : str
        The engine's type of the column.
    count, missing : int
        Non-missing and missing values (NaN counts as missing).
    cardinality : int
        Distinct non-missing values.
    entropy, entropy_std_error : float or None
        :math:`\\hat H(X)` and its standard error, in units of `base`; for continuous columns
        the differential entropy, estimated on the sample (None for a constant, whose
        differential entropy is :math:`-\\infty`).
    entropy_method : str
        Estimator of `entropy`.
    mutual_information, mutual_information_std_error : float or None
        :math:`\\hat I(X; Y)` with the target Y and its standard error (units of `base`).
    mutual_information_method : str or None
        Estimator of `mutual_information`.
    p_value : float or None
        p-value of the test of independence of the column and the target.
    test : str or None
        ``"g_test"``, ``"g_test_binned"`` (G-test on quantile bins) or ``"permutation"``.
    uncertainty_coefficient : float or None
        :math:`U(Y \\mid X) = \\hat I(X; Y) / \\hat H(Y)`: the fraction of the target's
        entropy the column removes (``None`` for a continuous target).
    rank : int or None
        1 for the column with the most information about the target.
    n_pairs : int
        Rows with both the column and the target present, behind the estimates.
    sampled : bool
        Whether the estimates come from the sample rather than from counts of every row.
    binned_entropy, binned_mutual_information : float or None
        Entropy and mutual information of the column's quantile bins (counted in the engine,
        all rows); equal to the discrete estimates for discrete columns.
    identifier : str or None
        Why the column looks like an identifier (``"unique per row: ..."``, a UUID, a
        timestamp, free text), or None. Identifier-like columns are profiled (counts,
        entropy) but left out of the ranking and the pairwise matrix unless the profile was
        asked to keep them; see `infokit.profiling.identifier_reason` for the rule.
    expected_mutual_information : float or None
        :math:`E[\\hat I_{\\mathrm{plugin}}]` under independence given both margins (the
        permutation model of Vinh, Epps & Bailey 2010), units of `base`; None for
        continuous estimates, whose expectation under independence is about zero.
    mutual_information_above_chance : float or None
        :math:`\\hat I_{\\mathrm{plugin}} - E[\\hat I_{\\mathrm{plugin}}]` for count tables
        (the numerator of the adjusted mutual information), the kNN estimate for continuous
        columns: the value the ranking uses.
    notes : tuple of str
        Estimator warnings (e.g. too few samples per category).
    """

    name: str
    kind: str
    dtype: str
    count: int
    missing: int
    cardinality: int
    entropy: float | None
    entropy_std_error: float | None
    entropy_method: str | None
    mutual_information: float | None = None
    mutual_information_std_error: float | None = None
    mutual_information_method: str | None = None
    p_value: float | None = None
    test: str | None = None
    uncertainty_coefficient: float | None = None
    rank: int | None = None
    n_pairs: int = 0
    sampled: bool = False
    binned_entropy: float | None = None
    binned_mutual_information: float | None = None
    identifier: str | None = None
    expected_mutual_information: float | None = None
    mutual_information_above_chance: float | None = None
    notes: tuple[str, ...] = ()


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class DataFrameProfile:
    r"""The information profile of a dataframe: what each column tells about a target.

    Attributes
    ----------
    columns : tuple of ColumnProfile
        One entry per profiled column, most informative first.
    target : str or None
        Target column.
    target_kind : str or None
        ``"discrete"`` or ``"continuous"``.
    target_entropy, target_entropy_std_error : float or None
        :math:`\\hat H(Y)`, the baseline: the expected log loss of the best constant
        prediction of the target (units of `base`).
    target_cardinality : int or None
        Distinct values of the target.
    n_rows : int
        Rows in the dataframe.
    base : float
        Logarithm base of every information value.
    engine : str
        Where the counting ran (``"pandas"``, ``"polars"``, ``"duckdb"``, ``"dask"``, ...).
    method : str
        Entropy estimator of the count tables.
    pairwise_columns : tuple of str
        Columns of the pairwise matrix (the most informative ones).
    pairwise : tuple of tuple of float
        ``pairwise[i][j]``: the mutual information above chance of columns i and j, plug-in
        :math:`\\hat I(X_i; X_j)` minus its expectation under independence (quantile bins for
        continuous columns; NaN where the categories make more cells than a fifth of the
        rows); the diagonal holds each column's (binned) entropy.
    sample_description : str or None
        Which rows were sampled for the continuous estimators, or None if none were.
    n_sampled : int
        Rows in that sample.
    n_bins : int
        Quantile bins of continuous columns for the pairwise matrix and the binned G-test.
    keep_identifiers : bool
        Whether identifier-like columns were kept in the ranking and the pairwise matrix.
    n_permutations : int
        Shuffles of the permutation tests: their smallest p-value is ``1 / (1 +
        n_permutations)``.
    notes : tuple of str
        Remarks about the whole profile.
    """

    columns: tuple[ColumnProfile, ...]
    target: str | None
    target_kind: str | None
    target_entropy: float | None
    target_entropy_std_error: float | None
    target_cardinality: int | None
    n_rows: int
    base: float
    engine: str
    method: str
    pairwise_columns: tuple[str, ...] = ()
    pairwise: tuple[tuple[float, ...], ...] = ()
    sample_description: str | None = None
    n_sampled: int = 0
    n_bins: int = 10
    keep_identifiers: bool = False
    n_permutations: int = 200
    notes: tuple[str, ...] = field(default=())

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Names of the columns flagged as identifier-like."""
        return tuple(c.name for c in self.columns if c.identifier is not None)

    @property
    def unit(self) -> str:
        """Name of the unit of every information value (``"bits"``, ``"nats"``, ...)."""
        return unit_name(self.base)

    def column(self, name: str) -> ColumnProfile:
        """Return the profile of column `name`."""
        for column in self.columns:
            if column.name == name:
                return column
        msg = f"`name` must be a profiled column; got {name!r}."
        raise KeyError(msg)

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as nested dicts and lists of plain values (NaN becomes None)."""
        result: dict[str, Any] = _plain(dataclasses.asdict(self))
        result["unit"] = self.unit
        return result

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the profile as a JSON document (see `to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def to_pandas(self) -> Any:
        """Return one row per column as a `pandas.DataFrame` (needs pandas)."""
        pd = import_optional("pandas", needed_by="`to_pandas`", extra="dataframe")
        rows = [_plain(dataclasses.asdict(column)) for column in self.columns]
        fields = [f.name for f in dataclasses.fields(ColumnProfile)]
        frame = pd.DataFrame(rows, columns=fields)
        return frame.set_index("name")
