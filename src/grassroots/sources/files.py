"""Local sources: a file, a folder (recursive) or a glob.

Discovery lists files without reading them; `read_file` reads one file's bytes
under a size cap. Hidden files and folders (".name") are skipped; symlinks that
lead outside the folder being walked are refused, so a source cannot be turned
into a reader of arbitrary files.
"""

from __future__ import annotations

import glob
import os
from datetime import UTC, datetime
from pathlib import Path

from grassroots.models import InputRef, RawInput, Reject, RejectError, utcnow

_GLOB_CHARS = set("*?[")


class SourcePathError(ValueError):
    """A path given by the user does not exist (a one-line error, not a reject)."""


def file_locator(path: Path | str) -> str:
    """The locator of a file: its path as text. A name whose bytes are not UTF-8 (a GBK name
    unpacked from a Windows archive) reaches Python with lone surrogates, which no text column
    holds; its bytes are then written as escapes (`\\xc9\\xe7…`), and `InputRef.path` keeps the
    real path for reading."""
    s = str(path)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "backslashreplace")
    return s


def check_paths(paths: list[str]) -> None:
    for p in paths:
        if set(p) & _GLOB_CHARS:
            continue
        if not os.path.exists(p):
            raise SourcePathError(f"no such file or folder: {p}")


def discover_files(source: str, paths: list[str]) -> tuple[list[InputRef], list[Reject]]:
    """Expand paths into InputRefs (sorted, de-duplicated); problems become rejects."""
    refs: dict[str, InputRef] = {}
    rejects: list[Reject] = []

    def add(path: Path) -> None:
        try:
            st = path.stat()
        except OSError as e:
            rejects.append(Reject(source, file_locator(path), "discover", "unreadable", f"cannot stat file: {e.strerror}"))
            return
        real = str(path.resolve())
        loc = file_locator(real)
        refs.setdefault(loc, InputRef(
            source=source, locator=loc, kind="file", size=st.st_size,
            mtime=datetime.fromtimestamp(st.st_mtime, UTC), path=real if loc != real else None,
        ))

    for p in paths:
        if set(p) & _GLOB_CHARS:
            matches = sorted(glob.glob(os.path.expanduser(p), recursive=True))
            if not matches:
                rejects.append(Reject(source, file_locator(p), "discover", "missing", "the glob matched no file"))
            for m in matches:
                mp = Path(m)
                if mp.is_file() and not _hidden(mp.name):
                    add(mp)
            continue
        path = Path(os.path.expanduser(p))
        if not path.exists():
            rejects.append(Reject(source, file_locator(path.absolute()), "discover", "missing", "no such file or folder"))
        elif path.is_dir():
            root = path.resolve()
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
                for fn in sorted(filenames):
                    if _hidden(fn):
                        continue
                    fp = Path(dirpath) / fn
                    if fp.is_symlink() and not _inside(fp.resolve(), root):
                        rejects.append(Reject(source, file_locator(fp.absolute()), "discover", "unreadable",
                                              "symlink points outside the source folder"))
                        continue
                    if fp.is_file():
                        add(fp)
        elif path.is_file():
            add(path)
        else:
            rejects.append(Reject(source, file_locator(path.absolute()), "discover", "unreadable", "not a regular file"))
    return sorted(refs.values(), key=lambda r: r.locator), rejects


def read_file(ref: InputRef, *, max_bytes: int) -> RawInput:
    """Read one file's bytes; refuse it before reading if it is over the cap."""
    path = Path(ref.path or ref.locator)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise RejectError("too_large", f"{size:,} bytes is over the {max_bytes:,}-byte cap")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise RejectError("missing", "the file disappeared before it was read") from None
    except IsADirectoryError:
        raise RejectError("unreadable", "is a directory") from None
    except OSError as e:
        raise RejectError("unreadable", f"cannot read file: {e.strerror}") from None
    if len(data) > max_bytes:  # grew while we looked
        raise RejectError("too_large", f"over the {max_bytes:,}-byte cap")
    mtime = ref.mtime or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return RawInput(source=ref.source, locator=ref.locator, data=data, fetched_at=utcnow(),
                    kind="file", file_mtime=mtime)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _inside(p: Path, root: Path) -> bool:
    try:
        p.relative_to(root)
        return True
    except ValueError:
        return False
