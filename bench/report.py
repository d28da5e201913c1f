"""Tables (Markdown) and plots (matplotlib PNG) from the results of bench/run.py.

``write_docs`` replaces only the part of docs/benchmarks.md between the ``full-run`` markers, so the
hand-written analysis around it stays.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from workload import MIX

QUERY_NAMES = list(MIX)
START, END = "<!-- full-run:start -->", "<!-- full-run:end -->"
PEERS = ("oxigraph-disk", "oxigraph-memory", "rdflib-endpoint")


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _ratio(ours: float | None, peer: float | None) -> str:
    if not ours or not peer:
        return "–"
    return f"{ours / peer:.2f}×" if ours / peer < 10 else f"{ours / peer:.0f}×"


def rate(scale: dict, name: str, workload: str, concurrency: str) -> float | None:
    cell = scale.get("servers", {}).get(name, {}).get("throughput", {}).get(workload, {}).get(concurrency)
    return cell["rate"] if cell else None


def _seconds(cell: dict | None) -> float | None:
    return cell.get("seconds") if cell and "error" not in cell else None


def _build_table(results: dict) -> list[str]:
    lines = ["| scale | triples (built) | load | reasoning | rules | publish | build without SHACL s |"
             " SHACL validation s | build s | raw bulk load s | build ÷ (bulk load + validation) |"
             " raw bulk load into a named graph s | build ÷ (named-graph bulk load + validation) |",
             "|" + " --- |" * 13]
    for label, scale in results["scales"].items():
        build, bulk = scale.get("build", {}), scale.get("bulkload", {})
        if "error" in build:
            lines.append(f"| {label} | {scale['triples']:,} | build {build['error']} |" + " |" * 11)
            fallback = scale.get("build_without_reasoning")
            if not fallback or "error" in fallback:
                continue
            build = {**fallback, "note": "without reasoning"}
            label = f"{label} (no OWL 2 RL)"
        steps = build.get("steps", {})
        validation = _seconds(scale.get("validation"))
        bulk_s = _seconds(bulk)
        total = build["seconds"] + validation if validation is not None else None
        shacl = _num(validation) if validation is not None else (scale.get("validation") or {}).get("error", "–")
        ratio = _ratio(total, bulk_s + validation) if total and bulk_s else "–"
        named_s = _seconds(scale.get("bulkload_named"))
        named_ratio = _ratio(total, named_s + validation) if total and named_s else "–"
        lines.append(f"| {label} | {build['triples']:,} | {_num(steps.get('loading'))} | {_num(steps.get('reasoning'))}"
                     f" | {_num(steps.get('deriving'))} | {_num(steps.get('publishing'))} | {_num(build['seconds'])} |"
                     f" {shacl} | {_num(total)} | {_num(bulk_s)} | {ratio} | {_num(named_s)} | {named_ratio} |")
    return lines


def _throughput_table(label: str, scale: dict, concurrency: list[str]) -> list[str]:
    header = "| server | storage | " + " | ".join(f"{w} c={c} req/s" for w in ("mix", "lookup") for c in concurrency)
    header += " | peak RSS MiB (processes) | peak PSS MiB |"
    lines = [f"**{label}** ({scale.get('dataset_triples', scale['triples']):,} triples served)", "", header,
             "|" + " --- |" * (4 + 2 * len(concurrency))]
    for name, cell in scale.get("servers", {}).items():
        if "throughput" not in cell:
            reason = cell.get("skipped") or cell.get("error", "")
            lines.append(f"| {name} | {cell.get('storage', '')} | {reason} |" + " |" * (1 + 2 * len(concurrency)))
            continue
        rates = [_num(rate(scale, name, w, c)) for w in ("mix", "lookup") for c in concurrency]
        memory = f"{_num(cell.get('rss_mib'), 0)} ({cell.get('processes', 1)}) | {_num(cell.get('pss_mib'), 0)}"
        lines.append(f"| {name} | {cell['storage']} | " + " | ".join(rates) + f" | {memory} |")
    lines.append("")
    ratios = ["| ratio | " + " | ".join(f"{w} c={c}" for w in ("mix", "lookup") for c in concurrency) + " |",
              "|" + " --- |" * (1 + 2 * len(concurrency))]
    for ours, peer in (("kg-disk", "oxigraph-disk"), ("kg-memory", "oxigraph-memory"),
                       ("kg-disk", "oxigraph-memory"), ("kg-memory", "rdflib-endpoint"),
                       ("kg-disk", "rdflib-endpoint")):
        cells = [_ratio(rate(scale, ours, w, c), rate(scale, peer, w, c)) for w in ("mix", "lookup")
                 for c in concurrency]
        if any(c != "–" for c in cells):
            ratios.append(f"| {ours} ÷ {peer} | " + " | ".join(cells) + " |")
    return lines + ratios + [""]


def _latency_table(label: str, scale: dict) -> list[str]:
    inproc = scale.get("latency", {})
    servers = [n for n in ("kg-disk", "kg-memory", "oxigraph-disk", "oxigraph-memory", "rdflib-endpoint")
               if "latency" in scale.get("servers", {}).get(n, {})]
    header = "| query | in process, memory | in process, disk | " + " | ".join(f"HTTP {n}" for n in servers) + " |"
    lines = [f"**{label}**: p50 / p95 in ms", "", header, "|" + " --- |" * (3 + len(servers))]
    for query in [*QUERY_NAMES, "lookup"]:
        cells = []
        for where in ("memory", "disk"):
            cell = inproc.get(where, {}).get(query)
            cells.append(f"{_num(cell['p50'], 2)} / {_num(cell['p95'], 2)}" if cell else "–")
        for name in servers:
            cell = scale["servers"][name]["latency"].get(query)
            cells.append(f"{_num(cell['p50'], 1)} / {_num(cell['p95'], 1)}" if cell else "–")
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _shacl_table(results: dict) -> list[str]:
    lines = ["| scale | shapes files | full validation s | conforms | one-entity write through the gate s | accepted |",
             "| --- | --- | --- | --- | --- | --- |"]
    for label, scale in results["scales"].items():
        full, write = scale.get("validation") or {}, scale.get("write") or {}
        if not full and not write:
            continue
        lines.append(f"| {label} | {full.get('shapes', '')} | {full.get('error') or _num(full.get('seconds'), 2)} |"
                     f" {full.get('conforms', '')} | {write.get('error') or _num(write.get('seconds'), 2)} |"
                     f" {write.get('accepted', '')} |")
    notes = []
    for label, scale in results["scales"].items():
        for step in ("validation", "write"):
            for violation in (scale.get(step) or {}).get("first_violations", []):
                notes.append(f"- {label}, {step}: {violation}")
    return lines + (["", *notes] if notes else [])


def _answers_check(results: dict) -> list[str]:
    notes = []
    for label, scale in results["scales"].items():
        seen = {n: c["answers"] for n, c in scale.get("servers", {}).items() if "answers" in c}
        if not seen:
            continue
        reference = next(iter(seen.values()))
        differing = [n for n, a in seen.items() if a != reference]
        notes.append(f"- {label}: answer sizes " + ("identical on every server" if not differing else
                                                  f"differ on {', '.join(differing)}: {seen}"))
    return notes


def _best(scale: dict, names: tuple[str, ...], workload: str) -> float | None:
    rates = [rate(scale, n, workload, "8") for n in names]
    return max((r for r in rates if r), default=None)


def goals(results: dict) -> list[str]:
    """The issue's goals against this run: the largest scale where each was measured."""
    lines = ["| goal | target | measured | met |", "| --- | --- | --- | --- |"]

    def row(goal: str, target: str, measured: str, met: bool | None) -> None:
        lines.append(f"| {goal} | {target} | {measured} | {'yes' if met else 'no' if met is not None else '–'} |")

    for label, scale in results["scales"].items():
        for ours, peer, target in (("kg-disk", "oxigraph-disk", 1.0), ("kg-memory", "oxigraph-memory", 1.0),
                                   ("kg-disk", "rdflib-endpoint", 50.0)):
            a, b = rate(scale, ours, "mix", "8"), rate(scale, peer, "mix", "8")
            if a and b:
                row(f"{label}: mix c=8, {ours} ÷ {peer}", f"≥ {target:g}×", f"{a / b:.2f}× ({a:.0f} vs {b:.0f} req/s)",
                    a / b >= target)
        for ours, peer in (("kg-disk", "oxigraph-disk"), ("kg-memory", "oxigraph-memory")):
            a, b = rate(scale, ours, "lookup", "8"), rate(scale, peer, "lookup", "8")
            if a and b:
                row(f"{label}: lookups c=8, {ours} ÷ {peer}", "≥ 0.8×", f"{a / b:.2f}× ({a:.0f} vs {b:.0f} req/s)",
                    a / b >= 0.8)
    last = list(results["scales"])[-1]
    scale = results["scales"][last]
    build, bulk, full = scale.get("build", {}), _seconds(scale.get("bulkload")), _seconds(scale.get("validation"))
    if "error" in build:
        row(f"{last}: build", "≤ 2× (bulk load + validation)", f"build {build['error']}", False)
        build = scale.get("build_without_reasoning") or {}
        last = f"{last} without OWL 2 RL"
    if "seconds" in build and bulk:
        if full is not None:
            ratio = (build["seconds"] + full) / (bulk + full)
            named = _seconds(scale.get("bulkload_named"))
            aside = ""
            if named:
                named_ratio = (build["seconds"] + full) / (named + full)
                aside = f" (into a named graph, as the build keeps sources: {named_ratio:.1f}×)"
            row(f"{last}: build ÷ (bulk load + validation)", "≤ 2×", f"{ratio:.1f}×{aside}", ratio <= 2)
        else:
            row(f"{last}: build (without SHACL) ÷ bulk load", "≤ 2× (+ validation)",
                f"{build['seconds'] / bulk:.0f}× ({build['seconds']:.0f} s vs {bulk:.0f} s)", False)
    validation = scale.get("validation") or {}
    row(f"{last}: full SHACL validation", "< 30 s", validation.get("error") or f"{_num(validation.get('seconds'))} s",
        validation.get("seconds", 1e9) < 30 if "error" not in validation else False)
    write = scale.get("write") or {}
    row(f"{last}: one-entity write validated", "< 1 s", write.get("error") or f"{_num(write.get('seconds'), 2)} s",
        write.get("seconds", 1e9) < 1 if "error" not in write else False)
    ours = scale.get("servers", {}).get("kg-disk", {})
    rss, pss = ours.get("rss_mib"), ours.get("pss_mib")
    if pss:  # workers share the zygote's in-memory copy: PSS counts shared pages once
        row(f"{last}: peak memory of our server (API + workers, PSS)", "< 1024 MiB",
            f"{pss:.0f} MiB PSS (RSS summed per process: {rss:.0f} MiB)", pss < 1024)
    elif rss:
        row(f"{last}: peak RSS of our server (API + workers)", "< 1024 MiB", f"{rss:.0f} MiB", rss < 1024)
    return lines


def render(results: dict) -> str:
    """The whole report as Markdown."""
    settings, host = results.get("settings", {}), results["machine"]
    concurrency = [str(c) for c in settings.get("concurrency", [2, 8])]
    lines = [f"Run of {host['date']} ({results['mode']}, {results.get('seconds', 0) / 60:.1f} min): "
             f"{host['cpus']} CPUs, Python {host['python']}, "
             + ", ".join(f"{k} {v}" for k, v in host["versions"].items() if v) + ". "
             f"Throughput: median of {settings.get('rounds')} round(s) of {settings.get('seconds')} s "
             "(rdflib-endpoint: one round three times as long).", "",
             "### Goals", "", *goals(results), "",
             "### Build", "", *_build_table(results), "",
             "### HTTP throughput and server memory", ""]
    for label, scale in results["scales"].items():
        lines += _throughput_table(label, scale, concurrency)
    lines += ["### Query latency", ""]
    for label, scale in results["scales"].items():
        lines += _latency_table(label, scale)
    lines += ["### SHACL", "", *_shacl_table(results), "", "### Same answers everywhere", "",
              *_answers_check(results), ""]
    return "\n".join(lines)


def plot(results: dict, directory: Path) -> list[Path]:
    """Throughput and latency against scale, one PNG each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    labels = list(results["scales"])
    sizes = [results["scales"][s].get("dataset_triples", results["scales"][s]["triples"]) for s in labels]
    names = ("kg-disk", "kg-memory", "oxigraph-disk", "oxigraph-memory", "rdflib-endpoint")
    written = []
    for workload in ("mix", "lookup"):
        figure, axis = plt.subplots(figsize=(7, 4.5))
        for name in names:
            points = [(n, rate(results["scales"][s], name, workload, "8")) for s, n in zip(labels, sizes, strict=True)]
            points = [(n, r) for n, r in points if r]
            if points:
                axis.plot(*zip(*points, strict=True), marker="o", label=name)
        axis.set(xscale="log", yscale="log", xlabel="triples", ylabel="requests/s (concurrency 8)",
                 title=f"HTTP throughput, {'query mix' if workload == 'mix' else 'single-entity lookups'}")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
        path = directory / f"bench-throughput-{workload}.png"
        figure.tight_layout()
        figure.savefig(path, dpi=110)
        plt.close(figure)
        written.append(path)
    figure, axis = plt.subplots(figsize=(7, 4.5))
    for name in names:
        points = []
        for s, n in zip(labels, sizes, strict=True):
            cell = results["scales"][s].get("servers", {}).get(name, {}).get("latency")
            if cell:
                points.append((n, statistics.median(cell[q]["p50"] for q in QUERY_NAMES if q in cell)))
        if points:
            axis.plot(*zip(*points, strict=True), marker="o", label=name)
    axis.set(xscale="log", yscale="log", xlabel="triples", ylabel="ms (median over the mix of per-query p50)",
             title="HTTP query latency, one client")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    path = directory / "bench-latency.png"
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return [*written, path]


def write_docs(results: dict, docs: Path) -> None:
    """Put the tables between the markers of docs/benchmarks.md, and the plots in docs/img/."""
    images = plot(results, docs / "img")
    block = [START, "", render(results), ""] + [f"![{p.stem}](img/{p.name})" for p in images] + ["", END]
    target = docs / "benchmarks.md"
    text = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n\n## Full run\n\n"
    if START in text and END in text:
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        text = before + "\n".join(block) + after
    else:
        text = text.rstrip() + "\n\n" + "\n".join(block) + "\n"
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    import json
    import sys

    docs = Path(__file__).resolve().parent.parent / "docs"
    write_docs(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), docs)
