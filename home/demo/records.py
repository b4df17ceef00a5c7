"""The demo's data files (``home/demo/data/*.toml``) and the ids derived from them.

Every record has one shape: ``key`` (its stable name; for a page also the Russian slug), its
facts, its Russian texts in ``ru`` and, when it is translated, its English texts in ``en``
(the same names; an English page may also have its own ``slug``). A list of facts and a list of
texts with the same name (a centre's ``links`` and ``ru.links``) line up item by item.
"""

import tomllib
import uuid
from functools import cache
from pathlib import Path

from wagtail import blocks
from wagtail.fields import StreamField

DATA = Path(__file__).with_name("data")
# Block ids (and any other id derived from the data) are UUIDs in this one namespace.
NAMESPACE = uuid.UUID("3f1c9a52-7a51-4d36-9d8e-6c1a0f0c2b11")
RECORD_PARTS = {"key", "ru", "en"}


@cache
def read(name):
    """The records of ``data/<name>.toml``, checked for the common shape."""
    with (DATA / f"{name}.toml").open("rb") as file:
        data = tomllib.load(file)
    for group in data.values():
        for record in group if isinstance(group, list) else [group]:
            check_record(name, record)
    return data


def check_record(name, record):
    if "key" not in record or "ru" not in record:
        raise ValueError(f"{name}.toml: every record needs a key and Russian texts: {record!r}.")
    extra = set(record.get("en", {})) - set(record["ru"]) - {"slug"}
    if extra:
        raise ValueError(f"{name}.toml, {record['key']}: English texts without Russian: {extra}.")


def facts(record):
    """A record's facts: everything but its key and texts."""
    return {name: value for name, value in record.items() if name not in RECORD_PARTS}


@cache
def stream_fields(model):
    return {field.name: field for field in model._meta.fields if isinstance(field, StreamField)}


def derived_id(path):
    return str(uuid.uuid5(NAMESPACE, path))


def with_ids(block, value, path):
    """StreamField data written without ids, with an id for every block and list item.

    Ids derive from ``path`` and the position, so the Russian and English versions of a field
    get the same ids and wagtail-localize pairs their segments.
    """
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child["type"],
                "value": with_ids(block.child_blocks[child["type"]], child["value"], f"{path}:{n}"),
                "id": derived_id(f"{path}:{n}"),
            }
            for n, child in enumerate(value)
        ]
    if isinstance(block, blocks.ListBlock):
        return [
            {
                "type": "item",
                "value": with_ids(block.child_block, item, f"{path}:{n}"),
                "id": derived_id(f"{path}:{n}"),
            }
            for n, item in enumerate(value)
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: with_ids(block.child_blocks[name], item, f"{path}:{name}")
            for name, item in value.items()
        }
    return value
