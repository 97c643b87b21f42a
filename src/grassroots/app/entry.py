"""The `grassroots` console script: keep a bytecode cache, then run the CLI.

Start-up is dominated by importing Prefect; without .pyc files every call compiles it again.
Where PYTHONDONTWRITEBYTECODE is set (as in this project's CI image), nothing ever writes them,
and uv's `compile-bytecode` setting recompiled the whole environment at every `uv run` instead
(astral-sh/uv#12202). So the CLI writes the cache of what it imports, once, as Python does by
default; its own children (the temporary Prefect API server) do the same. A read-only install
simply is not written to. GRASSROOTS_NO_BYTECODE_CACHE=1 keeps the environment's choice.

At the end the process skips tearing down the interpreter (`_fast_exit`): with Prefect loaded,
freeing a few thousand modules cost 0.2-0.4 s of every command after its work was done.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

_exit_code: int | None = None  # set when the CLI ended by returning or by SystemExit


def _fast_exit() -> None:
    """The last exit handler (registered first): every other one has run (Prefect's log and event
    flush, the temporary API server's stop, the worker pool's shutdown, logging's flush). End
    here instead of freeing every module; only when the CLI ended as it meant to."""
    if _exit_code is None:
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to deliver
            stream.flush()
    os._exit(_exit_code)


def _code(e: SystemExit) -> int:
    if e.code is None:
        return 0
    return e.code if isinstance(e.code, int) else 1  # a message: Python prints it, exit status 1


def main() -> None:
    global _exit_code
    if os.environ.get("GRASSROOTS_NO_BYTECODE_CACHE") != "1":
        sys.dont_write_bytecode = False
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    atexit.register(_fast_exit)  # before any other module registers one: it runs last
    from grassroots.app.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as e:
        _exit_code = _code(e)
        raise
    _exit_code = 0


if __name__ == "__main__":
    main()
