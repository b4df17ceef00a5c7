"""Small documents for the demo toolkits, written from each toolkit's own record: a checklist
of its steps (Markdown) and a budget template (CSV), in Russian for the source page and in
English for its translation. Stored as Wagtail documents in a public collection; found by
title on a rerun, so nothing is duplicated. Their words are in ``data/toolkits.toml``."""

import csv
import io

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

from .records import read


def words(lang):
    return read("toolkits")["materials"][lang]


def collection():
    """The public collection of demo documents (no view restriction)."""
    name = words("ru")["collection"]
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    return found or root.add_child(name=name)


def checklist(record, lang):
    texts, said = record[lang], words(lang)
    lines = [f"# {said['checklist']}: {texts['title']}", "", said["intro"], ""]
    for number, step in enumerate(texts["steps"], start=1):
        lines.append(f"## {number}. {step['title']}")
        if step.get("duration"):
            lines.append(f"*{said['duration']}: {step['duration']}*")
        lines.append("")
        lines += [f"- [ ] {item}" for item in step["checklist"]]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def budget(record, lang):
    said = words(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "ru" else ",")
    writer.writerow(said["header"])
    for step in record[lang]["steps"]:
        writer.writerow([step["title"], "", "", ""])
    writer.writerow([said["total"], "", "", ""])
    low, high = record["budget"]
    writer.writerow([said["range"].format(low=low, high=high), "", "", ""])
    # A byte-order mark, so that spreadsheet programs read the Cyrillic as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def documents(demo, record, lang):
    """The toolkit's documents in a language, created on the first run only."""
    Document = get_document_model()
    target = collection()
    made = []
    for kind, extension, build in (("checklist", "md", checklist), ("budget", "csv", budget)):
        title = f"{words(lang)[kind]} — {record[lang]['title']}"
        document = Document.objects.filter(collection=target, title=title).first()
        if document is None:
            name = f"{record['key']}-{kind}-{lang}.{extension}"
            document = Document(title=title, collection=target)
            document.file.save(name, ContentFile(build(record, lang)), save=False)
            document.save()
            demo.created += 1
        made.append(document)
    return made
