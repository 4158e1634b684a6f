"""Due dates from the calendar's bisected index against the day-by-day walk it replaced, in one run.

The baseline is the former count (step one day at a time, ask whether it is a day off, count the working
ones), over the same :class:`WorkingCalendar` (config/'s official years plus provisional years through
2031). Every start day of 2024–2029 is counted for the limits that occur in ``config/`` (0–60 working
days); both answers are checked to agree on every sample before anything is timed. Printed: µs per due
date for each and the ratio (walk ÷ index), for the bare due date (``due_date``) and the full count with
its skipped and make-up days (``add_working_days``, what the clock reads).

Usage: python -m bench.calendar_index [--repeat 3]
"""
from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from pathlib import Path

from onewindow.runtime.calendar import WorkingCalendar, load_law
from onewindow.runtime.loading import load_catalog

ROOT = Path(__file__).resolve().parent.parent
FIRST, LAST = date(2024, 1, 1), date(2029, 12, 31)
LIMITS = (0, 1, 3, 5, 10, 15, 20, 30, 45, 60)


def walk(calendar: WorkingCalendar, start: date, days: int) -> tuple[date, list[tuple[date, str]], list[date]]:
    """The former day-by-day count (the baseline)."""
    skipped: list[tuple[date, str]] = []
    makeup: list[date] = []
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        reason = calendar.reason_off(day)
        if reason is not None:
            skipped.append((day, reason))
            continue
        if day.weekday() >= 5:
            makeup.append(day)
        left -= 1
    return day, skipped, makeup


def _timed(samples: list[tuple[date, int]], count, repeat: int) -> float:
    """Best of ``repeat`` runs, µs per sample."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for start, days in samples:
            count(start, days)
        best = min(best, time.perf_counter() - began)
    return best / len(samples) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    catalog = load_catalog(ROOT / "config")
    calendar = WorkingCalendar(catalog.calendar, law=load_law(), provisional_through=2031)
    starts = [FIRST + timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    samples = [(start, days) for start in starts for days in LIMITS]
    for start, days in samples:  # agree first, then time
        due, skipped, makeup = walk(calendar, start, days)
        count = calendar.add_working_days(start, days)
        assert (count.due, [(s.day, s.reason) for s in count.skipped], [m.day for m in count.makeup_days]) == (
            due, skipped, makeup), (start, days)
        assert calendar.due_date(start, days) == due, (start, days)
    walked = _timed(samples, lambda s, d: walk(calendar, s, d), args.repeat)
    bare = _timed(samples, calendar.due_date, args.repeat)
    full = _timed(samples, calendar.add_working_days, args.repeat)
    print(f"{len(samples)} due dates ({len(starts)} start days × limits {LIMITS[0]}–{LIMITS[-1]} working days), "
          f"all agreeing; best of {args.repeat}")
    print(f"  day-by-day walk (baseline)      {walked:8.2f} µs")
    print(f"  index: due_date                 {bare:8.2f} µs   {walked / bare:6.1f}× faster than the walk")
    print(f"  index: add_working_days (clock) {full:8.2f} µs   {walked / full:6.1f}× faster than the walk")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
