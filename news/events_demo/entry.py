"""The shape of one demo event."""


def event(key, day, ru, en=None, **fields):
    """``day``: a date, or days from today; ``ru``/``en``: (title, summary, place, address)."""
    return {"key": key, "day": day, "ru": ru, "en": en, **fields}
