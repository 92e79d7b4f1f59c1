"""Dates in the text: Solar Hijri (۲۷ آبان ۱۴۰۴), Gregorian (18 نوامبر 2025)
and relative days (امروز، دیروز، چهارشنبه) against the document date.
"""
from __future__ import annotations

import datetime as dt

import jdatetime

from kg.model import Document, Sentence
from kg.normalize import fold
from kg.resources import Resources


def _number(key: str) -> int | None:
    return int(key) if key.isascii() and key.isdigit() else None   # not ² or other digit-like signs


def absolute_dates(sentence: Sentence, res: Resources) -> list[dt.date]:
    """Every `day month year` date of the sentence, Solar Hijri or Gregorian."""
    jalali, gregorian = res.table("jalali_months"), res.table("gregorian_months")
    keys = [t.key for t in sentence.tokens]
    found = []
    for i in range(1, len(keys) - 1):
        day, year = _number(keys[i - 1]), _number(keys[i + 1])
        if day is None or year is None or not 1 <= day <= 31:
            continue
        try:
            if keys[i] in jalali and 1300 <= year <= 1500:
                found.append(jdatetime.date(year, jalali[keys[i]], day).togregorian())
            elif keys[i] in gregorian and 1900 <= year <= 2100:
                found.append(dt.date(year, gregorian[keys[i]], day))
        except ValueError:
            continue
    return found


def relative_date(sentence: Sentence, anchor: dt.date, res: Resources) -> dt.date | None:
    """امروز / دیروز / a weekday name, counted back from the document date."""
    relative, weekdays = res.table("relative_days"), _weekday_forms(res)
    keys = [t.key for t in sentence.tokens]
    for i, key in enumerate(keys):
        if key in relative:
            return anchor + dt.timedelta(days=relative[key])
        weekday = weekdays.get(key)
        if weekday is not None and not _is_month_day(keys, i) and (i == 0 or keys[i - 1] != fold("شهر")):
            return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
    return None


def _weekday_forms(res: Resources) -> dict[str, int]:
    """A weekday's key, alone or glued to شب/صبح (پنجشنبه‌شب) → its number (built once)."""
    key = "_weekday_forms"
    if key not in res.tables:
        res.tables[key] = {name + suffix: weekday for name, weekday in res.table("weekdays").items()
                           for suffix in ("", fold("شب"), fold("صبح"))}
    return res.tables[key]


def _is_month_day(keys: list[str], i: int) -> bool:
    return i + 1 < len(keys) and keys[i + 1].isascii() and keys[i + 1].isdigit()


def date_document(doc: Document, res: Resources) -> Document:
    """Set the document date (header, else the first full date in the text) and
    each sentence's own date where the text gives one."""
    found = None
    if doc.date is None:
        found = {s.index: absolute_dates(s, res) for s in doc.sentences}
        first = next((dates[0] for dates in found.values() if dates), None)
        if first is not None:
            doc.date, doc.date_source = first, "text"
    for sentence in doc.sentences:
        dates = found.get(sentence.index) if found is not None else absolute_dates(sentence, res)
        if dates:
            doc.sentence_dates[sentence.index] = dates[0]
            doc.sentence_date_kinds[sentence.index] = "stated"
        elif doc.date is not None:
            day = relative_date(sentence, doc.date, res)
            if day is not None:
                doc.sentence_dates[sentence.index] = day
                doc.sentence_date_kinds[sentence.index] = "relative"
    return doc
