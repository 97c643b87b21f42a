"""Run a command and record the memory of its whole process tree every 2 s (issue 20).

    uv run python bench/memseries.py OUT.csv -- grassroots ingest PAGES --db DB

Each line of OUT.csv: seconds since start, summed RSS (MB), summed PSS (MB: pages shared
between processes, such as a forked worker's, counted once in all), the largest process's
RSS (MB), the number of processes. Lines are flushed as they are taken, so a run that is
stopped still leaves its curve; the last line says how the command exited. For a run of
hours (100k pages), where bench/run.py keeps its series only at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _kb(pid: int, path: str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> int:
    out, cmd = argv[0], argv[1:]
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    t0 = time.monotonic()
    with open(out + ".stdout", "w") as so, open(out + ".stderr", "w") as se, open(out, "w") as f:
        p = subprocess.Popen(cmd, stdout=so, stderr=se)
        f.write("seconds,rss_mb,pss_mb,largest_rss_mb,processes\n")
        while p.poll() is None:
            todo, seen = [p.pid], []
            while todo:
                q = todo.pop()
                if q not in seen:
                    seen.append(q)
                    todo += _children(q)
            rss = [_kb(q, "status", "VmRSS:") for q in seen]
            pss = sum(_kb(q, "smaps_rollup", "Pss:") for q in seen)
            f.write(f"{time.monotonic() - t0:.1f},{sum(rss) / 1024:.1f},{pss / 1024:.1f},"
                    f"{max(rss) / 1024:.1f},{len(seen)}\n")
            f.flush()
            time.sleep(2)
        f.write(f"# exit {p.returncode} after {time.monotonic() - t0:.1f} s\n")
    return p.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
