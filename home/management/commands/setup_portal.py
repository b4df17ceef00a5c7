"""Create the portal's skeleton: locales, the Russian home page, its English translation, the Site,
the site texts (the footer) in both languages, and the publishing team's groups, permissions and
workflows.

Idempotent: running it again changes nothing that is already in place.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale, Page, Site

from home.editorial import ensure_team
from home.models import HomePage
from portal.models import SiteTexts
from portal.translation.translate import translate_object

HOME_TEXT = {
    "ru": {
        "title": "Новые общественные пространства",
        "slug": "home",
        "intro": (
            "Истории культурных центров, коворкингов, резиденций и креативных кластеров "
            "по всей России — и готовые форматы для тех, кто хочет открыть своё пространство."
        ),
    },
    "en": {
        "title": "New public spaces",
        "slug": "home-en",
        "intro": (
            "Stories of cultural centres, coworkings, residencies and creative clusters across "
            "Russia — and ready-made formats for anyone who wants to open a space of their own."
        ),
    },
}

# The footer's words as the portal starts with them; site managers edit them in the admin
# («Тексты сайта»), translators translate them with wagtail-localize.
SITE_TEXTS = {
    "ru": {
        "about": (
            "<p>Портал о новых общественных пространствах России — культурных центрах, "
            "коворкингах, резиденциях, креативных кластерах и библиотеках — и о форматах, "
            "которые помогают другим организаторам открыть своё.</p>"
        ),
        "reuse_note": "Тексты можно использовать со ссылкой на источник.",
    },
    "en": {
        "about": (
            "<p>A portal about new public spaces in Russia — community and cultural centres, "
            "coworkings, residencies, creative clusters and libraries — and about the formats "
            "that help other organisers start their own.</p>"
        ),
        "reuse_note": "Texts may be reused with a link to the source.",
    },
}


class Command(BaseCommand):
    help = (
        "Create locales, the home page in every language, the Site, the site texts, the team's "
        "groups and workflows (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        locales = self.ensure_locales()
        home = self.ensure_home(locales[settings.LANGUAGE_CODE])
        self.ensure_site(home)
        for code, locale in locales.items():
            if code != settings.LANGUAGE_CODE:
                self.ensure_translation(home, locale)
        texts = self.ensure_site_texts(locales[settings.LANGUAGE_CODE])
        for code, locale in locales.items():
            if code != settings.LANGUAGE_CODE:
                self.ensure_site_texts_translation(texts, locale)
        for change in ensure_team():
            self.stdout.write(change)
        # Occurrences of events that were live before they were stored (an upgrade), if any.
        call_command("refresh_event_occurrences", verbosity=0)
        self.stdout.write(self.style.SUCCESS("The portal's site tree and team are in place."))

    def ensure_locales(self):
        locales = {}
        for code, _name in settings.LANGUAGES:
            locales[code], created = Locale.objects.get_or_create(language_code=code)
            if created:
                self.stdout.write(f"Created locale {code}.")
        return locales

    def ensure_home(self, locale):
        home = HomePage.objects.filter(locale=locale).first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        if root is None:  # an emptied database (a flushed test database, a restored dump)
            root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        # Wagtail's first migration leaves a plain "Welcome" page as the site root: replace it.
        plain_page = ContentType.objects.get_for_model(Page)
        for welcome in root.get_children().filter(content_type=plain_page, numchild=0):
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        text = HOME_TEXT[locale.language_code]
        home = root.add_child(
            instance=HomePage(
                title=text["title"], slug=text["slug"], intro=text["intro"], locale=locale
            )
        )
        home.save_revision().publish()
        self.stdout.write(f"Created the home page ({locale.language_code}).")
        return home

    def ensure_site(self, home):
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        hostname = base.hostname or "localhost"
        port = base.port or (443 if base.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        wanted = {
            "hostname": hostname,
            "port": port,
            "root_page_id": home.pk,
            "site_name": HOME_TEXT[settings.LANGUAGE_CODE]["title"],
        }
        if site.pk and all(getattr(site, key) == value for key, value in wanted.items()):
            return site
        for key, value in wanted.items():
            setattr(site, key, value)
        site.save()
        self.stdout.write(f"Site set to {hostname}:{port}.")
        return site

    def ensure_translation(self, home, locale):
        if HomePage.objects.filter(translation_key=home.translation_key, locale=locale).exists():
            return
        text = HOME_TEXT[locale.language_code]
        shadow = HomePage(
            title=text["title"], slug=text["slug"], intro=text["intro"], body=home.body
        )
        translate_object(home, locale, shadow)
        self.stdout.write(f"Created the home page translation ({locale.language_code}).")

    def ensure_site_texts(self, locale):
        texts = SiteTexts.objects.filter(locale=locale).first()
        if texts is not None:
            return texts
        texts = SiteTexts(locale=locale, live=False, **SITE_TEXTS[locale.language_code])
        texts.save()
        texts.save_revision().publish()
        texts.refresh_from_db()
        self.stdout.write(f"Created the site texts ({locale.language_code}).")
        return texts

    def ensure_site_texts_translation(self, texts, locale):
        if SiteTexts.objects.filter(locale=locale).exists():
            return
        text = SITE_TEXTS.get(locale.language_code)
        original = SITE_TEXTS[settings.LANGUAGE_CODE]
        edited = any(getattr(texts, name) != value for name, value in original.items())
        if text is None or edited:  # words this command does not have: the translators' work
            return
        translate_object(texts, locale, SiteTexts(**text))
        self.stdout.write(f"Created the site texts translation ({locale.language_code}).")
