"""Locale helpers: where a reader of another language should go from the current page."""

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Page, Site

from portal.sitecache import navigation, restrictions, sites


def live_translations(request, page):
    """The page's live, public versions by language code (itself included), in LANGUAGES
    order, each as ``{"id", "url", "full_url"}``. Cached until the site changes
    (``portal.sitecache``): the language switcher and the ``hreflang`` tags both need it."""
    return navigation.translations(request, page)["live"]


def language_links(request, page=None):
    """One link per language for the switcher.

    For a page: its live, public translation; when a language has none, the nearest ancestor
    that has one (``fallback=True``, so the template can say the page is not translated yet).
    Read from the shared cache (no query once warm). Outside pages: Django's ``translate_url``.
    """
    active = get_language()
    links = []
    if page is not None and page.pk:
        found = navigation.translations(request, page)
        translations, fallbacks = found["live"], found["fallbacks"]
        for code, name in settings.LANGUAGES:
            target = translations.get(code) or fallbacks.get(code)
            if target is None:
                continue
            links.append(
                {
                    "code": code,
                    "name": name,
                    "url": target["url"],
                    "is_active": code == active,
                    "is_fallback": code not in translations,
                }
            )
        return links
    for code, name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(request.get_full_path(), code),
                "is_active": code == active,
                "is_fallback": False,
            }
        )
    return links


def localized_pages(pages, locale):
    """Linked pages in the reader's language where a live translation exists.

    Page links (related pages, venues, "applied at") keep pointing at the page the editor chose,
    usually the Russian one; a reader of the English page should land on its English version.
    Pages without a live translation stay as they are; pages readers cannot see are dropped.
    One query per page type (``.specific()``).
    """
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    candidates = (
        restrictions.public(Page.objects.live())
        .filter(
            Q(translation_key__in={page.translation_key for page in pages}, locale=locale)
            | Q(pk__in={page.pk for page in pages})
        )
        .specific()
    )
    translated, originals = {}, {}
    for candidate in candidates:
        if candidate.locale_id == locale.pk:
            translated[candidate.translation_key] = candidate
        originals[candidate.pk] = candidate
    result = []
    for page in pages:
        target = translated.get(page.translation_key) or originals.get(page.pk)
        if target is not None:
            result.append(target)
    return result


def localized_snippets(snippets, locale):
    """The same snippets in ``locale``, in one query; an untranslated one stays as it is.

    A translated page may still point at the Russian topic or person (wagtail-localize keeps
    such links when the snippet had no translation at the time), so templates show this.
    """
    snippets = list(snippets)
    if not snippets:
        return {}
    model = type(snippets[0])
    locale_id = getattr(locale, "pk", locale)
    # Those already in the language are their own translation: only the others are looked up.
    keys = {snippet.translation_key for snippet in snippets if snippet.locale_id != locale_id}
    found = {}
    if keys:
        found = {
            item.translation_key: item
            for item in model.objects.filter(translation_key__in=keys, locale=locale)
        }
    found.update(
        (snippet.translation_key, snippet) for snippet in snippets if snippet.locale_id == locale_id
    )
    return {snippet.pk: found.get(snippet.translation_key, snippet) for snippet in snippets}


def localized_list(snippets, locale):
    """``snippets`` in ``locale``, in the same order (one query)."""
    snippets = list(snippets)
    found = localized_snippets(snippets, locale)
    return [found[snippet.pk] for snippet in snippets]


def localized_one(snippet, locale):
    """One snippet in ``locale`` (one query), or None."""
    return localized_snippets([snippet], locale)[snippet.pk] if snippet is not None else None


def localize_attributes(objects, attributes, locale):
    """Give each object ``localized_<attribute>``: the snippet it names (``city``,
    ``space_type`` …) in ``locale``, or None. One query per attribute, whatever the number of
    objects; a snippet the objects did not load yet comes in the same query as its
    translation."""
    objects = [obj for obj in objects if obj is not None]
    for attribute in attributes:
        translated = _load_terms(objects, attribute, locale)
        snippets = [
            value
            for value in (getattr(obj, attribute) for obj in objects)
            if value is not None and value.translation_key not in translated
        ]
        localized = localized_snippets(snippets, locale)
        for obj in objects:
            value = getattr(obj, attribute)
            if value is None:
                found = None
            else:
                found = translated.get(value.translation_key) or localized.get(value.pk, value)
            setattr(obj, f"localized_{attribute}", found)
    return objects


def _load_terms(objects, attribute, locale):
    """Load the ``attribute`` snippets the objects hold only the id of, with their versions in
    ``locale``, in one query per model: ``{translation_key: what to show}`` (the version in
    ``locale``, or the snippet itself where it has none)."""
    locale_id = getattr(locale, "pk", locale)
    pending = {}
    for obj in objects:
        field = obj._meta.get_field(attribute)
        term_id = getattr(obj, field.attname)
        if term_id is not None and not field.is_cached(obj):
            pending.setdefault(field.related_model, {}).setdefault(term_id, []).append(obj)
    translated = {}
    for model, holders in pending.items():
        keys = model.objects.filter(pk__in=list(holders)).values("translation_key")
        rows = model.objects.filter(
            Q(pk__in=list(holders)) | Q(locale_id=locale_id, translation_key__in=keys)
        )
        originals = []
        for row in rows:
            if row.locale_id == locale_id:
                translated[row.translation_key] = row
            if row.pk in holders:
                originals.append(row)
                for obj in holders[row.pk]:
                    obj._meta.get_field(attribute).set_cached_value(obj, row)
        for row in originals:  # untranslated: shown as they are
            translated.setdefault(row.translation_key, row)
    return translated


def names_in(locale, snippets):
    """The names of taxonomy terms as written in ``locale``, as one text for the search index.

    Translated pages keep links to the source's terms (templates show their translations), so
    indexing the linked term's own name would put Russian words into English pages. A city
    contributes its region too.
    """
    by_model = {}
    for snippet in snippets:
        if snippet is not None:
            by_model.setdefault(type(snippet), []).append(snippet)
    words = []
    for group in by_model.values():
        localized = localized_snippets(group, locale)
        for snippet in group:
            term = localized[snippet.pk]
            words.extend(filter(None, (term.name, getattr(term, "region", ""))))
    return " ".join(words)


def home_paths():
    """{language code: url_path} of each language's home: a site's root page and its
    translations (Wagtail keeps these root paths in the cache; the first site wins)."""
    paths = {}
    for root in Site.get_site_root_paths():
        paths.setdefault(root.language_code, root.root_path)
    return paths


def homes(request=None):
    """Every language's live, public home page (the top of its tree), from the shared cache."""
    return sites.homes(request)


def home_of(language_code, request=None):
    """The live home page of a language, or None (from the shared cache)."""
    return sites.home_of(language_code, request)
