"""Demo events, written for the portal. The first is the real 2017 conference «Фабрика
пространств» (facts from the seed article); the others are invented but plausible and dated
relative to the day the demo is loaded, so the calendar is never empty. ``load`` is idempotent.
"""

import datetime

from django.utils import timezone

from portal.demo import taxonomies

INDEX = {
    "slug": ("afisha", "events"),
    "title": ("Афиша", "Events"),
    "intro": (
        "Конференции, лекции, мастерские и фестивали новых общественных пространств по всей России.",
        "Conferences, talks, workshops and festivals of new public spaces across Russia.",
    ),
}


def event(key, day, ru, en=None, **fields):
    """``day``: a date, or days from today; ``ru``/``en``: (title, summary, place, address)."""
    return {"key": key, "day": day, "ru": ru, "en": en, **fields}


EVENTS = [
    event(
        "fabrika-prostranstv",
        datetime.date(2017, 11, 20),
        (
            "Фабрика пространств — первая в России конференция о новых общественных пространствах",
            "Два дня встреч культурных центров, коворкингов, резиденций, креативных кластеров, ресурсных центров НКО, музеев, театров и библиотек — без долгих докладов с трибуны, в живом разговоре.",
            "Центр «Благосфера»",
            "1-й Боткинский проезд, 7, стр. 1",
        ),
        (
            "Factory of Spaces: the first national conference of new public spaces",
            "Two days of meetings for cultural centres, coworkings, residencies, creative clusters, NGO resource centres, museums, theatres and libraries — with no plenary sessions or long monologues.",
            "Blagosfera Centre",
            "1st Botkinsky Proezd, 7, bldg 1",
        ),
        days=2,
        city="moscow",
        format="conference",
        topics=["ngo", "culture-heritage"],
        organiser="blagosfera",
    ),
    event(
        "dvor-kazan",
        3,
        (
            "Проектируем двор вместе: мастерская для жителей",
            "Соседи вместе с архитекторами решают, что появится во дворе.",
            "Библиотека на Баумана",
            "ул. Баумана, 10",
        ),
        (
            "Designing the courtyard together: a residents' workshop",
            "Neighbours and architects decide what the courtyard will get.",
            "Bauman Street Library",
            "10 Bauman St",
        ),
        time=(18, 20),
        city="kazan",
        format="co-design-workshop",
        topics=["urban-environment"],
    ),
    event(
        "lektorij-ekb",
        1,
        (
            "Открытый лекторий: как живут креативные кластеры",
            "Цикл вечерних лекций о том, как кластеры находят резидентов и деньги.",
            "Креативный кластер «Завод»",
            "ул. Малышева, 1",
        ),
        (
            "Open lectures: how creative clusters live",
            "Evening talks on how clusters find residents and money.",
            "Zavod creative cluster",
            "1 Malysheva St",
        ),
        time=(19, 21),
        city="yekaterinburg",
        format="lecture-series",
        topics=["creative-economy"],
        frequency="weekly",
        weekdays="TU,TH",
        count=12,
        exclude=[9],
    ),
    event(
        "sosedi-novosibirsk",
        5,
        (
            "Соседская встреча в ресурсном центре",
            "Разговор о том, какие кружки и клубы нужны району.",
            "Ресурсный центр НКО",
            "Красный проспект, 50",
        ),
        None,
        time=(17, 19),
        city="novosibirsk",
        format="neighbourhood-meeting",
        topics=["local-communities"],
        frequency="monthly",
        until=200,
        exclude=[30],
    ),
    event(
        "yazykovoj-klub-vladivostok",
        2,
        (
            "Языковой клуб для новых жителей города",
            "Еженедельные встречи для тех, кто недавно переехал во Владивосток.",
            "Центр «Маяк»",
            "ул. Светланская, 5",
        ),
        (
            "Language club for newcomers",
            "Weekly meetings for people who have recently moved to Vladivostok.",
            "Mayak Centre",
            "5 Svetlanskaya St",
        ),
        time=(19, 21),
        city="vladivostok",
        format="neighbourhood-meeting",
        topics=["local-communities"],
        frequency="weekly",
        until=120,
        exclude=[14],
    ),
    event(
        "festival-perm",
        12,
        (
            "Фестиваль соседей",
            "Концерты во дворах, обмен вещами и рассадой, мастер-классы от жителей.",
            "Дворы микрорайона Разгуляй",
            "",
        ),
        (
            "Neighbours' festival",
            "Courtyard concerts, swaps of things and seedlings, workshops run by residents.",
            "Razgulyay courtyards",
            "",
        ),
        days=3,
        city="perm",
        format="festival",
        topics=["local-communities", "urban-environment"],
    ),
    event(
        "market-samara",
        8,
        (
            "Маркет местных мастеров",
            "Ярмарка ремесленников и маленьких издательств на территории бывшего завода.",
            "Пространство «Фабрика-кухня»",
            "ул. Ново-Садовая, 10",
        ),
        None,
        time=(11, 18),
        city="samara",
        format="market",
        topics=["creative-economy"],
        is_free=False,
        price="Вход 200 ₽, детям бесплатно",
    ),
    event(
        "rezidentsiya-krasnoyarsk",
        20,
        (
            "Открытый конкурс в арт-резиденцию",
            "Приём заявок художников и дизайнеров на полгода работы в мастерских.",
            "",
            "",
        ),
        (
            "Open call for an art residency",
            "Artists and designers apply for six months in the studios.",
            "",
            "",
        ),
        days=1,
        city="krasnoyarsk",
        format="open-call",
        topics=["creative-economy"],
        online="https://example.org/open-call",
    ),
    event(
        "finansy-online",
        6,
        (
            "Вебинар: смешанное финансирование пространства",
            "Как сочетать гранты, аренду и платные программы.",
            "",
            "",
        ),
        (
            "Webinar: mixed funding for a space",
            "How to combine grants, rent and paid programmes.",
            "",
            "",
        ),
        time=(12, 13),
        city="moscow",
        format="lecture-series",
        topics=["management"],
        online="https://example.org/webinar",
    ),
    event(
        "otmena-spb",
        9,
        (
            "Экскурсия по фондам библиотеки",
            "Хранители показывают, как устроены запасники.",
            "Районная библиотека",
            "Лиговский проспект, 20",
        ),
        (
            "A tour of the library stacks",
            "Curators show how the stacks work.",
            "District library",
            "20 Ligovsky Prospekt",
        ),
        time=(15, 17),
        city="saint-petersburg",
        format="lecture-series",
        topics=["culture-heritage"],
        status="cancelled",
    ),
    event(
        "perenos-nn",
        15,
        (
            "Форум инициативного бюджетирования",
            "Жители и чиновники обсуждают, как выбирать проекты вместе.",
            "Дом культуры",
            "ул. Большая Покровская, 30",
        ),
        None,
        time=(10, 17),
        city="nizhny-novgorod",
        format="participatory-budgeting",
        topics=["urban-environment"],
        status="postponed",
    ),
    event(
        "online-kazan",
        11,
        (
            "Встреча кураторов общественных центров",
            "Встреча переехала в онлайн: обсуждаем программы на зиму.",
            "Центр «Штаб»",
            "ул. Пушкина, 2",
        ),
        (
            "Meeting of community centre curators",
            "The meeting has moved online: winter programmes on the agenda.",
            "Shtab Centre",
            "2 Pushkin St",
        ),
        time=(16, 18),
        city="kazan",
        format="neighbourhood-meeting",
        topics=["management"],
        status="moved_online",
        online="https://example.org/meeting",
    ),
    event(
        "vystavka-moskva",
        -5,
        (
            "Выставка «Вещи района»",
            "Экспонаты принесли сами жители, подписи составлены по их рассказам.",
            "Центр «Благосфера»",
            "1-й Боткинский проезд, 7, стр. 1",
        ),
        (
            "Exhibition: Things of the District",
            "The exhibits were brought by residents and labelled from their stories.",
            "Blagosfera Centre",
            "1st Botkinsky Proezd, 7, bldg 1",
        ),
        days=20,
        city="moscow",
        format="festival",
        topics=["culture-heritage"],
    ),
    event(
        "kinoklub-ekb",
        4,
        (
            "Кинопоказ под открытым небом",
            "Документальные фильмы о городах и их жителях.",
            "Двор креативного кластера",
            "ул. Малышева, 1",
        ),
        None,
        time=(20, 22),
        city="yekaterinburg",
        format="festival",
        topics=["urban-environment"],
    ),
    event(
        "gramoty-novosibirsk",
        7,
        (
            "Консультации по грантовым заявкам",
            "Разбираем заявки НКО по шагам: от идеи до бюджета.",
            "Ресурсный центр НКО",
            "Красный проспект, 50",
        ),
        (
            "Grant application clinic",
            "We go through NGO applications step by step, from the idea to the budget.",
            "NGO resource centre",
            "50 Krasny Prospekt",
        ),
        time=(14, 17),
        city="novosibirsk",
        format="co-design-workshop",
        topics=["ngo"],
    ),
    event(
        "muzej-vladivostok",
        10,
        (
            "Ночь в краеведческом музее",
            "Вечерняя программа: экскурсии, лекции и музыка в залах музея.",
            "Краеведческий музей",
            "ул. Светланская, 20",
        ),
        None,
        time=(18, 23),
        city="vladivostok",
        format="festival",
        topics=["culture-heritage"],
        is_free=False,
        price="300 ₽",
    ),
    event(
        "kovorking-moskva",
        13,
        (
            "День открытых дверей в соседском коворкинге",
            "Показываем пространство и рассказываем, как стать резидентом.",
            "Соседский коворкинг",
            "ул. Бауманская, 11",
        ),
        (
            "Open day at the neighbourhood coworking",
            "A tour of the space and how to become a resident.",
            "Neighbourhood coworking",
            "11 Baumanskaya St",
        ),
        time=(12, 16),
        city="moscow",
        format="neighbourhood-meeting",
        topics=["local-communities"],
    ),
    event(
        "shkola-kazan",
        17,
        (
            "Школьники проектируют пришкольный участок",
            "Защита проектов подростков перед жителями и администрацией.",
            "Школа № 5",
            "ул. Гоголя, 5",
        ),
        None,
        time=(15, 17),
        city="kazan",
        format="co-design-workshop",
        topics=["urban-environment"],
    ),
    event(
        "dk-krasnoyarsk",
        22,
        (
            "Дом культуры как открытое пространство",
            "Сотрудники домов культуры рассказывают о своих планах перезапуска.",
            "Городской дом культуры",
            "проспект Мира, 40",
        ),
        (
            "The house of culture as an open space",
            "Staff of houses of culture present their relaunch plans.",
            "City House of Culture",
            "40 Mira Prospekt",
        ),
        time=(11, 15),
        city="krasnoyarsk",
        format="conference",
        topics=["culture-heritage", "management"],
    ),
    event(
        "klastery-moskva",
        25,
        (
            "Встреча креативных кластеров: стандарты аренды",
            "Обсуждаем общие правила для малых арендаторов.",
            "Центр дизайна Artplay",
            "ул. Нижняя Сыромятническая, 10",
        ),
        None,
        time=(11, 14),
        city="moscow",
        format="conference",
        topics=["creative-economy", "management"],
        organiser="union-creative-clusters",
    ),
    event(
        "biblioteka-perm",
        -40,
        (
            "Перезапуск районной библиотеки: итоги года",
            "Команда рассказывает, что получилось после перезапуска.",
            "Районная библиотека",
            "ул. Ленина, 30",
        ),
        (
            "Relaunching a district library: a year on",
            "The team tells what worked after the relaunch.",
            "District library",
            "30 Lenin St",
        ),
        time=(18, 20),
        city="perm",
        format="lecture-series",
        topics=["culture-heritage"],
    ),
    event(
        "master-samara",
        -12,
        (
            "Мастерская по соучаствующему проектированию",
            "Учимся вести встречи с жителями так, чтобы они приходили снова.",
            "Ресурсный центр НКО",
            "ул. Куйбышева, 90",
        ),
        None,
        time=(10, 16),
        city="samara",
        format="co-design-workshop",
        topics=["ngo", "local-communities"],
    ),
]


def organiser_names():
    return {key: names[0] for key, names, _descriptions, _site in taxonomies.ORGANISATIONS}


def schedule(entry, today):
    """Model fields for the entry's dates, relative to ``today`` unless fixed."""
    day = entry["day"]
    start = day if isinstance(day, datetime.date) else today + datetime.timedelta(days=day)
    fields = {"start_date": start}
    if entry.get("days", 1) > 1:
        fields["end_date"] = start + datetime.timedelta(days=entry["days"] - 1)
    if entry.get("time"):
        fields["start_time"] = datetime.time(entry["time"][0])
        fields["end_time"] = datetime.time(entry["time"][1])
    if entry.get("frequency"):
        fields["frequency"] = entry["frequency"]
        fields["weekdays"] = entry.get("weekdays", "")
        if entry.get("count"):
            fields["count"] = entry["count"]
        if entry.get("until"):
            fields["until"] = start + datetime.timedelta(days=entry["until"])
        excluded = [start + datetime.timedelta(days=offset) for offset in entry.get("exclude", [])]
        fields["excluded_dates"] = "\n".join(day.isoformat() for day in excluded)
    return fields


def load(command, stream_data, translate_object):
    """Create the calendar and its events under the Russian home, with English translations."""
    from news.models import EventIndexPage, EventPage, EventPageTopic
    from portal.models import City, Format, Organisation, Topic
    from portal.models.mixins import transliterated_slug
    from resources.models import CentrePage

    ru, en = command.ru, command.en
    index = EventIndexPage.objects.child_of(command.home).first()
    if index is None:
        index = command.home.add_child(
            instance=EventIndexPage(
                title=INDEX["title"][0], slug=INDEX["slug"][0], intro=INDEX["intro"][0],
                show_in_menus=True,
            )
        )  # fmt: skip
        index.save_revision().publish()
        command.created += 1
    if not EventIndexPage.objects.filter(translation_key=index.translation_key, locale=en).exists():
        shadow = EventIndexPage(
            title=INDEX["title"][1], slug=INDEX["slug"][1], intro=INDEX["intro"][1]
        )
        translate_object(index, en, shadow)
        command.created += 1

    cities = {city.slug: city for city in City.objects.filter(locale=ru)}
    formats = {item.slug: item for item in Format.objects.filter(locale=ru)}
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=ru)}
    names = organiser_names()
    today = timezone.localdate()
    # Events held at a centre described on the portal get it as their venue.
    centres = list(CentrePage.objects.filter(locale=ru).only("pk", "title"))
    for entry in EVENTS:
        title, summary, place, address = entry["ru"]
        page = EventPage.objects.child_of(index).filter(title=title).first()
        block_key = f"event:{entry['key']}"
        if page is None:
            organiser = None
            if entry.get("organiser"):
                organiser = Organisation.objects.filter(
                    locale=ru, name=names[entry["organiser"]]
                ).first()
            page = EventPage(
                title=title,
                slug=entry["key"],
                summary=summary,
                body=stream_data(block_key, [("paragraph", {}, (f"<p>{summary}</p>", ""))], 0),
                place_name=place,
                address=address,
                venue=next((c for c in centres if c.title in place), None),
                city=cities.get(entry["city"]),
                event_format=formats.get(entry["format"]),
                organiser=organiser,
                status=entry.get("status", "scheduled"),
                online_url=entry.get("online", ""),
                is_free=entry.get("is_free", True),
                price_note=entry.get("price", ""),
                **schedule(entry, today),
            )
            page.topics = [EventPageTopic(topic=topics[slug]) for slug in entry.get("topics", [])]
            index.add_child(instance=page)
            page.save_revision().publish()
            command.created += 1
        if (
            entry["en"]
            and not EventPage.objects.filter(
                translation_key=page.translation_key, locale=en
            ).exists()
        ):
            title_en, summary_en, place_en, address_en = entry["en"]
            shadow = EventPage(
                title=title_en,
                slug=transliterated_slug(title_en),
                summary=summary_en,
                place_name=place_en,
                address=address_en,
                price_note=entry.get("price_en", ""),
                body=stream_data(block_key, [("paragraph", {}, ("", f"<p>{summary_en}</p>"))], 1),
            )
            translate_object(page, en, shadow)
            command.created += 1
    return index
