"""Settings and source configuration.

Precedence: defaults <- config file ([settings] table) <- GRASSROOTS_* environment <- CLI flags.
Sources are declared in TOML (`seeds/sources.toml` by default); each one is validated
up front so a bad file gives one line naming the source and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_KINDS = ("files", "urls", "feed", "sitemap", "listing")
CATCHUP_POLICIES = ("skip", "latest", "all")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


# More extraction processes than this stop paying: the single warehouse writer and the flow
# process become the bottleneck, and each worker holds its own parsers (~150 MB).
MAX_DEFAULT_WORKERS = 8


def usable_cores() -> int:
    """Cores this process may actually run on: the CPU affinity mask (taskset, a container's
    cpuset), further limited by a cgroup CPU quota (Docker's --cpus, Kubernetes limits), capped
    at MAX_DEFAULT_WORKERS. os.cpu_count() alone counts the host's cores and oversubscribes a
    container."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        n = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        n = min(n, max(1, int(quota + 0.5)))  # a quota of 1.5 cores: 2 workers (rounded)
    return max(1, min(n, MAX_DEFAULT_WORKERS))


def _cgroup_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """CPUs allowed by this process's cgroup (v2 cpu.max, v1 cfs quota), or None without a limit."""
    try:
        v2 = (root / "cpu.max").read_text().split()
        if v2 and v2[0] != "max":
            return int(v2[0]) / int(v2[1])
        if v2:
            return None
    except (OSError, ValueError, IndexError):
        pass
    try:
        q = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return q / period if q > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


class ConfigError(ValueError):
    """A configuration problem, phrased as one line for the user."""


@dataclass(frozen=True)
class Settings:
    db: Path = Path("data/grassroots.duckdb")
    seeds_dir: Path = REPO_ROOT / "seeds"
    sql_dir: Path = REPO_ROOT / "sql"
    # 200 documents per batch task: large enough that Prefect's per-task cost
    # (a few ms and an event row) is noise, small enough that a failed batch is cheap to redo.
    batch_size: int = 200
    # extraction processes inside a batch task (1 = in the flow's process): by default one per
    # usable core (issue 20), so a user who never reads the settings gets the whole machine
    workers: int = field(default_factory=usable_cores)
    # 20 MB per input (reliability.md section 6: trafilatura and Scrapy use the same order)
    max_bytes: int = 20_000_000
    # seconds a writer waits for the warehouse lock held by another process
    lock_timeout: float = 600.0
    # a load that leaves this many small row groups in the raw layer's captures has the file
    # compacted right after (grassroots.warehouse.compact); 0 = never. DuckDB 1.4.4 starts a row
    # group per writer session in a table with a key, and a load reads a block per row group
    compact_after: int = 64
    user_agent_contact: str = ""
    # near-duplicate parameters (grassroots.dedup.signatures.DedupConfig fields), from a [dedup] table
    dedup: tuple[tuple[str, Any], ...] = ()
    # issue 11: where the warehouse lives ("duckdb": the file `db`; "ducklake": catalog + data_path)
    warehouse: str = "duckdb"
    catalog: str = ""  # DuckLake catalog: a DuckDB file path or "postgres:dbname=... host=... port=..."
    data_path: str = ""  # DuckLake Parquet folder (or object-store prefix)
    # issue 11: where tasks run ("local": threads in the flow's process; "dask": a Dask cluster)
    task_runner: str = "local"
    dask_address: str = ""  # tcp://scheduler:8786; empty = a temporary local Dask cluster

    @property
    def lake(self):  # -> grassroots.warehouse.lake.LakeTarget | None
        from grassroots.warehouse import lake as lakehouse

        return lakehouse.target(self.warehouse, self.catalog, self.data_path)

    def dedup_config(self):
        from grassroots.dedup.signatures import DedupConfig

        return DedupConfig(**dict(self.dedup))

    def with_overrides(self, **kw: Any) -> Settings:
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    enabled: bool = True
    schedule: str | None = None
    timezone: str = "Asia/Shanghai"
    catchup: str = "latest"
    priority: int = 100  # lower wins when choosing a cluster's canonical document
    allow_hosts: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    base_dir: Path = Path(".")

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.options)
        d.update(name=self.name, kind=self.kind, enabled=self.enabled, allow_hosts=list(self.allow_hosts),
                 base_dir=str(self.base_dir))
        if self.schedule:
            d["schedule"] = self.schedule
        return d

    def file_paths(self) -> list[str]:
        """Paths/globs of a files source, resolved against the config file's folder."""
        out = []
        for p in self.options.get("paths", []):
            pp = Path(os.path.expanduser(p))
            out.append(str(pp if pp.is_absolute() else (self.base_dir / pp)))
        return out

    def missing_paths(self) -> list[str]:
        """Configured paths (not globs) of a files source that do not exist: a misconfiguration,
        not an input to reject (a glob matching nothing may be an empty inbox)."""
        return [p for p in self.file_paths() if not set(p) & set("*?[") and not os.path.exists(p)]


@dataclass(frozen=True)
class Config:
    path: Path | None
    sources: tuple[Source, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    dedup: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Source:
        for s in self.sources:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"unknown source '{name}' (configured: {known})")

    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]


def default_config_path() -> Path:
    env = os.environ.get("GRASSROOTS_CONFIG")
    if env:
        return Path(env)
    local = Path("seeds/sources.toml")
    return local if local.exists() else REPO_ROOT / "seeds" / "sources.toml"


def resolve_settings(config: Config | None = None, **cli: Any) -> Settings:
    """Defaults <- [settings] in the config file <- GRASSROOTS_* env <- CLI flags."""
    s = Settings()
    if config is not None:
        s = _apply(s, config.settings, "config file [settings]")
        if config.dedup:
            s = replace(s, dedup=tuple(sorted(config.dedup.items())))
    env = {f.lower(): os.environ[f"GRASSROOTS_{f.upper()}"] for f in _FIELDS if f"GRASSROOTS_{f.upper()}" in os.environ}
    s = _apply(s, env, "environment")
    return s.with_overrides(**cli)


_FIELDS = ("db", "seeds_dir", "batch_size", "workers", "max_bytes", "lock_timeout", "compact_after", "user_agent_contact",
           "warehouse", "catalog", "data_path", "task_runner", "dask_address")


def _whole(v: Any) -> int:
    """A whole number from the file (an integer) or the environment (its digits); never a float
    cut down (2.7 is not 2 workers) or a boolean (true is not 1)."""
    if isinstance(v, bool) or not isinstance(v, int | str) or isinstance(v, str) and not re.fullmatch(r"\s*-?\d+\s*", v):
        raise ValueError(f"must be a whole number, not {v!r}")
    return int(v)


def _seconds(v: Any) -> float:
    try:
        x = float(v) if not isinstance(v, bool) else float("nan")
    except (TypeError, ValueError):
        x = float("nan")
    if not (0 <= x < float("inf")):  # (nan fails too)
        raise ValueError(f"must be a number of seconds, 0 or more, not {v!r}")
    return x


def _apply(s: Settings, values: dict[str, Any], where: str) -> Settings:
    kw: dict[str, Any] = {}
    unknown = [k for k in values if k not in _FIELDS]
    if unknown:  # every typo at once, not one per attempt
        raise ConfigError(f"{where}: unknown setting{'s' if len(unknown) > 1 else ''} {_names(unknown)} "
                          f"(known: {', '.join(_FIELDS)})")
    for k, v in values.items():
        try:
            if k in ("db", "seeds_dir"):
                if not isinstance(v, str | Path) or not str(v).strip():
                    raise ValueError(f"must be a path (a string), not {v!r}")
                kw[k] = Path(v)
            elif k in ("batch_size", "workers", "max_bytes"):
                kw[k] = _whole(v)
                if kw[k] < 1:
                    raise ValueError("must be at least 1")
            elif k == "lock_timeout":
                kw[k] = _seconds(v)
            elif k == "compact_after":
                kw[k] = _whole(v)
                if kw[k] < 0:
                    raise ValueError("must be 0 (never) or more")
            elif k == "warehouse" and v not in ("duckdb", "ducklake"):
                raise ValueError("must be duckdb or ducklake")
            elif k == "task_runner" and v not in ("local", "dask", "ray"):
                raise ValueError("must be local, dask or ray")
            else:
                kw[k] = str(v)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"{where}: setting '{k}': {e}") from None
    return replace(s, **kw)


def load_config(path: Path | str | None = None) -> Config:
    p = Path(path) if path is not None else default_config_path()
    if not p.exists():
        raise ConfigError(f"config file not found: {p}")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: invalid TOML: {e}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: not UTF-8 text") from None
    unknown = set(data) - {"sources", "settings", "dedup"}
    if unknown:
        raise ConfigError(f"{p}: unknown top-level key(s): {', '.join(sorted(unknown))} "
                          "(expected [settings], [dedup] and [[sources]])")
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{p}: 'sources' must be an array of tables ([[sources]])")
    sources, errors = [], []
    for i, d in enumerate(raw_sources):  # every bad source at once, one line
        try:
            sources.append(parse_source(d, base_dir=p.parent, index=i))
        except ConfigError as e:
            errors.append(str(e))
    if errors:
        raise ConfigError("; ".join(errors))
    seen: set[str] = set()
    for s in sources:
        if s.name in seen:
            raise ConfigError(f"source '{s.name}': field 'name': defined twice")
        seen.add(s.name)
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"{p}: [settings] must be a table")
    dedup = data.get("dedup", {})
    _check_dedup(p, dedup)
    return Config(path=p, sources=tuple(sources), settings=settings, dedup=dedup)


def _check_dedup(p: Path, dedup: Any) -> None:
    from dataclasses import fields

    from grassroots.dedup.signatures import DedupConfig

    if not isinstance(dedup, dict):
        raise ConfigError(f"{p}: [dedup] must be a table")
    known = {f.name: f.type for f in fields(DedupConfig)}
    unknown = [k for k in dedup if k not in known]
    if unknown:
        raise ConfigError(f"{p}: [dedup] unknown field{'s' if len(unknown) > 1 else ''} {_names(unknown)} "
                          f"(known: {', '.join(sorted(known))})")
    for k, v in dedup.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ConfigError(f"{p}: [dedup] field '{k}': must be a number")
    try:
        DedupConfig(**dedup)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{p}: [dedup]: {e}") from None


def _names(keys: list[str]) -> str:
    return ", ".join(f"'{k}'" for k in keys)


def unknown_fields(label: str, keys: list[str], what: str, known: list[str]) -> ConfigError:
    """All of a source's unknown fields in one error (a typo in two names shows both)."""
    if len(keys) == 1:
        return ConfigError(f"{label}: field '{keys[0]}': unknown field for {what} (known: {', '.join(known)})")
    return ConfigError(f"{label}: fields {_names(keys)}: unknown fields for {what} (known: {', '.join(known)})")


_COMMON = {"name", "kind", "enabled", "schedule", "timezone", "catchup", "priority", "allow_hosts"}


def parse_source(d: Any, *, base_dir: Path = Path("."), index: int = 0) -> Source:
    if not isinstance(d, dict):
        raise ConfigError(f"sources[{index}]: must be a table")
    name = d.get("name")
    label = f"source '{name}'" if isinstance(name, str) else f"sources[{index}]"

    def bad(fieldname: str, msg: str) -> ConfigError:
        return ConfigError(f"{label}: field '{fieldname}': {msg}")

    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise bad("name", "required; letters, digits, '_', '-', '.' (max 64)")
    kind = d.get("kind")
    if kind not in SOURCE_KINDS:
        raise bad("kind", f"must be one of {', '.join(SOURCE_KINDS)}")
    enabled = d.get("enabled", True)
    if not isinstance(enabled, bool):
        raise bad("enabled", "must be true or false")
    schedule = d.get("schedule")
    # five fields only: a sixth (seconds) is read first by croniter and last by Prefect's
    # scheduler, so the same string would mean two different schedules
    if schedule is not None and (not isinstance(schedule, str) or len(schedule.split()) != 5):
        raise bad("schedule", "must be a five-field cron expression (minute hour day month weekday) such as '0 6 * * *'")
    if schedule is not None:
        # checked here, not first by `serve`: `run` would otherwise accept a schedule that can never be served
        from cronsim import CronSim, CronSimError

        try:  # also refuses a day that never comes (31 2: February 31st)
            CronSim(schedule, datetime(2000, 1, 1))
        except CronSimError as e:
            raise bad("schedule", f"{schedule!r} is not a valid cron expression ({str(e).lower()})") from None
    tz = d.get("timezone", "Asia/Shanghai")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:
        raise bad("timezone", f"unknown time zone {tz!r}") from None
    catchup = d.get("catchup", "latest")
    if catchup not in CATCHUP_POLICIES:
        raise bad("catchup", f"must be one of {', '.join(CATCHUP_POLICIES)}")
    priority = d.get("priority", 100)
    if not isinstance(priority, int):
        raise bad("priority", "must be an integer")
    allow = d.get("allow_hosts", [])
    if not isinstance(allow, list) or not all(isinstance(h, str) for h in allow):
        raise bad("allow_hosts", "must be a list of host names")
    options = {k: v for k, v in d.items() if k not in _COMMON}
    if kind == "files":
        paths = options.get("paths")
        if isinstance(paths, str):
            paths = options["paths"] = [paths]
        if not paths or not all(isinstance(x, str) for x in paths):
            raise bad("paths", "a files source needs a non-empty list of paths or globs")
        extra = sorted(set(options) - {"paths", "exclude"})
        if extra:
            raise unknown_fields(label, extra, "a files source", ["exclude", "paths"])
    else:
        from grassroots.sources.web import validate_web_source

        try:
            validate_web_source(dict(d))
        except ValueError as e:
            raise ConfigError(str(e)) from None
    return Source(
        name=name,
        kind=kind,
        enabled=enabled,
        schedule=schedule,
        timezone=tz,
        catchup=catchup,
        priority=priority,
        allow_hosts=tuple(allow),
        options=options,
        base_dir=base_dir,
    )
