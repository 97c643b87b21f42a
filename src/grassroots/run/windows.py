"""Half-open date windows [start, end): splitting ranges, schedule slots, reprocess choice.

Scheduled, manual and backfill runs share one code path: each gets an explicit window.
A scheduled run's window is the schedule slot that just ended, [previous tick, this tick),
computed from its scheduled time (never from "now", which is wrong for late runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cronsim import CronSim

UNITS = ("day", "week", "month", "year")
REPROCESS = ("missing", "failed", "all")


@dataclass(frozen=True, order=True)
class Window:
    start: date
    end: date  # exclusive

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _next_boundary(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":  # ISO weeks start on Monday
        return d + timedelta(days=7 - d.weekday())
    if unit == "month":
        return date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    if unit == "year":
        return date(d.year + 1, 1, 1)
    raise ValueError(f"window must be one of {', '.join(UNITS)}, not {unit!r}")


def split_windows(since: date, until: date, unit: str = "month") -> list[Window]:
    """Calendar-aligned windows covering [since, until); the first and last may be partial."""
    if since >= until:
        raise ValueError(f"empty range: {since} is not before {until}")
    out, cur = [], since
    while cur < until:
        nxt = min(_next_boundary(cur, unit), until)
        out.append(Window(cur, nxt))
        cur = nxt
    return out


# The calendar period a day falls in, numbered so that consecutive periods differ by one (an ISO
# week by its Monday: date(1, 1, 1) is a Monday).
_PERIOD = {"day": date.toordinal, "week": lambda d: (d.toordinal() - d.weekday()) // 7,
           "month": lambda d: d.year * 12 + d.month, "year": lambda d: d.year}


def count_windows(since: date, until: date, unit: str) -> int:
    """len(split_windows(since, until, unit)) without making them (a mistyped year is not split
    into its 365,000 days to be refused): the periods from since's to the last day's."""
    if since >= until:
        raise ValueError(f"empty range: {since} is not before {until}")
    if unit not in _PERIOD:
        raise ValueError(f"window must be one of {', '.join(UNITS)}, not {unit!r}")
    period = _PERIOD[unit]
    return period(until - timedelta(days=1)) - period(since) + 1


# Each backfill window is a flow run of its own: --since 1026-01-01 (for 2026) with daily windows
# would start 365,000 of them. A range that splits into more than this is refused with the count
# and the window size that fits; --max-windows raises the bound on purpose.
MAX_WINDOWS = 1000


def check_window_count(since: date, until: date, unit: str, most: int = MAX_WINDOWS) -> None:
    """ValueError when [since, until) is more than `most` windows of `unit`."""
    n = count_windows(since, until, unit)
    if n <= most:
        return
    fits = [u for u in UNITS[UNITS.index(unit) + 1:] if count_windows(since, until, u) <= most]
    hint = f"use --window {fits[0]}, " if fits else ""
    raise ValueError(f"{since} .. {until} is {n:,} {unit} windows, more than --max-windows {most:,} "
                     f"(each window is a flow run): check the dates, {hint}or raise --max-windows")


def schedule_slot(cron: str, tz: str, scheduled: datetime) -> tuple[datetime, datetime]:
    """The slot [previous tick, this tick) of a cron schedule, for a run scheduled at `scheduled`."""
    zone = ZoneInfo(tz)
    local = scheduled.astimezone(zone).replace(microsecond=0)
    # CronSim yields strictly-later ticks; step back one second so a run exactly on a tick sees it
    tick = next(CronSim(cron, local - timedelta(seconds=1)))
    if tick > local:  # scheduled off-tick (manual trigger): the slot that contains it ends at the last tick
        tick = next(CronSim(cron, local, reverse=True))
    prev = next(CronSim(cron, tick, reverse=True))
    return prev, tick


def latest_tick(cron: str, tz: str, now: datetime) -> datetime:
    local = now.astimezone(ZoneInfo(tz)).replace(microsecond=0)
    return next(CronSim(cron, local + timedelta(seconds=1), reverse=True))


def select_windows(windows: Iterable[Window], status: dict[Window, str], reprocess: str) -> list[Window]:
    """Which windows a backfill runs: missing (default) = not completed; failed = failed only; all."""
    if reprocess not in REPROCESS:
        raise ValueError(f"--reprocess must be one of {', '.join(REPROCESS)}")
    out = []
    for w in windows:
        st = status.get(w)
        if (reprocess == "all" or (reprocess == "missing" and st != "completed")
                or (reprocess == "failed" and st == "failed")):
            out.append(w)
    return out
