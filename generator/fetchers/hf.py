"""Hugging Face daily papers (huggingface.co/api/daily_papers?date=...): one JSON array a day.

Hugging Face lists papers every weekday; weekends often have none. So an
empty array for a Saturday or Sunday is a quiet day, while an empty array
for a weekday means the list is not there (an outage, or a day not yet
filled) and must fail the run rather than look like "no news".
"""

from __future__ import annotations

import re
from datetime import date

import httpx

from generator.fetchers.client import FetchError, PoliteClient
from generator.fetchers.store import Answer, NoPapers, validate
from generator.sources import hf_daily

ENDPOINT = "https://huggingface.co/api/daily_papers"
FORMAT = hf_daily.NAME

_EMPTY_ARRAY = re.compile(rb"\s*\[\s*\]\s*")


def filename(day: date) -> str:
    return f"{day.isoformat()}-hf-daily.json"


def fetch(client: PoliteClient, endpoint: str, day: date) -> Answer | NoPapers:
    params = {"date": day.isoformat()}
    response = client.get(endpoint, params)
    weekday = day.strftime("%A")
    if _EMPTY_ARRAY.fullmatch(response.content):
        if day.weekday() >= 5:
            return NoPapers(f"Hugging Face lists no daily papers for {weekday} {day} (a weekend)")
        raise FetchError(
            f"{httpx.URL(endpoint, params=params)} answered [] for {weekday} {day}, a weekday: "
            "Hugging Face lists papers every weekday, so the list is missing or not yet "
            "filled; nothing written"
        )
    name = filename(day)
    return Answer(name, response.content, validate(response.content, name, FORMAT), client.requests)
