"""Plot memory over time of cold ingests (issue 20): summed PSS and RSS of the process tree.

    uv run --with matplotlib python bench/plot_memory.py --csv 100000=/tmp/mem100k/series.csv \
        --results /tmp/grassroots-bench/default/results.json --out docs/img/memory.png

Inputs: CSV files written by bench/memseries.py (seconds, rss_mb, pss_mb, largest_rss_mb,
processes), labelled with the run's page count, and/or the `memory` scenario of a bench/run.py
results.json (its `series`: [seconds, RSS MB, PSS MB]). The x axis is the share of the run
(0 to 1), so runs of different lengths lie on one another; each label gives the run's length
(a run stopped early is plotted over what it did: say so in its label).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
from pathlib import Path


def read_csv(path: Path) -> list[tuple[float, float, float]]:
    rows = []
    with path.open() as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            rows.append((float(r["seconds"]), float(r["rss_mb"]), float(r["pss_mb"])))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", action="append", default=[], metavar="LABEL=FILE",
                    help="LABEL starts with the run's page count, e.g. '100000 (stopped at 30k)=m.csv'")
    ap.add_argument("--results", type=Path, action="append", default=[])
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    runs: list[tuple[int, str, list[tuple[float, float, float]]]] = []
    for spec in a.csv:
        label, _, file = spec.partition("=")
        pages = int("".join(itertools.takewhile(str.isdigit, label)) or 0)
        rest = label[len(str(pages)):].strip()
        runs.append((pages, f"{pages:,} pages{' ' + rest if rest else ''}", read_csv(Path(file))))
    for res in a.results:
        for pages, r in (json.loads(res.read_text())["scenarios"].get("memory") or {}).items():
            if isinstance(r, dict) and r.get("series"):
                runs.append((int(pages), f"{int(pages):,} pages", [tuple(p) for p in r["series"]]))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    for _, label, pts in sorted(runs):
        if not pts:
            continue
        end = pts[-1][0] or 1.0
        x = [p[0] / end for p in pts]
        line, = ax.plot(x, [p[2] for p in pts], label=f"{label}: summed PSS ({end / 60:.0f} min)")
        ax.plot(x, [p[1] for p in pts], color=line.get_color(), alpha=0.35, linestyle="--",
                label=f"{label}: summed RSS")
    ax.axhline(1024, color="grey", linewidth=0.8)
    ax.text(0.01, 1034, "1 GiB", color="grey", fontsize=8)
    ax.set_xlabel("share of the run")
    ax.set_ylabel("MB, whole process tree")
    ax.set_title("Cold `grassroots ingest`, default settings (2 workers), memory over the run")
    ax.set_ylim(0, max(1200, max((p[1] for _, _, pts in runs for p in pts), default=0) * 1.05))
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    a.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(a.out)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
