"""Dates as readers see them, and the archive of papers by month.

A paper's date is the day it was published where a listing says so,
otherwise the day it was first listed (never an invented publication date;
pages say which). The archive has a page per month, or one page for a whole
year when the year holds too few papers for month pages to be worth a click
(a year with month pages has a page of its own too, when some of its papers
give no month).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Literal

from generator.model import Paper

# A year with fewer dated papers than this gets one archive page, not twelve.
MONTH_PAGES_FROM = 60
DateKind = Literal["published", "listed", ""]


@dataclass(frozen=True)
class PaperDate:
    iso: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"; "" when nothing is known
    kind: DateKind

    def words(self) -> str:
        """'Published 2024-10-25', 'First listed on 2026-11-27', or ''."""
        if self.kind == "published":
            return f"Published {self.iso}"
        if self.kind == "listed":
            return f"First listed on {self.iso}"
        return ""


def paper_date(paper: Paper) -> PaperDate:
    if paper.published:
        return PaperDate(paper.published, "published")
    seen = [p.first_seen for p in paper.provenance if p.first_seen]
    return PaperDate(min(seen), "listed") if seen else PaperDate("", "")


def newest_first(papers: list[Paper]) -> list[Paper]:
    """By date, newest first; same day by title, so pages are stable."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
    return sorted(by_title, key=lambda p: paper_date(p).iso, reverse=True)


@dataclass
class Period:
    """One archive page's worth of time: a month ("2026-11") or a year ("2019")."""

    key: str
    papers: list[Paper] = field(default_factory=list)

    # A year's page beside its month pages holds the papers dated by year only.
    month_unknown: bool = False

    @property
    def title(self) -> str:
        if len(self.key) == 4:
            return f"{self.key}, month not given" if self.month_unknown else self.key
        year, month = self.key.split("-")
        return f"{calendar.month_name[int(month)]} {year}"


def archive_periods(papers: list[Paper]) -> list[Period]:
    """Every period with papers, newest first, each period's papers newest first."""
    by_year: dict[str, list[Paper]] = {}
    for paper in papers:
        iso = paper_date(paper).iso
        if iso[:4].isdigit():
            by_year.setdefault(iso[:4], []).append(paper)
    periods: list[Period] = []
    for year in sorted(by_year, reverse=True):
        members = newest_first(by_year[year])
        if len(members) < MONTH_PAGES_FROM:
            periods.append(Period(year, members))
            continue
        # Month pages; papers dated by year only (a BibTeX `year`) go on a
        # page of the year's own, after its months.
        months: dict[str, Period] = {}
        for paper in members:
            key = paper_date(paper).iso[:7]
            months.setdefault(key, Period(key, month_unknown=len(key) == 4)).papers.append(paper)
        periods.extend(sorted(months.values(), key=lambda p: (len(p.key), p.key), reverse=True))
    return periods
