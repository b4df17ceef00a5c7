"""Dates of events written the way each language writes them."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import get_language

register = template.Library()

# (first day, last day) of a range inside one month; other cases use the locale's DATE_FORMAT.
SAME_MONTH = {"ru": ("j", "j E Y г."), "en": ("F j", "j, Y")}
SAME_YEAR = {"ru": ("j E", "j E Y г."), "en": ("F j", "F j, Y")}


def _date(day):
    return date_format(day, get_format("DATE_FORMAT"))


def _time(value):
    return date_format(value, get_format("TIME_FORMAT"))


@register.simple_tag
def event_when(occurrence):
    """«20–21 ноября 2017 г.», "November 20–21, 2017", «1 декабря 2026 г., 19:00–21:00»."""
    if occurrence is None:
        return ""
    first, last = occurrence.first_day, occurrence.last_day
    start, end = occurrence.local_start, occurrence.local_end
    if occurrence.all_day:
        if first == last:
            return _date(first)
        language = (get_language() or "ru")[:2]
        pattern = SAME_MONTH.get(language)
        if pattern and (first.year, first.month) == (last.year, last.month):
            return f"{date_format(first, pattern[0])}–{date_format(last, pattern[1])}"
        pattern = SAME_YEAR.get(language)
        if pattern and first.year == last.year:
            return f"{date_format(first, pattern[0])} – {date_format(last, pattern[1])}"
        return f"{_date(first)} – {_date(last)}"
    if first == last:
        return f"{_date(first)}, {_time(start)}–{_time(end)}"
    return f"{_date(first)}, {_time(start)} – {_date(last)}, {_time(end)}"


@register.simple_tag
def utc_offset(occurrence):
    """«UTC+10» for the occurrence's own zone."""
    if occurrence is None:
        return ""
    minutes = int(occurrence.start.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
