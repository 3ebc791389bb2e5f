"""`render_html_report`: one HTML file with inline CSS and SVG figures, no network access."""

from __future__ import annotations

import io
import math
import re
from importlib import resources
from typing import Any

from infokit._optional import import_optional
from infokit.errors import InvalidParameterError
from infokit.profiling import ColumnProfile, DataFrameProfile

__all__ = ["render_html_report"]

_TOP_DIAGRAMS = 3


def _svg(draw: Any, size: tuple[float, float]) -> str:
    """Draw with `draw(ax)` on a fresh figure and return its inline SVG element."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "infokit"}):
        figure = Figure(figsize=size, layout="constrained")
        ax = figure.subplots()
        draw(ax)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    text = buffer.getvalue()
    start = text.index("<svg")
    text = re.sub(r"<metadata>.*?</metadata>", "", text[start:], flags=re.DOTALL)
    return re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)


def _number(value: float | None, digits: int = 3) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.000"


def _information(value: float | None, digits: int = 3) -> Any:
    """`value` with `digits` decimals; a negative estimate reads "≈ 0" with its footnote."""
    from markupsafe import Markup

    if value is not None and math.isfinite(value) and value < 0:
        return Markup(
            '≈ 0<sup><a href="#note-negative" title="a bias-corrected estimate below zero">'
            "*</a></sup>"
        )
    return _number(value, digits)


def _p_value(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 1e-300" if value == 0 else f"{value:.2g}"


def _in_figures(profile: DataFrameProfile) -> list[ColumnProfile]:
    """Columns the figures show: identifier-like ones only when the profile kept them."""
    return [c for c in profile.columns if profile.keep_identifiers or c.identifier is None]


def _diagram_label(column: ColumnProfile, n_bins: int) -> str:
    """Label a column for a diagram: a continuous one enters through its quantile bins."""
    return f"{column.name} ({n_bins} bins)" if column.kind == "continuous" else column.name


def _pairwise(profile: DataFrameProfile) -> tuple[list[str], list[list[float]]]:
    """Return the pairwise matrix without identifier-like columns (unless they were kept)."""
    shown = {c.name for c in _in_figures(profile)}
    keep = [i for i, name in enumerate(profile.pairwise_columns) if name in shown]
    names = [profile.pairwise_columns[i] for i in keep]
    return names, [[profile.pairwise[i][j] for j in keep] for i in keep]


def _figures(profile: DataFrameProfile) -> dict[str, Any]:
    from infokit.plots import (
        information_diagram,
        mutual_information_bars,
        mutual_information_heatmap,
    )

    unit = profile.unit
    figures: dict[str, Any] = {"bars": None, "heatmap": None, "diagrams": []}
    scored = [c for c in _in_figures(profile) if c.mutual_information is not None]
    if scored:
        values = [c.mutual_information or 0.0 for c in scored]
        errors = [c.mutual_information_std_error or 0.0 for c in scored]
        labels = [c.name for c in scored]
        figures["bars"] = _svg(
            lambda ax: mutual_information_bars(values, errors, labels, ax=ax, unit=unit),
            (6.5, 0.32 * len(scored) + 1.3),
        )
    names, matrix = _pairwise(profile)
    if names:
        k = len(names)
        figures["heatmap"] = _svg(
            lambda ax: mutual_information_heatmap(matrix, names, ax=ax, unit=unit),
            (0.5 * k + 3.4, 0.45 * k + 2.2),
        )
    h_target = profile.target_entropy
    if profile.target is not None and profile.target_kind == "discrete" and h_target:
        for column in scored[:_TOP_DIAGRAMS]:
            h_x = column.binned_entropy
            mi = column.binned_mutual_information
            if h_x is None or mi is None or h_x <= 0:
                continue
            labels = [_diagram_label(column, profile.n_bins), profile.target]
            figures["diagrams"].append(
                _svg(
                    lambda ax, h_x=h_x, mi=mi, labels=labels: information_diagram(
                        h_x, h_target, mi, labels, ax=ax, unit=unit
                    ),
                    (3.4, 2.6),
                )
            )
    return figures


def render_html_report(profile: DataFrameProfile, /, *, title: str | None = None) -> str:
    r"""Render `profile` as one self-contained HTML page.

    The page holds the table of columns, a bar chart of the mutual information with the
    target (95 % error bars), the pairwise mutual information heatmap, information diagrams
    of the most informative columns, notes, and short explanations of each number. CSS and
    the SVG figures are inline: the file opens offline and loads nothing (its
    Content-Security-Policy forbids scripts and every external resource).

    Parameters
    ----------
    profile : DataFrameProfile
        The result of `infokit.profiling.profile_dataframe`.
    title : str, optional
        Page title (default: names the target).

    Returns
    -------
    str
        The HTML document.

    Notes
    -----
    Identifier-like columns (`ColumnProfile.identifier` set) carry a badge and their reason
    in the table and in the notes; they stay out of the bar chart and the heatmap, so they
    never set a colour scale, unless the profile kept them (`keep_identifiers`).

    A negative bias-corrected estimate of the mutual information is shown as "≈ 0" with a
    footnote. When the profile has them, the expected mutual information under independence
    and the mutual information above chance (the numerator of the adjusted mutual
    information, which the ranking uses) get their own columns.

    For a continuous column the table's H(X) is a differential entropy, while the heatmap
    diagonal and the information diagrams use the entropy of its quantile bins
    (`ColumnProfile.binned_entropy`): a footnote, a tooltip and the label "(10 bins)" say so.
    The information diagram draws :math:`H(X)` and :math:`H(Y)` as disc areas overlapping
    by :math:`I(X; Y)`, which needs a Shannon entropy (a differential entropy can be
    negative and has no area).

    Examples
    --------
    >>> import pandas as pd
    >>> from infokit.profiling import profile_dataframe
    >>> from infokit.report import render_html_report
    >>> df = pd.DataFrame({"x": [0, 0, 1, 1] * 10, "y": [0, 1, 1, 1] * 10})
    >>> html = render_html_report(profile_dataframe(df, target="y", base="bits"))
    >>> html.startswith("<!DOCTYPE html>"), "<svg" in html, "http://" in html.split("<svg")[0]
    (True, True, False)
    """
    if not isinstance(profile, DataFrameProfile):
        msg = f"`profile` must be a DataFrameProfile; got {type(profile).__name__}."
        raise InvalidParameterError(msg)
    for module in ("jinja2", "matplotlib"):  # say what to install before drawing anything
        import_optional(module, needed_by="the HTML report", extra="report")
    import jinja2
    from markupsafe import Markup

    source = resources.files("infokit.report").joinpath("templates").joinpath("report.html.j2")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["num"] = _number
    environment.filters["pvalue"] = _p_value
    environment.filters["information"] = _information
    template = environment.from_string(source.read_text(encoding="utf-8"))
    figures = _figures(profile)
    continuous = [c for c in profile.columns if c.kind == "continuous"]
    heatmap_names, _ = _pairwise(profile)
    heading = title or (
        f"Information profile: what each column tells about {profile.target}"
        if profile.target
        else "Information profile"
    )
    return template.render(
        title=heading,
        profile=profile,
        unit=profile.unit,
        bars=Markup(figures["bars"]) if figures["bars"] else None,
        heatmap=Markup(figures["heatmap"]) if figures["heatmap"] else None,
        diagrams=[Markup(svg) for svg in figures["diagrams"]],
        has_continuous=bool(continuous),
        binned_in_heatmap=[c.name for c in continuous if c.name in heatmap_names],
        identifiers=[c for c in profile.columns if c.identifier is not None],
        has_negative=any(
            value is not None and value < 0
            for c in profile.columns
            for value in (
                c.mutual_information,
                c.mutual_information_above_chance,
                c.uncertainty_coefficient,
            )
        ),
        has_chance=any(c.expected_mutual_information is not None for c in profile.columns),
    )
