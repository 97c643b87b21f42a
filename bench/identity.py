"""What an analysis change changes: every input the project owns, read by two revisions.

    uv run python bench/identity.py REV [--pages N] [--show N]

Runs ``process_one`` over the project's own inputs (the first N pages of the performance corpus,
generated if missing; every page of ``bench/data``; the sample corpus ``seeds/corpus``) at the
working tree and at git revision REV (a temporary worktree, the same interpreter), and compares
what a user stores: title, publication date, primary district, places, initiative names, the
text's length, or the reject reason.

Held-out files (any path with a ``test`` folder) are counted, never shown: a rule must not be
tuned on them, and the figures of the test splits are read through their own benchmarks. A
change there is reported as a number; a decision it informs says so in its commit.
Third-party text (real excerpts, ``../shared``) is not read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIELDS = ("title", "date", "district", "places", "initiatives", "text_chars")
_SUFFIXES = {".html", ".htm", ".txt", ".md"}


def inputs(pages: int) -> list[Path]:
    """The project's own inputs, in a fixed order."""
    corpus = Path(tempfile.gettempdir()) / "grassroots-bench" / "identity" / f"pages-{pages}"
    if pages and not corpus.exists():
        subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--n", str(pages), "--seed", "1",
                        "--out", str(corpus)], check=True, cwd=REPO)
    out = sorted(corpus.rglob("*.html"))[:pages] if pages else []
    out += sorted(p for p in (REPO / "bench" / "data").rglob("*") if p.is_file() and p.suffix in _SUFFIXES)
    out += sorted(p for p in (REPO / "seeds" / "corpus").iterdir() if p.is_file())
    return out


def analyse(files: list[str]) -> dict[str, list]:
    """Stage outputs of each file, with the grassroots importable from sys.path."""
    from datetime import UTC, datetime

    from grassroots.models import Document, RawInput
    from grassroots.run.pipeline import process_one

    out: dict[str, list] = {}
    for f in files:
        r = process_one(RawInput("identity", f, Path(f).read_bytes(), datetime(2026, 12, 1, tzinfo=UTC)))
        if isinstance(r, Document):
            e = r.extracted
            out[f] = [e.title, str(e.published_date), r.attribution.primary_district,
                      sorted(f"{p.district}/{p.subdistrict}" for p in r.attribution.places),
                      sorted(m.name for m in r.initiatives.mentions), len(e.text)]
        else:
            out[f] = [f"reject: {r.reason}"]  # (one item: a document has six)
    return out


def held_out(path: str) -> bool:
    return "test" in Path(path).parts


def compare(before: dict[str, list], after: dict[str, list]) -> tuple[Counter, list[tuple[str, str, object, object]]]:
    """(changed inputs per field, plus `held_out` for test files; the changes of other files)."""
    counts: Counter = Counter()
    shown = []
    for f in before:
        a, b = before[f], after[f]
        if a == b:
            continue
        counts["inputs"] += 1
        if held_out(f):
            counts["held_out"] += 1
            continue
        if len(a) == 1 or len(b) == 1:  # rejected by either revision
            counts["reject"] += 1
            shown.append((f, "reject", a, b))
            continue
        for name, x, y in zip(FIELDS, a, b, strict=True):
            if x != y:
                counts[name] += 1
                shown.append((f, name, x, y))
    return counts, shown


def _at(rev: str, files: list[str], out: Path) -> None:
    """Run `analyse` under a worktree of `rev`."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], check=True, cwd=REPO)
        try:
            listing = Path(tmp) / "files.json"
            listing.write_text(json.dumps(files), "utf-8")
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            subprocess.run([sys.executable, __file__, "--analyse", str(listing), str(out)], check=True, cwd=tree, env=env)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], check=True, cwd=REPO)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", nargs="?", help="git revision to compare the working tree with")
    ap.add_argument("--pages", type=int, default=600, help="performance-corpus pages to include (0: none)")
    ap.add_argument("--show", type=int, default=20, help="changes of files outside test splits to print")
    ap.add_argument("--analyse", nargs=2, metavar=("FILES_JSON", "OUT_JSON"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.analyse:
        files = json.loads(Path(a.analyse[0]).read_text("utf-8"))
        Path(a.analyse[1]).write_text(json.dumps(analyse(files), ensure_ascii=False), "utf-8")
        return 0
    if not a.rev:
        ap.error("give the revision to compare with")
    files = [str(p) for p in inputs(a.pages)]
    with tempfile.TemporaryDirectory() as tmp:
        then = Path(tmp) / "before.json"
        _at(a.rev, files, then)
        before = json.loads(then.read_text("utf-8"))
    after = analyse(files)
    counts, shown = compare(before, after)
    print(f"{len(files)} inputs; changed: {counts['inputs']} "
          f"({counts['held_out']} in test splits, not shown)"
          + "".join(f"; {k} {counts[k]}" for k in ("reject", *FIELDS) if counts[k]))
    for f, name, x, y in shown[:a.show]:
        print(f"  {os.path.relpath(f, REPO) if f.startswith(str(REPO)) else f}: {name} {x!r} -> {y!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
