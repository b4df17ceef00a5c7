"""Snippets for search results with the reader's words marked, in Russian and English alike.

The backends answer which pages match, not where; the excerpt is found here. Russian words
change their endings («кластер», «кластеров», «кластерами»), so a query word matches any word that
starts with its stem: the word without its last one or two letters.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

EXCERPT_LENGTH = 240


def _fold(text):
    # One character for one character, so positions in the folded text are valid in the original.
    return text.lower().replace("ё", "е")


def stems(query):
    result = []
    for word in _fold(query).split():
        if len(word) > 5:
            word = word[:-2]
        elif len(word) == 5:
            word = word[:-1]
        if len(word) >= 2 and word not in result:
            result.append(word)
    return result


def page_text(page):
    """The text a reader would recognise from the page: its summary, then its body."""
    parts = []
    describe = getattr(page, "get_seo_description", None)
    if describe is not None:
        parts.append(describe())
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "stream_block"):
        field = page._meta.get_field("body")
        parts.extend(str(chunk) for chunk in field.get_searchable_content(body))
    return " ".join(" ".join(strip_tags(part).split()) for part in parts if part)


def excerpt(text, query, length=EXCERPT_LENGTH):
    """About ``length`` characters of ``text`` around the first match, matches in ``<mark>``."""
    words = stems(query)
    if not text:
        return ""
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*") if words else None
    )
    folded = _fold(text)
    first = pattern.search(folded) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window, folded_window = text[start:end], folded[start:end]

    pieces, position = [], 0
    for match in pattern.finditer(folded_window) if pattern else ():
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(window[match.start() : match.end()])}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece is escaped)
