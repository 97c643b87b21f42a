"""The `grassroots` console script: keep a bytecode cache, then run the CLI.

Start-up is dominated by importing Prefect; without .pyc files every call compiles it again.
Where PYTHONDONTWRITEBYTECODE is set (as in this project's CI image), nothing ever writes them,
and uv's `compile-bytecode` setting recompiled the whole environment at every `uv run` instead
(astral-sh/uv#12202). So the CLI writes the cache of what it imports, once, as Python does by
default; its own children (the temporary Prefect API server) do the same. A read-only install
simply is not written to. GRASSROOTS_NO_BYTECODE_CACHE=1 keeps the environment's choice.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if os.environ.get("GRASSROOTS_NO_BYTECODE_CACHE") != "1":
        sys.dont_write_bytecode = False
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    from grassroots.app.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
