"""Demo plain pages: the text of each block in Russian and English, side by side."""

ABOUT = {
    "slug": ("o-proekte", "about"),
    "title": ("О проекте", "About the project"),
    "intro": (
        "Мы рассказываем о новых общественных пространствах России и собираем опыт, который "
        "помогает запускать такие места в других городах.",
        "We tell the stories of Russia's new public spaces and gather the experience that helps "
        "people start such places in other cities.",
    ),
    "body": [
        ("heading", {"level": "h2"}, {"text": ("Для кого этот портал", "Who this portal is for")}),
        (
            "paragraph",
            {},
            (
                "<p>Для организаторов, которые открывают или перезапускают центр, для сотрудников "
                "городских администраций, которые ищут работающие модели, и для журналистов, "
                "пишущих о городах.</p>",
                "<p>For organisers who open or relaunch a centre, for city officials looking for "
                "models that work, and for journalists who write about cities.</p>",
            ),
        ),
        ("heading", {"level": "h2"}, {"text": ("Что здесь есть", "What you will find here")}),
        (
            "paragraph",
            {},
            (
                "<ul><li>Новости о пространствах и их сообществах.</li>"
                "<li>Разборы центров: как они устроены, кто их ведёт, на что живут.</li>"
                "<li>Форматы, которые можно повторить, с шагами и материалами.</li>"
                "<li>Календарь событий, на который можно подписаться.</li></ul>",
                "<ul><li>News about spaces and their communities.</li>"
                "<li>Case studies of centres: how they work, who runs them, how they pay their way.</li>"
                "<li>Formats you can repeat, with steps and materials.</li>"
                "<li>A calendar of events you can subscribe to.</li></ul>",
            ),
        ),
        (
            "quote",
            {},
            {
                "text": (
                    "Пространство становится общественным, когда люди приходят туда не по делу, "
                    "а потому что там им есть что делать вместе.",
                    "A space becomes public when people come not on business but because there is "
                    "something to do there together.",
                ),
                "attribution": ("Из редакционной колонки", "From an editorial"),
            },
        ),
    ],
}

PARTICIPATE = {
    "slug": ("kak-uchastvovat", "take-part"),
    "title": ("Как участвовать", "How to take part"),
    "intro": (
        "Расскажите о своём пространстве, предложите событие в календарь или поделитесь форматом, "
        "который сработал у вас.",
        "Tell us about your space, suggest an event for the calendar or share a format that "
        "worked for you.",
    ),
    "body": [
        ("heading", {"level": "h2"}, {"text": ("Прислать историю", "Send us a story")}),
        (
            "paragraph",
            {},
            (
                "<p>Опишите, как появилось ваше пространство, кто в нём работает и что получилось "
                "за первый год. Редакция ответит в течение недели.</p>",
                "<p>Describe how your space came about, who works there and what the first year "
                "brought. The editors reply within a week.</p>",
            ),
        ),
        ("heading", {"level": "h2"}, {"text": ("Добавить событие", "Add an event")}),
        (
            "paragraph",
            {},
            (
                "<p>Открытые лекции, фестивали, соседские встречи и конкурсы для резидентов — "
                "всё, что открыто для публики, может попасть в календарь.</p>",
                "<p>Open lectures, festivals, neighbourhood meetings and open calls for residents: "
                "anything open to the public can go into the calendar.</p>",
            ),
        ),
    ],
}

HOME_BODY = [
    (
        "quote",
        {},
        {
            "text": (
                "Бывшая фабрика, библиотека на окраине, дом культуры в райцентре — новые "
                "общественные пространства появляются там, где их не ждали.",
                "A former factory, a library on the edge of town, a house of culture in a small "
                "district centre: new public spaces appear where nobody expected them.",
            ),
            "attribution": ("Редакция портала", "The portal's editors"),
        },
    ),
]
