"""Time as the law counts it: working and calendar days over official and provisional calendar years.

- :mod:`.working` — :class:`WorkingCalendar` (index arithmetic), :class:`WorkingDayCount` and its explanation;
- :mod:`.law` — the holiday law, extension caps, counting rules, the statutory limit and the fee levels as data
  (``law.yaml``), provisional years, schedule checks;
- :mod:`.notice` — official schedules from the State Council notice (YAML) or chinese-calendar.
"""
from .law import (ExtensionCap as ExtensionCap, FeeLaw as FeeLaw, TimeLaw as TimeLaw, check_schedule as check_schedule, load_law as load_law,
                  provisional_year as provisional_year, statutory_holidays as statutory_holidays)
from .notice import HolidayNotice as HolidayNotice, calendar_yaml as calendar_yaml, read_notice as read_notice, seed_year as seed_year
from .working import (DAYS_IN as DAYS_IN, UNIT_NAMES as UNIT_NAMES, SkippedDay as SkippedDay, Unit as Unit, WorkingCalendar as WorkingCalendar,
                      WorkingDayCount as WorkingDayCount, provisional_note as provisional_note)

__all__ = ["DAYS_IN", "ExtensionCap", "FeeLaw", "HolidayNotice", "SkippedDay", "TimeLaw", "UNIT_NAMES", "Unit", "WorkingCalendar", "WorkingDayCount",
           "calendar_yaml", "check_schedule", "load_law", "provisional_note", "provisional_year", "read_notice", "seed_year",
           "statutory_holidays"]
