r"""The one rule that calls a column identifier-like.

An identifier (a row number, a user id, a uuid, a timestamp, free text) takes a new value on
nearly every row. Counted as a category it explains any target perfectly in the sample
(:math:`\hat I(X; Y) = \hat H(Y)`), and that information does not generalise to a single
new row. The profile flags such columns, says why, and keeps them out of the ranking and the
pairwise matrix unless asked to keep them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

__all__ = ["UNIQUE_FRACTION", "ValueType", "identifier_reason"]

ValueType = Literal["string", "integer", "float", "datetime", "date", "boolean", "other"]

UNIQUE_FRACTION = 0.95  # distinct / present at or above which values are "unique per row"
TEXT_FRACTION = 0.5  # distinct fraction of long strings (free text) and of timestamps
TEXT_LENGTH = 20  # mean length of a string value above which it reads as free text
MIN_ROWS = 10  # below this many present values no column is called an identifier
CONSECUTIVE_SPAN = 1.5  # integers whose range spans at most 1.5x their distinct values
_GENERALISE = "an identifier carries no information that generalises"
_UUID = re.compile(
    r"^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$", re.IGNORECASE
)
_HASH = re.compile(r"^[0-9a-f]{16,}$", re.IGNORECASE)
_KEY_NAME = re.compile(
    r"(?i:(^|[_\s.\-])(id|ids|key|uuid|guid|idx|index|no|nr|num|number)$)|[a-z0-9]Id$|ID$"
)


def _looks_like_key(values: Sequence[object]) -> bool:
    text = [str(v) for v in values]
    if not text:
        return False
    hits = sum(bool(_UUID.match(t) or _HASH.match(t)) for t in text)
    return hits >= 0.9 * len(text)


def identifier_reason(
    *,
    name: str,
    value_type: ValueType,
    n_present: int,
    n_distinct: int,
    value_range: tuple[float, float] | None = None,
    values: Sequence[object] = (),
) -> str | None:
    r"""Say why a column looks like an identifier, or return None.

    Parameters
    ----------
    name : str
        Column name (a name ending in ``id``, ``key``, ``uuid``, ``index``, ``no``, ...
        marks unique integers as keys).
    value_type : {"string", "integer", "float", "datetime", "date", "boolean", "other"}
        Type of the values; floats holding only whole numbers count as ``"integer"``.
    n_present, n_distinct : int
        Present values, and distinct present values.
    value_range : (float, float), optional
        Smallest and largest value of an integer column.
    values : sequence, optional
        Some present values of a string column (to recognise UUIDs, hashes and free text).

    Returns
    -------
    str or None
        The reason, shown in the profile, or None for an ordinary column.

    Notes
    -----
    With :math:`r` = distinct / present values and at least 10 present values, a column is
    identifier-like when it is

    - text (strings or categories) whose sampled values are UUIDs or hexadecimal hashes
      (any :math:`r`), or with :math:`r \ge 0.95`, or free text: :math:`r \ge 0.5` and a
      mean length of at least 20 characters;
    - integers with :math:`r \ge 0.95` that are consecutive (their range spans at most 1.5
      times their distinct values: a row number) or whose column name reads as a key
      (``id``, ``user_id``, ``customerID``, ``order_no``, ...); other unique integers are
      measurements (counts, amounts) and stay continuous;
    - timestamps with :math:`r \ge 0.5`, dates with :math:`r \ge 0.95`.

    Floating point measurements and booleans never are. Row order is not used (lazy engines
    do not keep it), so a monotone integer that repeats is not flagged.
    """
    if n_present < MIN_ROWS or n_distinct < MIN_ROWS:
        return None
    fraction = n_distinct / n_present
    share = f"{fraction:.0%} of {n_present} values distinct"
    unique = "unique per row" if n_distinct == n_present else f"nearly unique per row ({share})"
    if value_type == "string":
        if _looks_like_key(values):
            return f"UUID or hash keys ({share}): {_GENERALISE}"
        if fraction >= UNIQUE_FRACTION:
            return f"{unique}: {_GENERALISE}"
        text = [str(v) for v in values]
        length = sum(len(t) for t in text) / len(text) if text else 0.0
        if fraction >= TEXT_FRACTION and length >= TEXT_LENGTH:
            return f"free text ({share}, {length:.0f} characters on average): {_GENERALISE}"
        return None
    if value_type == "integer":
        if fraction < UNIQUE_FRACTION:
            return None
        if value_range is not None:
            span = value_range[1] - value_range[0] + 1
            if span <= CONSECUTIVE_SPAN * n_distinct:
                return f"consecutive integers, {unique}: a row number; {_GENERALISE}"
        if _KEY_NAME.search(name.strip()):
            return f"{unique}, and named like a key: {_GENERALISE}"
        return None
    if value_type == "datetime" and fraction >= TEXT_FRACTION:
        return (
            f"timestamp, {unique if fraction >= UNIQUE_FRACTION else share}: {_GENERALISE}; "
            "derive features such as the hour or the weekday instead"
        )
    if value_type == "date" and fraction >= UNIQUE_FRACTION:
        return f"date, {unique}: {_GENERALISE}"
    return None
