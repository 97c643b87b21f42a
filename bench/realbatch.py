"""Real-excerpt batches for measurement (docs/EVAL_DATA.md, "Real excerpts"): the helpers' briefs,
the avoid list and the merge of a batch's halves. The excerpts are third-party text and live
outside the repository (ROOT, for example /work/realdata); nothing here reads or writes the repo.

    uv run python bench/realbatch.py avoid ROOT/r20-avoid-urls.txt bench/realbatch_urls.tsv ROOT/r1*/sources.tsv
    uv run python bench/realbatch.py record ROOT/r20c --use dev|held-out    # keep a merged batch's URLs
    uv run python bench/realbatch.py brief ROOT r20a --seeds ROOT/r20a-seeds.txt --avoid ROOT/r20-avoid-urls.txt
    uv run python bench/realbatch.py relabel ROOT r20x --docs ROOT/r20c/docs     # a second, blind labeller
    uv run python bench/realbatch.py combine ROOT r20c ROOT/r20a ROOT/r20b --avoid ROOT/r20-avoid-urls.txt \\
        [--split dev|test] [--replace] [--drop-urls-of ROOT/r21a ROOT/r21b ...]

`brief` writes ROOT/p-BATCH.md: a helper is started with "Read ROOT/p-BATCH.md and carry out
exactly what it says". The brief names only the labelling guides, the formats, the reference lists
and the batch's own files, so the labeller never sees the rules, the code or other labels.
`combine` merges halves into one folder (files prefixed a, b, … by half), keeps the first excerpt
of every URL (a later half's copies of a page it drops take the kept excerpt's story), drops URLs of the avoid list and of the batches given with --drop-urls-of (a
held-out batch must not share a page with a batch that is tuned on), and with --split sets every
label's split (`test` for a batch held out whole: `--errors` never prints it). It never replaces
a batch folder that already holds labels unless --replace is given: a dev batch is tuning data,
and a misplaced argument once made a dev batch the output of a merge.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

_READ_ONLY = f"""Read ONLY these files:
- {REPO}/docs/EVAL_DATA.md (formats and label fields)
- {REPO}/docs/INITIATIVES.md (what counts as an initiative, how to write its core name)
- {REPO}/docs/DEDUP.md (what "the same story" means)
- {SHARED}/reference/*.csv (official districts and 街道/镇 names)
"""

_LABELS = """Write {out}/labels.jsonl, one JSON object per line (ensure_ascii false), with:
file ("docs/<name>.txt"), split, format (the closest format of EVAL_DATA.md; most are `plain_txt`,
`portal_txt`, `mirror_txt`, `netease_txt`, `mobile_txt` or `farm_txt`), encoding "utf-8",
script, title, published_date, date_precision, primary_district, places, not_places,
initiatives, story, notes.
- title: the story's headline exactly as printed in the excerpt (no site name), or null when the
  excerpt shows no headline. A page's first line is often site chrome (a site name, a menu, a
  breadcrumb, a welcome line, an issue or page line): that is not the headline.
- published_date / date_precision: the publication date a careful reader can know from the
  excerpt alone (a dated byline, 发布时间, a date line under the headline). Event dates in the
  body are not publication dates. null when none is stated.
- primary_district: one of the 16 current simplified full names (e.g. 浦东新区) or null.
- places: full official 街道/镇 names (as in the reference csv) the story is about or reports
  from; not_places as the guide says.
- initiatives: follow docs/INITIATIVES.md carefully; list each initiative's core name once per
  document, simplified characters. Read each excerpt in full before labelling it.
- story: "{batch}-<name>" unless two excerpts are the same story (docs/DEDUP.md).
Label each excerpt on its own; do not copy labels between excerpts.
"""

BRIEF = """# Task: gather and label {n} real excerpts of Shanghai district news (batch {batch})

You build an evaluation set for a text-analysis tool. You are the labeller: you must NOT look at
how the tool works. {read_only}- {seeds} (your query seeds: districts and topics)
- {avoid} (URLs already used: never keep a result with one of these URLs)
Do not open anything else under {repo} (no src/, bench/, tests/, sql/, seeds/, other docs, git
history), and nothing else under {root}. Write only inside {out}/.

## 1. Gather (use the `search` tool, corpus "pages")
- Query with a district name from the seed list plus one topic from it, and also with a topic
  plus "上海 街道" or "上海 镇". Work through the district x topic combinations in order, varying
  them; skip any result whose URL is in the avoid list.
- Keep a result only if it is news or a report about community / grassroots work in Shanghai,
  is at least ~300 characters, and its URL is not already in your batch (aim to cover every
  district of your seed list). Skip pages about other cities, spam, lists of links, and pages
  that are mostly not the story.
- Save each kept excerpt EXACTLY as the tool returned it (every character, chrome and junk
  included; UTF-8) as {out}/docs/NNN.txt, NNN = 001, 002, … in the order kept.
- Append a line "NNN<TAB>url<TAB>query" to {out}/sources.tsv.
- Stop at {n} excerpts.

## 2. Split, before labelling
Odd file numbers are `dev`, even numbers are `test`. Do not change this afterwards.

## 3. Label every excerpt (docs/EVAL_DATA.md fields), from the excerpt alone
{labels}
## 4. Report
When done, reply with: number of excerpts, how many per district, dev/test counts, how many
have a title / a day date / at least one initiative, total initiative names per split, and any
doubts about the guide. Keep the reply short.
"""

RELABEL = """# Task: label real excerpts of Shanghai district news (batch {batch})

You build an evaluation set for a text-analysis tool. You are the labeller: you must NOT look at
how the tool works. {read_only}- the excerpts in {out}/docs/ (every .txt file there)
Do not open anything else under {repo} (no src/, bench/, tests/, sql/, seeds/, other docs, git
history), and nothing else under {root} (other folders hold other people's labels: your labels
must be your own). Write only inside {out}/.

## Label every excerpt (docs/EVAL_DATA.md fields), from the excerpt alone
Every label's split is "dev". {labels}
## Report
When done, reply with: number of excerpts labelled, how many have a title / a day date / at
least one initiative, total initiative names, and any doubts about the guide. Keep it short.
"""


def _urls(path: Path) -> list[str]:
    """URLs of a sources.tsv (second column) or of an avoid list (one per line)."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.strip().split("\t")
        url = parts[1] if len(parts) > 1 else parts[0]
        if url.startswith(("http://", "https://")):
            out.append(url.strip())
    return out


def avoid(out: Path, sources: list[Path]) -> int:
    urls = sorted({u for p in sources for u in _urls(p)})
    out.write_text("".join(u + "\n" for u in urls), "utf-8")
    return len(urls)


def brief(root: Path, batch: str, seeds: Path, avoid_list: Path, n: int = 50) -> Path:
    out = root / batch
    (out / "docs").mkdir(parents=True, exist_ok=True)
    text = BRIEF.format(n=n, batch=batch, read_only=_READ_ONLY, seeds=seeds, avoid=avoid_list, repo=REPO,
                        root=root, out=out, labels=_LABELS.format(out=out, batch=batch))
    path = root / f"p-{batch}.md"
    path.write_text(text, "utf-8")
    return path


def relabel(root: Path, batch: str, docs: Path) -> Path:
    out = root / batch
    if (out / "docs").exists():
        raise SystemExit(f"{out}/docs exists: a second labeller starts from a fresh folder")
    if (docs / "docs").is_dir():  # a batch folder: its excerpts, never its labels
        docs = docs / "docs"
    shutil.copytree(docs, out / "docs", ignore=shutil.ignore_patterns("*.jsonl", "*.tsv"))
    text = RELABEL.format(batch=batch, read_only=_READ_ONLY, repo=REPO, root=root, out=out,
                          labels=_LABELS.format(out=out, batch=batch))
    path = root / f"p-{batch}.md"
    path.write_text(text, "utf-8")
    return path


def combine(out: Path, halves: list[Path], avoid_list: Path | None, drop_urls_of: list[Path],
            split: str | None) -> tuple[int, list[str]]:
    seen = set(_urls(avoid_list)) if avoid_list else set()
    for d in drop_urls_of:
        seen.update(_urls(d / "sources.tsv"))
    if out.exists():
        shutil.rmtree(out)  # (main refuses a labelled batch folder unless --replace)
    (out / "docs").mkdir(parents=True)
    kept, dropped, sources = [], [], []
    story_of_url: dict[str, str] = {}
    for prefix, half in zip("abcdefgh", halves, strict=False):
        # a page both halves kept is one page: the story its second labeller gave it (and gave its
        # copies in that half) is the story of the excerpt kept
        alias: dict[str, str] = {}
        half_kept = []
        urls = {}
        for line in (half / "sources.tsv").read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) > 1:
                urls[parts[0].strip()] = parts[1].strip()
        for line in (half / "labels.jsonl").read_text("utf-8").splitlines():
            if not line.strip():
                continue
            lab = json.loads(line)
            stem = Path(lab["file"]).stem
            url = urls.get(stem)
            if url is None or url in seen:
                if url in story_of_url and lab.get("story"):
                    alias[lab["story"]] = story_of_url[url]
                dropped.append(f"{half.name}/{stem}")
                continue
            seen.add(url)
            story_of_url[url] = lab.get("story")
            name = f"docs/{prefix}{stem}.txt"
            shutil.copy(half / lab["file"], out / name)
            lab["file"] = name
            sources.append(f"{prefix}{stem}\t{url}\n")
            if split:
                lab["split"] = split
            half_kept.append(lab)
        for lab in half_kept:
            lab["story"] = alias.get(lab.get("story"), lab.get("story"))
        kept.extend(half_kept)
    (out / "labels.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in kept), "utf-8")
    # the merged batch's own URLs, so that a later batch can be combined --drop-urls-of it
    (out / "sources.tsv").write_text("".join(sources), "utf-8")
    return len(kept), dropped


# Every merged batch's page addresses, kept in the repository (addresses, not text): the batches
# themselves live outside it and a new machine starts without them, so this is what lets a later
# batch avoid every page measured before (`avoid URLS ROOT/...`).
URLS = REPO / "bench" / "realbatch_urls.tsv"
_URLS_HEADER = "batch\turl\tuse\n"


def record(batch: Path, use: str, urls_file: Path = URLS) -> int:
    """Append a merged batch's URLs (its sources.tsv) to the repository's list, once each."""
    have = set(_urls(urls_file)) if urls_file.exists() else set()
    new = [u for u in dict.fromkeys(_urls(batch / "sources.tsv")) if u not in have]
    text = urls_file.read_text("utf-8") if urls_file.exists() else _URLS_HEADER
    urls_file.write_text(text + "".join(f"{batch.name}\t{u}\t{use}\n" for u in new), "utf-8")
    return len(new)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("avoid", help="write the URLs of sources.tsv files and avoid lists, once each")
    a.add_argument("out", type=Path)
    a.add_argument("sources", type=Path, nargs="+")
    b = sub.add_parser("brief", help="write the gather-and-label brief of a half batch")
    b.add_argument("root", type=Path)
    b.add_argument("batch")
    b.add_argument("--seeds", type=Path, required=True)
    b.add_argument("--avoid", type=Path, required=True)
    b.add_argument("-n", type=int, default=50)
    r = sub.add_parser("relabel", help="copy a batch's excerpts and write a second labeller's brief")
    r.add_argument("root", type=Path)
    r.add_argument("batch")
    r.add_argument("--docs", type=Path, required=True)
    c = sub.add_parser("combine", help="merge halves into one batch folder")
    c.add_argument("root", type=Path)
    c.add_argument("name")
    c.add_argument("halves", type=Path, nargs="+")
    c.add_argument("--avoid", type=Path, default=None)
    c.add_argument("--drop-urls-of", type=Path, nargs="+", action="extend", default=[],
                   help="batches whose pages the merged batch must not share (one or more, repeatable)")
    c.add_argument("--split", choices=("dev", "test"), default=None)
    c.add_argument("--replace", action="store_true", help="replace an existing batch folder of the same name")
    k = sub.add_parser("record", help="add a merged batch's URLs to bench/realbatch_urls.tsv")
    k.add_argument("batch", type=Path)
    k.add_argument("--use", choices=("dev", "held-out"), required=True)
    args = ap.parse_args(argv)
    if args.cmd == "record":
        print(f"{record(args.batch, args.use)} new URLs -> {URLS}")
    elif args.cmd == "avoid":
        print(f"{avoid(args.out, args.sources)} URLs -> {args.out}")
    elif args.cmd == "brief":
        print(brief(args.root, args.batch, args.seeds, args.avoid, args.n))
    elif args.cmd == "relabel":
        print(relabel(args.root, args.batch, args.docs))
    else:
        # a half given by its batch name is a folder of the root (as `brief` names them)
        halves = [h if h.is_dir() else args.root / h for h in args.halves]
        out = args.root / args.name
        if Path(args.name).name != args.name:
            ap.error(f"combine: the merged batch is named, not a path: {args.name}")
        if (out / "labels.jsonl").exists() and not args.replace:
            ap.error(f"combine: {out} already holds a labelled batch; give --replace to merge into it anew")
        n, dropped = combine(out, halves, args.avoid, args.drop_urls_of, args.split)
        print(f"{args.name}: kept {n}, dropped {len(dropped)} ({', '.join(dropped) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
