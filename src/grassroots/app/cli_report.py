"""Commands `report`, `export` and `status`, registered on the main Typer app by cli.py."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

DbOpt = Annotated[Path | None, typer.Option("--db", help="warehouse file (env GRASSROOTS_DB; default data/grassroots.duckdb)")]
WaitOpt = Annotated[float, typer.Option(help="seconds to wait while a write is in progress")]


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


def _date(s: str | None, flag: str, fail) -> date | None:
    if s is None:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise fail(f"{flag}: not a date (YYYY-MM-DD): {s!r}", 2) from None


def _code(e: Exception) -> int:
    from grassroots.warehouse import WarehouseBusy

    return 3 if isinstance(e, WarehouseBusy) else 2


def register(app: typer.Typer, *, err, out, fail, settings) -> None:
    from grassroots.config import ConfigError

    @app.command()
    def report(
        out_path: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write")] = Path("report.html"),
        db: DbOpt = None,
        since: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="stories published on or after (YYYY-MM-DD)")] = None,
        until: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="stories published before (YYYY-MM-DD, exclusive)")] = None,
        district: Annotated[str | None, typer.Option(help="only this district (e.g. 徐汇区, 徐汇 or Xuhui)")] = None,
        wait: WaitOpt = 10.0,
    ) -> None:
        """Write one self-contained HTML report (charts and tables, works offline)."""
        from grassroots.app.report import ReportError, write_report
        from grassroots.warehouse import WarehouseError

        s0, s1 = _date(since, "--since", fail), _date(until, "--until", fail)
        try:
            _, st = settings(None, db, no_config=True)
            res = write_report(st.db, out_path, since=s0, until=s1, district=district, wait=wait)
        except (ReportError, WarehouseError, ConfigError) as e:
            raise fail(str(e), _code(e)) from None
        except OSError as e:
            raise fail(f"cannot write {out_path}: {e.strerror or e}", 2) from None
        err.print(f"report: {res.path} ({res.bytes / 1e6:.1f} MB, {len(res.charts)} chart(s)"
                  f"{', CJK font embedded' if res.font_embedded else ', system CJK fonts'})", soft_wrap=True)
        for key, note in res.notes.items():
            err.print(f"  {key}: {note}", soft_wrap=True)

    @app.command()
    def export(
        out_dir: Annotated[Path, typer.Option("--out", "-o", help="folder to write into")],
        fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="parquet (hive-partitioned) or csv")] = ExportFormat.parquet,
        db: DbOpt = None,
        view: Annotated[list[str] | None, typer.Option("--view", help="only this view or ref_<table> (repeatable)")] = None,
        wait: WaitOpt = 10.0,
        bom: Annotated[bool, typer.Option("--bom", help="CSV with a UTF-8 byte-order mark, so Excel reads the Chinese text")] = False,
    ) -> None:
        """Export the public views and reference tables (Parquet partitioned by district and month, or CSV)."""
        from grassroots.app.export import ExportError, export_warehouse
        from grassroots.warehouse import WarehouseError

        try:
            _, st = settings(None, db, no_config=True)
            done = export_warehouse(st.db, out_dir, fmt=fmt.value, only=view or None, wait=wait, bom=bom)
        except (ExportError, WarehouseError, ConfigError) as e:
            raise fail(str(e), _code(e)) from None
        except OSError as e:
            raise fail(f"cannot write into {out_dir}: {e.strerror or e}", 2) from None
        for e in done:
            part = f"  partitioned by {', '.join(e.partitioned_by)}" if e.partitioned_by else ""
            out.print(f"{e.name}: {e.rows} row(s) -> {out_dir / e.path}{part}", soft_wrap=True)
        err.print(f"exported {len(done)} relation(s) as {fmt.value} into {out_dir}")

    @app.command()
    def status(
        db: DbOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of tables")] = False,
        wait: WaitOpt = 10.0,
    ) -> None:
        """Last runs, documents per source, newest document, recent failures and stale runs.

        Exit code 1 when a source is failing or a run was left running by a dead process.
        """
        from grassroots.app.status import print_status, read_status
        from grassroots.warehouse import WarehouseError

        try:
            _, st = settings(None, db, no_config=True)
            res = read_status(st.db, wait=wait)
        except (WarehouseError, ConfigError) as e:
            raise fail(str(e), _code(e)) from None
        if as_json:
            out.file.write(res.to_json() + "\n")
        else:
            print_status(res, out)
        raise typer.Exit(0 if res.healthy else 1)
