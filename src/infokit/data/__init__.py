"""Datasets shipped with infokit (see ``README.md`` in this folder for sources and licences)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from infokit._optional import import_optional

__all__ = ["PENGUINS_SHA256", "load_penguins", "penguins_path"]

PENGUINS_SHA256 = "f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93"


def penguins_path() -> Path:
    """Return the path of the bundled Palmer penguins CSV (344 rows, CC0).

    Examples
    --------
    >>> from infokit.data import penguins_path
    >>> penguins_path().name
    'penguins.csv'
    """
    return Path(str(resources.files("infokit.data").joinpath("penguins.csv")))


def load_penguins() -> Any:
    """Load the Palmer penguins as a `pandas.DataFrame` (needs pandas).

    Columns: species, island, sex (strings), bill_length_mm, bill_depth_mm,
    flipper_length_mm, body_mass_g (floats, NaN where missing), year (integer). Source:
    Horst, Hill and Gorman (2020), data of Gorman, Williams and Fraser (2014); CC0.

    Examples
    --------
    >>> from infokit.data import load_penguins
    >>> penguins = load_penguins()
    >>> penguins.shape, sorted(penguins["species"].unique())
    ((344, 8), ['Adelie', 'Chinstrap', 'Gentoo'])
    """
    pd = import_optional("pandas", needed_by="`load_penguins`", extra="dataframe")
    frame = pd.read_csv(penguins_path(), na_values=["NA"], keep_default_na=False)
    measures = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    frame[measures] = frame[measures].astype("float64")
    return frame
