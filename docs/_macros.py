"""Macros for the documentation pages (mkdocs-macros-plugin).

``{{ figure("surprisal_curve", base=2, caption="...") }}`` draws a figure with
``infokit.plots`` at build time and embeds it as a PNG, so every picture in the docs is
computed by the library it documents. The ``*_table`` macros render the committed JSON
output of the scripts in ``benchmarks/`` as Markdown tables.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=144, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(name: str, *args: Any, caption: str = "", width: int = 560, **kwargs: Any) -> str:
    """Draw ``infokit.plots.<name>(*args, **kwargs)`` and return it as an HTML figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import infokit.plots

    plt.rcParams.update({"figure.dpi": 100, "font.size": 10})
    draw = getattr(infokit.plots, name)
    ax = draw(*args, **kwargs)
    fig = ax.figure
    try:
        data = _png(fig)
    finally:
        plt.close(fig)
    alt = html.escape(caption or name.replace("_", " "))
    img = f'<img src="data:image/png;base64,{data}" alt="{alt}" width="{width}">'
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{img}{cap}</figure>"


def load_results(name: str) -> Any:
    """Return the parsed ``benchmarks/results/<name>.json``."""
    with (RESULTS / f"{name}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value:.{digits}f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def machine() -> str:
    """One line describing the machine the committed results were measured on."""
    info = load_results("machine")
    versions = ", ".join(f"{name} {version}" for name, version in info["versions"].items())
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, {info['system']}, "
        f"Python {info['python']}; {versions}."
    )


def discrete_entropy_table(distribution: str, n: int) -> str:
    """Accuracy of every discrete entropy estimator (and the peers') in one setting."""
    data = load_results("accuracy_discrete")
    rows = []
    methods = dict.fromkeys(key.split("/")[2] for key in data["entropy"])
    for method in methods:
        unknown = data["entropy"].get(f"{distribution}/N={n}/{method}/K unknown")
        known = data["entropy"].get(f"{distribution}/N={n}/{method}/K known")
        if unknown is None or known is None:
            continue
        rows.append(
            [f"infokit `{method}`"]
            + [_fmt(unknown[key]) for key in ("bias", "std", "rmse")]
            + [_fmt(unknown["coverage"], 3), _fmt(unknown["mean_ci_width"])]
            + [_fmt(unknown.get("own_coverage"), 3)]
            + [_fmt(known[key]) for key in ("rmse",)]
            + [_fmt(known["coverage"], 3)]
        )
    for key, peer in data.get("peers", {}).items():
        library, dist, size, method = key.split("/")
        if dist == distribution and size == f"N={n}":
            rows.append(
                [f"{library} `{method}`"]
                + [_fmt(peer[name]) for name in ("bias", "std", "rmse")]
                + ["—", "—", "—", "—", "—"]
            )
    header = [
        "estimator",
        "bias",
        "std",
        "RMSE",
        "95% CI coverage",
        "mean CI width",
        "coverage of its own interval",
        "RMSE, K known",
        "coverage, K known",
    ]
    return _table(header, rows)


def discrete_mi_table(n: int) -> str:
    """Accuracy of the discrete mutual-information estimators at sample size `n`."""
    data = load_results("accuracy_discrete")
    rows = []
    for key, value in data["mutual_information"].items():
        _, size, method, alphabet = key.split("/")
        if size == f"N={n}":
            rows.append(
                [f"`{method}`", alphabet]
                + [_fmt(value[name]) for name in ("bias", "std", "rmse")]
                + [_fmt(value["coverage"], 2)]
            )
    return _table(["estimator", "alphabet", "bias", "std", "RMSE", "95% CI coverage"], rows)


def discrete_convergence(distribution: str, methods: list[str], caption: str = "") -> str:
    """Mean estimate over repetitions against N, bars ±1.96 std of the estimates, and truth."""
    data = load_results("accuracy_discrete")
    results: dict[str, list[tuple[int, float, float]]] = {}
    truth = None
    for method in methods:
        for n in data["settings"]["sizes"]:
            row = data["entropy"][f"{distribution}/N={n}/{method}/K unknown"]
            truth = row["truth"]
            results.setdefault(method, []).append((n, truth + row["bias"], row["std"]))
    return figure("estimator_convergence", results, truth=truth, unit="nats", caption=caption)


def continuous_table(section: str, contains: str = "") -> str:
    """Bias, std and RMSE of every contender in the continuous accuracy benchmark."""
    data = load_results("accuracy_continuous")
    settings = data[section] if isinstance(data[section], list) else [data[section]]
    rows = []
    for setting in settings:
        if contains not in setting["setting"]:
            continue
        name = setting["setting"]
        for contender, value in setting["results"].items():
            rows.append([name, contender] + [_fmt(value[key]) for key in ("bias", "std", "rmse")])
            name = ""
    return _table(["setting (truth in nats)", "estimator", "bias", "std", "RMSE"], rows)


def continuous_coverage_table() -> str:
    """Coverage of the nominal 95% intervals of the continuous estimators."""
    data = load_results("accuracy_continuous")["coverage"]
    rows = [
        [f"`{name}`", _fmt(value["coverage"], 3), _fmt(value["mean_width"])]
        for name, value in data["results"].items()
    ]
    return _table(["estimator (interval)", "coverage", "mean width (nats)"], rows)


def uncertainty_coverage_table() -> str:
    """Coverage of the default 95% intervals (``benchmarks/accuracy_uncertainty.py``)."""
    rows = [
        [
            name,
            str(value["reps"]),
            f"{value['coverage']:.1%}",
            f"{value['coverage_of_mean']:.1%}",
            f"{value['se_over_sd']:.2f}",
            _fmt(value["bias"]),
            f"{value['n_subsamples']} of {value['subsample_fraction']:.3g} N",
        ]
        for name, value in load_results("accuracy_uncertainty")["results"].items()
    ]
    header = ["setting", "reps", "coverage", "of the mean", "se / sd", "bias", "subsamples"]
    return _table(header, rows)


def continuous_convergence(rho: float, contenders: list[str], caption: str = "") -> str:
    """Mean MI estimates (bars ±1.96 std) against N, bivariate Gaussian with correlation rho."""
    data = load_results("accuracy_continuous")
    results: dict[str, list[tuple[int, float, float]]] = {}
    truth = None
    for setting in data["bivariate_gaussian_mi"]:
        if f"rho={rho} " not in setting["setting"]:
            continue
        n = int(setting["setting"].rsplit("N=", 1)[1])
        truth = setting["truth"]
        for contender in contenders:
            value = setting["results"][contender]
            results.setdefault(contender, []).append((n, value["mean"], value["std"]))
    return figure("estimator_convergence", results, truth=truth, unit="nats", caption=caption)


def speed_table(name: str, section: str = "") -> str:
    """Median times of one benchmark section, with each one's ratio to the floor."""
    data = load_results(name)
    part = data[section] if section else data
    medians = part.get("medians_seconds") or part.get("median_seconds") or part["median_s"]
    floor = part.get("floor") or next((key for key in medians if key.startswith("floor")), None)
    base = medians[floor] if floor else None
    rows = []
    for contender, seconds in medians.items():
        ratio = "—" if base is None else f"{seconds / base:.2f}×"
        rows.append([contender, f"{seconds * 1e3:,.1f}", ratio])
    header = ["contender", "median (ms)", f"× {floor}" if floor else "ratio"]
    return _table(header, rows)


def profile_scale_table() -> str:
    """Rows, wall time and memory of the profile benchmarks."""
    data = load_results("bench_profile")
    rows = []
    memory = data["in_memory"]
    for name, seconds in memory["median_s"].items():
        rows.append([name, f"{memory['rows']:,}", f"{seconds:.1f}", "—"])
    duck = data["out_of_core_duckdb"]
    rows.append(
        [
            f"profile_dataframe DuckDB, Parquet on disk (max_pairwise={duck['max_pairwise']})",
            f"{duck['rows']:,}",
            f"{duck['wall_s']:.0f}",
            f"{duck['peak_rss_mib']:.0f}",
        ]
    )
    return _table(["run", "rows", "seconds (median)", "peak RSS (MiB)"], rows)


def feature_selection_speed_table() -> str:
    """Scores of many features against one target: infokit against scikit-learn."""
    scores = load_results("bench_feature_selection")["scores"]
    shape = f"{scores['n_samples']:,} × {scores['n_features']}"
    rows = [
        ["scikit-learn `mutual_info_classif`", shape, f"{scores['sklearn_median']:.2f}", "1"],
        [
            "infokit `mutual_information_scores`",
            shape,
            f"{scores['infokit_median']:.2f}",
            f"{scores['speedup']:.1f}× faster",
        ],
    ]
    return _table(["contender", "data", "median (s)", "ratio"], rows)


def partitions_speed_table() -> str:
    """Partition comparison scores: infokit against scikit-learn, same labels."""
    rows = [
        [
            row["score"],
            f"{row['n']:.0e}",
            f"{row['clusters'][0]} × {row['clusters'][1]}",
            f"{row['sklearn_s']:.3f}",
            f"{row['infokit_s']:.3f}",
            f"{row['speedup']:.1f}× faster",
            f"{row['abs_difference']:.0e}",
        ]
        for row in load_results("bench_partitions")
    ]
    header = [
        "score",
        "labels",
        "clusters",
        "scikit-learn (s)",
        "infokit (s)",
        "ratio",
        "abs. difference",
    ]
    return _table(header, rows)


def multiplets_speed_table() -> str:
    """O-information of every multiplet: infokit's batched call, hoi and a loop."""
    data = load_results("bench_multiplets")
    shape = f"{data['multiplets']:,} multiplets of {data['size']} of {data['variables']}"
    default = data["infokit_default_s"]
    rows = [
        ["infokit `estimate_multiplet_information(data)`", f"{default:.3f}", "1"],
        [
            'infokit, `uncertainty="none"`',
            f"{data['infokit_no_errors_s']:.3f}",
            f"{data['infokit_no_errors_s'] / default:.2f}",
        ],
    ]
    if "hoi_warm_s" in data:
        rows += [
            [
                'hoi `Oinfo.fit(method="gc")`, warm',
                f"{data['hoi_warm_s']:.2f}",
                f"{data['hoi_warm_s'] / default:.0f}",
            ],
            [
                "hoi, first call (JIT)",
                f"{data['hoi_cold_s']:.2f}",
                f"{data['hoi_cold_s'] / default:.0f}",
            ],
        ]
    rows.append(
        [
            "loop of `estimate_o_information` (extrapolated)",
            f"{data['loop_extrapolated_s']:.0f}",
            f"{data['loop_extrapolated_s'] / default:.0f}",
        ]
    )
    return f"{shape} variables, N = {data['n']:,}\n\n" + _table(
        ["contender", "median (s)", "time / infokit default"], rows
    )


def nsb_speed_table() -> str:
    """Time of NSB on the counts of samples of growing size."""
    data = load_results("bench_discrete")["nsb"]
    rows = [
        [size, f"{value['distinct_counts']:,}", f"{value['seconds'] * 1e3:.1f}"]
        for size, value in data.items()
    ]
    return _table(["samples", "distinct count values", "NSB time (ms)"], rows)


def normal_entropy_convergence(sizes: list[int], seed: int = 0, caption: str = "") -> str:
    """Estimate the entropy of standard normal samples of each size, drawn as on the page."""
    import math

    import numpy as np

    import infokit

    rng = np.random.default_rng(seed)
    estimates = [infokit.estimate_entropy(rng.normal(size=n)) for n in sizes]
    truth = 0.5 * math.log(2 * math.pi * math.e)
    return figure("estimator_convergence", estimates, truth=truth, caption=caption)


def continuous_speed_tables(name: str = "bench_continuous") -> str:
    """One table per section of ``<name>.json``: medians and ratios to infokit."""
    sections = load_results(name)["sections"]
    parts = []
    for section in sections.values():
        if "contenders" not in section:
            continue
        rows = [
            [
                name,
                f"{value['median_seconds'] * 1e3:,.1f}",
                f"{value['ratio_to_infokit']:.2f}×",
            ]
            for name, value in section["contenders"].items()
        ]
        header = ["contender", "median (ms)", "× infokit"]
        parts.append(f"**{section['title']}**\n\n" + _table(header, rows))
    huge = sections.get("ksg_huge")
    if huge:
        parts.append(
            f"**KSG at N = {huge['n']:,}** ({huge['d']}-D pairs, k = {huge['k']}): "
            f"{huge['seconds']:.1f} s, peak resident memory "
            f"{huge['rss_peak_kib'] / 2**10:,.0f} MiB."
        )
    return "\n".join(parts)


def knn_dimensions_table() -> str:
    """KSG and Kozachenko–Leonenko public calls against NPEET by dimension."""
    rows = [
        [
            f"{row['n']:,}",
            str(row["d_joint"]),
            f"{row['infokit_mi_s'] * 1e3:,.1f}",
            f"{row['infokit_mi_default_s'] * 1e3:,.1f}",
            f"{row['npeet_mi_s'] * 1e3:,.1f}",
            f"{row['mi_ratio_npeet_over_infokit']:.1f}×",
            f"{row['infokit_entropy_s'] * 1e3:,.1f}",
            f"{row['npeet_entropy_s'] * 1e3:,.1f}",
            f"{row['entropy_ratio_npeet_over_infokit']:.1f}×",
        ]
        for row in load_results("bench_knn_dimensions")["rows"]
    ]
    header = [
        "N",
        "joint d",
        "MI (ms)",
        "MI with error bar (ms)",
        "NPEET MI (ms)",
        "NPEET ÷ infokit",
        "entropy (ms)",
        "NPEET entropy (ms)",
        "NPEET ÷ infokit",
    ]
    return _table(header, rows)


def zero_inflated_table() -> str:
    """Bias / RMSE of the MI estimators on samples with atoms (accuracy_zero_inflated)."""
    results = load_results("accuracy_zero_inflated")
    methods = ["stratified_ksg", "mixed_ksg", "ksg"]
    rows = [
        [row["setting"], f"{row['n']:,}", f"{row['truth']:.4f}"]
        + [f"{row[m]['bias']:+.4f} / {row[m]['rmse']:.4f}" for m in methods]
        for row in results["rows"]
    ]
    header = ["setting", "N", "truth"] + [f'`"{m}"`' for m in methods]
    return _table(header, rows)


def beyond_normal_table() -> str:
    """Per method: tasks within tolerance, mean |bias|, time (accuracy_beyond_normal)."""
    results = load_results("accuracy_beyond_normal")
    per_method = results["summary"]["per_method"]
    n_tasks = len(results["summary"]["per_task"])
    rows = []
    for method, row in per_method.items():
        if row["tasks_run"] == 0:
            rows.append([f'`"{method}"`', "not applicable", "—", "—"])
            continue
        rows.append(
            [
                f'`"{method}"`',
                f"{row['tasks_within_tolerance']} / {n_tasks}",
                f"{row['mean_abs_bias']:.3f}",
                f"{row['seconds']:,.1f}",
            ]
        )
    header = ["method", "tasks within tolerance", "mean abs. bias (nats)", "time (s)"]
    return _table(header, rows)


def beyond_normal_tasks_table(methods: list[str] | None = None) -> str:
    """Per task: the truth and each method's mean estimate, bold when within tolerance."""
    results = load_results("accuracy_beyond_normal")
    per_task = results["summary"]["per_task"]
    names = methods or [
        m for m, row in results["summary"]["per_method"].items() if row["tasks_run"] > 0
    ]
    rows = []
    for task in per_task:
        cells = [task["name"], f"{task['dim_x']} × {task['dim_y']}", f"{task['truth']:.3f}"]
        for method in names:
            cell = task["methods"][method]
            if "mean_estimate" not in cell:
                cells.append("—")
                continue
            value = f"{cell['mean_estimate']:.3f}"
            cells.append(f"**{value}**" if cell["within_tolerance"] else value)
        rows.append(cells)
    header = ["task", "dims", "truth", *(f'`"{m}"`' for m in names)]
    return _table(header, rows)


def define_env(env: Any) -> None:
    """Register the macros with mkdocs-macros."""
    for macro in (
        figure,
        load_results,
        machine,
        discrete_entropy_table,
        discrete_mi_table,
        discrete_convergence,
        continuous_table,
        uncertainty_coverage_table,
        continuous_coverage_table,
        continuous_convergence,
        speed_table,
        profile_scale_table,
        feature_selection_speed_table,
        partitions_speed_table,
        multiplets_speed_table,
        nsb_speed_table,
        normal_entropy_convergence,
        continuous_speed_tables,
        knn_dimensions_table,
        zero_inflated_table,
        beyond_normal_table,
        beyond_normal_tasks_table,
    ):
        env.macro(macro)
