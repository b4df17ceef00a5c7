"""Words the benchmark's corpus is made of, in Russian and English: varied enough that search,
filters and listings see many different pages, fixed so that every run builds the same corpus."""

import uuid

PLACES = {
    "ru": [
        "бывшей котельной",
        "старом кинотеатре",
        "заводском цехе",
        "районной библиотеке",
        "доме культуры",
        "пустующем универмаге",
        "речном вокзале",
        "бывшей типографии",
    ],
    "en": [
        "a former boiler house",
        "an old cinema",
        "a factory workshop",
        "the district library",
        "a house of culture",
        "an empty department store",
        "the river station",
        "a former printing house",
    ],
}
SUBJECTS = {
    "ru": [
        "Клуб соседей",
        "Креативный кластер",
        "Молодёжный коворкинг",
        "Арт-резиденция",
        "Ресурсный центр НКО",
        "Медиатека",
        "Мастерская дизайна",
        "Лекторий",
    ],
    "en": [
        "A neighbours' club",
        "A creative cluster",
        "A youth coworking space",
        "An art residency",
        "An NGO resource centre",
        "A media library",
        "A design workshop",
        "A lecture hall",
    ],
}
ACTIONS = {
    "ru": ["открылся в", "переехал в", "запустил программу в", "собрал жителей в"],
    "en": ["opens in", "moves to", "starts a programme in", "brings residents together in"],
}
LEADS = {
    "ru": (
        "Жители квартала договорились с городом и превратили пустующее здание в место встреч: "
        "здесь проходят лекции, мастерские и соседские ужины."
    ),
    "en": (
        "Residents agreed with the city to turn an empty building into a meeting place: it now "
        "hosts lectures, workshops and neighbourhood dinners."
    ),
}
PARAGRAPHS = {
    "ru": [
        "Команда начинала с субботников и открытых обсуждений: что нужно району, кто готов "
        "вести кружки, как делить расписание между соседями.",
        "Первый год пространство жило на гранты и пожертвования; теперь половину расходов "
        "покрывают аренда зала и кафе при входе.",
        "Организаторы делятся опытом: договор с собственником, правила для арендаторов и "
        "календарь событий выложены в открытом доступе.",
    ],
    "en": [
        "The team started with clean-up days and open discussions: what the district needs, "
        "who will lead the clubs, how neighbours share the timetable.",
        "In its first year the space lived on grants and donations; now the hall's rent and the "
        "café at the entrance cover half of its costs.",
        "The organisers share what they learned: the agreement with the owner, the tenants' "
        "rules and the events calendar are open to all.",
    ],
}
EVENTS = {
    "ru": ["Встреча жителей", "Лекция", "Мастерская", "Кинопоказ", "Фестиваль двора"],
    "en": ["Residents' meeting", "Lecture", "Workshop", "Film screening", "Courtyard festival"],
}
CENTRES = {
    "ru": ["Дом соседей", "Точка кипения", "Фабрика", "Библиотека будущего", "Цех"],
    "en": ["Neighbours' house", "Boiling point", "The factory", "Library of the future", "Works"],
}
TOOLKITS = {
    "ru": ["Соседский ужин", "Открытый микрофон", "Школа волонтёров", "Ярмарка мастеров"],
    "en": ["Neighbours' dinner", "Open mic", "Volunteers' school", "Makers' fair"],
}
STEPS = {
    "ru": ["Найдите партнёров", "Составьте смету", "Пригласите соседей", "Подведите итоги"],
    "en": ["Find partners", "Draw up a budget", "Invite the neighbours", "Take stock"],
}


def block(kind, value, number, position):
    """A StreamField block as stored: type, value and a stable id."""
    return {
        "type": kind,
        "value": value,
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, f"bench-{number}-{position}")),
    }


def article_body(language, number):
    """Three paragraphs and a heading, as news and events are written."""
    paragraphs = PARAGRAPHS[language]
    heading = "Как это устроено" if language == "ru" else "How it works"
    return [
        block("paragraph", f"<p>{paragraphs[number % 3]}</p>", number, 0),
        block("heading", {"text": heading, "level": "h2"}, number, 1),
        block("paragraph", f"<p>{paragraphs[(number + 1) % 3]}</p>", number, 2),
        block("paragraph", f"<p>{paragraphs[(number + 2) % 3]}</p>", number, 3),
    ]
