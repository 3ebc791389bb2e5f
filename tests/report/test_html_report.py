"""The HTML report: self-contained, and rendered by a real headless Chromium."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from markupsafe import escape

from infokit.data import load_penguins
from infokit.errors import InvalidParameterError
from infokit.profiling import profile_dataframe
from infokit.report import render_html_report

matplotlib.use("Agg")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.fixture(scope="module")
def profile():
    return profile_dataframe(load_penguins(), target="species", base="bits")


@pytest.fixture(scope="module")
def html(profile) -> str:
    return render_html_report(profile)


REASON = "unique per row: an identifier carries no information that generalises"
FLAGGED = "flipper_length_mm"  # the most informative column, and so the top of every figure


def _with_identifier(profile, name=FLAGGED, **changes):
    """`profile` with column `name` flagged as identifier-like, as the profiling core does."""
    columns = tuple(
        dataclasses.replace(c, identifier=REASON, rank=None) if c.name == name else c
        for c in profile.columns
    )
    return dataclasses.replace(profile, columns=columns, **changes)


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("\n<p", start)]  # each figure is followed by its caption


def _table(html: str) -> str:
    return html[html.index('<table class="profile"') : html.index("</table>")]


def _row(html: str, name: str) -> str:
    table = _table(html)
    start = table.index(f">{name}<")
    return table[table.rfind("<tr", 0, start) : table.index("</tr>", start)]


def test_report_is_self_contained(html):
    assert html.startswith("<!DOCTYPE html>")
    # the browser itself refuses anything but inline styles and data: images
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    ) in html
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html
    assert "url(" not in html.replace("url(#", "")
    assert "<metadata>" not in html
    assert html.count("<svg") == 2 + 3  # bars, heatmap, three information diagrams


def test_report_shows_every_number_of_the_profile(profile, html):
    for column in profile.columns:
        assert f">{column.name}<" in html
        row = _row(html, column.name)
        if column.mutual_information >= 0:
            assert f"{column.mutual_information:.3f} ± " in row
        else:
            assert "≈ 0<sup>" in row
        assert f" ± {column.mutual_information_std_error:.3f}" in row
        assert f"{column.entropy:.3f} ± {column.entropy_std_error:.3f}" in row
    assert f"H(species) = {profile.target_entropy:.3f}" in html
    assert "best constant predictor" in html
    assert "H(Y) − H(Y | X)" in html
    assert str(escape(profile.sample_description)) in html


def test_negative_mutual_information_reads_about_zero_with_a_footnote(profile, html):
    negative = [c for c in profile.columns if c.mutual_information < 0]
    assert negative  # year and sex: independent of the species, bias-corrected below zero
    table = _table(html)
    assert not re.search(r"[-−]0\.\d", table)
    for column in negative:
        assert '≈ 0<sup><a href="#note-negative"' in _row(html, column.name)
    assert 'id="note-negative"' in html
    assert "never negative" in html.split('id="note-negative"')[1].split("</li>")[0]


def test_expected_and_above_chance_mutual_information_are_shown_and_explained(profile):
    columns = tuple(
        dataclasses.replace(
            c,
            expected_mutual_information=0.0123 if c.kind == "discrete" else None,
            mutual_information_above_chance=c.mutual_information - 0.0123,
        )
        for c in profile.columns
    )
    html = render_html_report(dataclasses.replace(profile, columns=columns))
    header = _table(html).split("</thead>")[0]
    assert "E[I] under independence" in header
    assert "I above chance" in header
    island = profile.column("island")
    assert f"<td>{island.mutual_information - 0.0123:.3f}</td>" in _row(html, "island")
    assert "<td>0.012</td>" in _row(html, "island")
    assert "<td>–</td>" in _row(html, "bill_depth_mm")  # no E[I] for a kNN estimate
    meaning = html.split("What the numbers mean")[1]
    assert "Vinh, Epps &amp; Bailey (2010)" in meaning
    assert "adjusted mutual information" in meaning
    assert "ordered by their mutual information above chance" in meaning


def test_columns_without_chance_correction_show_no_empty_columns(profile, html):
    assert "E[I] under independence" in html.split("</thead>")[0]  # island, year, sex
    plain = dataclasses.replace(
        profile,
        columns=tuple(
            dataclasses.replace(
                c, expected_mutual_information=None, mutual_information_above_chance=None
            )
            for c in profile.columns
        ),
    )
    assert "E[I] under independence" not in render_html_report(plain).split("</thead>")[0]


def test_identifier_column_is_flagged_in_the_table_and_the_notes(profile):
    html = render_html_report(_with_identifier(profile))
    row = _row(html, FLAGGED)
    assert row.startswith('<tr class="identifier">')
    assert '<span class="badge"' in row
    assert f'<span class="reason">{REASON}</span>' in row
    assert row.split("<td>")[1].startswith('<span title="identifier-like columns are not ranked">')
    notes = html[html.index('<ul class="note" id="notes">') :]
    assert f"<b>{FLAGGED}</b>" in notes.split("</ul>")[0]
    assert REASON in notes.split("</ul>")[0]


def test_identifier_column_stays_out_of_the_figures(profile):
    flagged = _with_identifier(profile)
    html = render_html_report(flagged)
    bars, heatmap = _section(html, "figure-bars"), _section(html, "figure-heatmap")
    diagrams = _section(html, "figure-diagrams")
    for figure in (bars, heatmap, diagrams):
        assert FLAGGED not in figure
    assert "bill_depth_mm" in bars
    assert "bill_depth_mm" in heatmap
    assert html.count("<svg") == 2 + 3  # the next three columns get the diagrams
    # its 5.56-bit entropy sets no colour scale: the heatmap is the one without it
    names = [n for n in profile.pairwise_columns if n != FLAGGED]
    keep = [profile.pairwise_columns.index(n) for n in names]
    from infokit.report._html import _pairwise

    assert _pairwise(flagged) == (
        names,
        [[profile.pairwise[i][j] for j in keep] for i in keep],
    )


def test_kept_identifier_columns_enter_the_figures(profile):
    html = render_html_report(_with_identifier(profile, keep_identifiers=True))
    assert FLAGGED in _section(html, "figure-bars")
    assert FLAGGED in _section(html, "figure-heatmap")
    assert "kept in the ranking and the figures" in html


def test_report_says_which_entropy_is_which(profile, html):
    continuous = [c for c in profile.columns if c.kind == "continuous"]
    assert continuous
    for column in continuous:
        row = _row(html, column.name)
        assert 'title="differential entropy h(X) of the density' in row
        assert f"its {profile.n_bins} quantile bins, {column.binned_entropy:.3f} bits" in row
        assert '<a href="#note-differential">†</a>' in row
    assert "differential entropy" in html.split('id="note-differential"')[1].split("</li>")[0]
    diagrams = _section(html, "figure-diagrams")
    assert f"bill_depth_mm ({profile.n_bins} bins)" in diagrams
    assert f"island ({profile.n_bins} bins)" not in diagrams  # a discrete column
    caption = html.split('id="heatmap-caption"')[1].split("</p>")[0]
    assert f"entropy of their {profile.n_bins} quantile bins" in caption
    assert "bill_depth_mm" in caption
    assert "not the differential entropy" in caption


def test_heatmap_colour_scale_ignores_the_diagonal(profile, html):
    names, matrix = list(profile.pairwise_columns), np.array(profile.pairwise)
    off_diagonal = matrix[~np.eye(len(names), dtype=bool)].max()
    colour_bar_ticks = re.findall(r">(\d\.\d)</text>", _section(html, "figure-heatmap"))
    assert colour_bar_ticks  # the colour bar's tick labels
    assert max(float(t) for t in colour_bar_ticks) <= off_diagonal < matrix.diagonal().max()
    assert "off the colour scale" in html


def test_table_aligns_numbers_right_and_names_left(html):
    style = html[html.index("<style>") : html.index("</style>")]
    assert (
        "text-align: right" in style.split("table.profile th, table.profile td {")[1].split("}")[0]
    )
    assert "font-variant-numeric: tabular-nums" in style
    left = style.split("text-align: left")[0].rsplit("}", 1)[1]
    assert "table.profile td.name" in left
    assert "table.profile th.name" in left


def test_report_escapes_column_names():
    df = pd.DataFrame({"<b>x</b>": [0, 1] * 20, "y": [0, 1] * 20})
    html = render_html_report(profile_dataframe(df, target="y"))
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_report_without_target_has_no_target_figures():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.integers(0, 3, 100), "b": rng.integers(0, 2, 100)})
    html = render_html_report(profile_dataframe(df))
    assert html.count("<svg") == 1  # the pairwise heatmap only
    assert "baseline" not in html.lower().split("<h2>columns")[0]


def test_report_refuses_other_objects():
    with pytest.raises(InvalidParameterError, match=r"`profile` must be a DataFrameProfile"):
        render_html_report({"columns": []})  # type: ignore[arg-type]


def _chromium(page: Path, tmp_path: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    profile_dir = tmp_path / f"chromium-{len(list(tmp_path.iterdir()))}"
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile_dir}", *mode, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=True)


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_chromium_renders_table_and_figures_without_console_errors(html, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")

    # the check can fail: a page that logs an error is caught
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom")</script></body></html>')
    assert any(
        "boom" in m for m in _console_messages(_chromium(bad, tmp_path, "--dump-dom").stderr)
    )

    dumped = _chromium(page, tmp_path, "--dump-dom")
    assert _console_messages(dumped.stderr) == []
    dom = dumped.stdout
    assert dom.count("<svg") == 5
    assert len(re.findall(r"<tr[ >]", dom)) == 1 + 7  # header and one row per column
    assert "flipper_length_mm" in dom

    screenshot = tmp_path / "report.png"
    shot = _chromium(page, tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2400")
    assert _console_messages(shot.stderr) == []
    pixels = matplotlib.image.imread(screenshot)[..., :3]
    assert pixels.shape[:2] == (2400, 1200)
    # the bars of the MI chart (#4878a8) and the table header background (#f3f5f8) are painted
    bar = np.all(np.abs(pixels - np.array([0x48, 0x78, 0xA8]) / 255) < 0.02, axis=-1)
    header = np.all(np.abs(pixels - np.array([0xF3, 0xF5, 0xF8]) / 255) < 0.01, axis=-1)
    assert bar.sum() > 5000
    assert header.sum() > 5000


# Runs in the browser: the oriented box of every SVG <text> (its own bounding box mapped to
# the screen by its transform, so rotated tick labels keep their true shape), then a
# separating-axis test of every pair within one figure. The result goes into the DOM.
OVERLAP_SCRIPT = """
<script>
function corners(text) {
  const box = text.getBBox(), m = text.getScreenCTM();
  const inset = 0.5;  // touching edges are not an overlap
  return [[box.x + inset, box.y + inset], [box.x + box.width - inset, box.y + inset],
          [box.x + box.width - inset, box.y + box.height - inset],
          [box.x + inset, box.y + box.height - inset]]
    .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
}
function separated(p, q) {
  for (const poly of [p, q]) {
    for (let i = 0; i < 4; i++) {
      const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) % 4];
      const nx = y1 - y2, ny = x2 - x1;
      const project = (pts) => pts.map(([x, y]) => x * nx + y * ny);
      const a = project(p), b = project(q);
      if (Math.max(...a) <= Math.min(...b) || Math.max(...b) <= Math.min(...a)) return true;
    }
  }
  return false;
}
const result = {figures: 0, texts: 0, overlaps: []};
document.querySelectorAll("svg").forEach((svg, f) => {
  result.figures += 1;
  const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim());
  const boxes = texts.map(corners);
  result.texts += texts.length;
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++)
      if (!separated(boxes[i], boxes[j]))
        result.overlaps.push([f, texts[i].textContent, texts[j].textContent]);
});
const out = document.createElement("pre");
out.id = "overlap-result";
out.textContent = JSON.stringify(result);
document.body.appendChild(out);
</script>
"""


def _text_overlaps_in_browser(html: str, tmp_path: Path, name: str) -> dict:
    """Open `html` with the overlap script in Chromium and return the script's result."""
    relaxed = html.replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
    page = tmp_path / f"{name}.html"
    page.write_text(relaxed.replace("</body>", OVERLAP_SCRIPT + "</body>"), encoding="utf-8")
    dom = _chromium(page, tmp_path, "--dump-dom", "--virtual-time-budget=5000").stdout
    found = re.search(r'<pre id="overlap-result">(.*?)</pre>', dom, flags=re.S)
    assert found, "the overlap script did not run"
    return json.loads(unescape(found.group(1)))


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_chromium_shows_identifier_report_without_overlapping_labels(profile, tmp_path):
    html = render_html_report(_with_identifier(profile))
    page = tmp_path / "identifier.html"
    page.write_text(html, encoding="utf-8")

    screenshot = tmp_path / "identifier.png"
    shot = _chromium(page, tmp_path, f"--screenshot={screenshot}", "--window-size=1200,2000")
    assert _console_messages(shot.stderr) == []
    pixels = matplotlib.image.imread(screenshot)[..., :3]
    assert pixels.shape[:2] == (2000, 1200)
    assert pixels.std() > 0.05  # not a blank page
    # the identifier row's background (#fff8e6) and its badge (#f0b429) are painted
    row = np.all(np.abs(pixels - np.array([0xFF, 0xF8, 0xE6]) / 255) < 0.01, axis=-1)
    badge = np.all(np.abs(pixels - np.array([0xF0, 0xB4, 0x29]) / 255) < 0.03, axis=-1)
    assert row.sum() > 5000
    assert badge.sum() > 100

    # the check can fail: two labels drawn on top of each other are caught
    clash = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none';\"></head><body><svg width='220' height='100'>"
        "<text x='10' y='50'>one label</text><text x='30' y='52'>another</text>"
        "<text x='100' y='95' transform='rotate(-45 100 95)'>rotated label</text>"
        # inside the rotated label's upright bounding box, yet clear of the label itself
        "<text x='145' y='92'>corner</text></svg></body></html>"
    )
    caught = _text_overlaps_in_browser(clash, tmp_path, "clash")
    assert [pair[1:] for pair in caught["overlaps"]] == [["one label", "another"]]

    result = _text_overlaps_in_browser(html, tmp_path, "checked")
    assert result["figures"] == 5  # bars, heatmap, three information diagrams
    assert result["texts"] > 50
    assert result["overlaps"] == []
