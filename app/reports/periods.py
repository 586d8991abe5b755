"""Calendar months as report periods ("2026-11"): bounds, parsing, the last twelve months."""

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text, default=None):
        """'2026-11' -> Month(2026, 11); anything else -> default."""
        try:
            year, month = (int(p) for p in str(text).strip().split("-"))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        except (TypeError, ValueError):
            pass
        return default

    @classmethod
    def of(cls, day):
        return cls(day.year, day.month)

    @property
    def label(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self):
        """First day of the month."""
        return date(self.year, self.month, 1)

    @property
    def end(self):
        """First day of the next month (exclusive bound)."""
        return self.next().start

    @property
    def last_day(self):
        return self.end - timedelta(days=1)

    @property
    def start_at(self):
        return datetime.combine(self.start, datetime.min.time())

    @property
    def end_at(self):
        return datetime.combine(self.end, datetime.min.time())

    @property
    def days(self):
        return (self.end - self.start).days

    def next(self):
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self):
        return Month(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)

    def __str__(self):
        return self.label


def last_months(month, n=12):
    """The n months ending with `month`, oldest first."""
    out = [month]
    while len(out) < n:
        out.append(out[-1].previous())
    return out[::-1]


def week_of(day):
    """(Monday, next Monday) of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)
