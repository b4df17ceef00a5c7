"""Small documents for the demo toolkits, written here from each toolkit's own data: a
checklist of its steps (Markdown) and a budget template (CSV), in Russian for the source page
and in English for its translation. Stored as Wagtail documents in a public collection; found
by title on a rerun, so nothing is duplicated."""

import csv
import io

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

COLLECTION = "Демо-материалы"
RU, EN = 0, 1
WORDS = {
    "checklist": ("Чек-лист", "Checklist"),
    "budget": ("Шаблон сметы", "Budget template"),
    "intro": (
        "Отмечайте пункты по мере подготовки. Список собран из шагов инструкции на портале.",
        "Tick the items off as you prepare. The list is made from the guide's steps on the portal.",
    ),
    "duration": ("Сроки", "Time"),
    "header": (
        ["Статья расходов", "Сумма, руб.", "Кто отвечает", "Комментарий"],
        ["Expense", "Amount, RUB", "Who is responsible", "Note"],
    ),
    "total": ("Итого", "Total"),
    "range": (
        "Ориентир по инструкции: от {low} до {high} руб.",
        "The guide's range: {low} to {high} RUB.",
    ),
}


def collection():
    """The public collection of demo documents (no view restriction)."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=COLLECTION).first()
    return found or root.add_child(name=COLLECTION)


def checklist(spec, lang):
    lines = [f"# {WORDS['checklist'][lang]}: {spec['title'][lang]}", "", WORDS["intro"][lang], ""]
    for number, step in enumerate(spec["steps"], start=1):
        lines.append(f"## {number}. {step['title'][lang]}")
        if step["duration"][lang]:
            lines.append(f"*{WORDS['duration'][lang]}: {step['duration'][lang]}*")
        lines.append("")
        lines += [f"- [ ] {item[lang]}" for item in step["checklist"]]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def budget(spec, lang):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == RU else ",")
    writer.writerow(WORDS["header"][lang])
    for step in spec["steps"]:
        writer.writerow([step["title"][lang], "", "", ""])
    writer.writerow([WORDS["total"][lang], "", "", ""])
    low, high = spec["budget"]
    writer.writerow([WORDS["range"][lang].format(low=low, high=high), "", "", ""])
    # A byte-order mark, so that spreadsheet programs read the Cyrillic as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def documents(spec, lang, command):
    """The toolkit's documents in a language, created on the first run only."""
    Document = get_document_model()
    target = collection()
    made = []
    for kind, extension, build in (("checklist", "md", checklist), ("budget", "csv", budget)):
        title = f"{WORDS[kind][lang]} — {spec['title'][lang]}"
        document = Document.objects.filter(collection=target, title=title).first()
        if document is None:
            name = f"{spec['slug']}-{kind}-{('ru', 'en')[lang]}.{extension}"
            document = Document(title=title, collection=target)
            document.file.save(name, ContentFile(build(spec, lang)), save=False)
            document.save()
            command.created += 1
        made.append(document)
    return made
