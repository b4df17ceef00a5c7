"""Demo toolkits, written for the portal. "Applied at" notes only name invented centres."""


def toolkit(
    slug,
    title,
    promise,
    goal,
    *,
    format,
    audience,
    difficulty,
    duration,
    team,
    budget,
    steps,
    risks,
    applied=(),
    translated=True,
):
    return locals()


def step(title, description, duration, checklist, tips):
    return {
        "title": title,
        "description": description,
        "duration": duration,
        "checklist": checklist,
        "tips": tips,
    }


TOOLKITS = [
    toolkit(
        "sosedskii-festival",
        ("Соседский фестиваль во дворе", "A courtyard neighbourhood festival"),
        (
            "Один день, после которого соседи здороваются друг с другом.",
            "One day after which neighbours greet each other.",
        ),
        (
            "Познакомить жителей двора или квартала и найти тех, кто готов делать что-то вместе дальше.",
            "Introduce the residents of a courtyard or block to each other and find those ready to do more together.",
        ),
        format="festival",
        audience="residents",
        difficulty="easy",
        duration=("6–8 недель подготовки, один день", "6–8 weeks of preparation, one day"),
        team=("3–5 человек", "3–5 people"),
        budget=(20_000, 80_000),
        steps=[
            step(
                ("Найдите соорганизаторов", "Find co-organisers"),
                (
                    "<p>Поговорите с активными соседями, управляющей компанией и ближайшей школой.</p>",
                    "<p>Talk to active neighbours, the building management and the nearest school.</p>",
                ),
                ("две недели", "two weeks"),
                [
                    ("Список соседей, готовых помочь", "A list of neighbours ready to help"),
                    ("Согласие управляющей компании", "Consent of the building management"),
                ],
                (
                    "Зовите лично: объявления работают хуже.",
                    "Invite people in person: notices work less well.",
                ),
            ),
            step(
                ("Соберите программу", "Put the programme together"),
                (
                    "<p>Пусть каждый сосед может предложить своё: мастер-класс, концерт, обмен вещами.</p>",
                    "<p>Let every neighbour offer something: a workshop, a concert, a swap.</p>",
                ),
                ("три недели", "three weeks"),
                [
                    ("Расписание дня", "The day's schedule"),
                    ("Ответственный за каждую точку", "A person in charge of each spot"),
                ],
                (
                    "Оставьте час без программы — для разговоров.",
                    "Leave an hour unprogrammed, for conversations.",
                ),
            ),
            step(
                ("Проведите день и соберите контакты", "Hold the day and collect contacts"),
                (
                    "<p>Попросите гостей оставить контакты тех, кто хочет продолжения.</p>",
                    "<p>Ask guests to leave contacts if they want more.</p>",
                ),
                ("один день", "one day"),
                [
                    ("Лист контактов", "A contact sheet"),
                    ("Фотографии для отчёта", "Photos for the report"),
                ],
                (
                    "Назначьте дату следующей встречи прямо на фестивале.",
                    "Set the date of the next meeting at the festival itself.",
                ),
            ),
        ],
        risks=[
            (
                ("Плохая погода", "Bad weather"),
                (
                    "Договоритесь заранее о запасном помещении: школа, библиотека, подъезд.",
                    "Agree on an indoor fallback in advance: a school, a library, a lobby.",
                ),
            ),
            (
                ("Жалобы на шум", "Noise complaints"),
                (
                    "Предупредите всех жильцов за неделю и закончите до 21:00.",
                    "Warn all residents a week ahead and finish by 9 pm.",
                ),
            ),
        ],
        applied=[
            (
                "biblioteka-na-zarechnoi",
                (
                    "Фестиваль на открытии обновлённой библиотеки собрал соседей из трёх домов.",
                    "A festival at the reopening of the library brought together neighbours from three buildings.",
                ),
            )
        ],
    ),
    toolkit(
        "tsikl-otkrytykh-lektsii",
        ("Цикл открытых лекций", "An open lecture series"),
        (
            "Регулярный повод прийти в пространство и остаться.",
            "A regular reason to come to the space and stay.",
        ),
        (
            "Создать постоянную аудиторию пространства через серию бесплатных лекций на одну тему.",
            "Build a regular audience for the space with a series of free lectures on one theme.",
        ),
        format="lecture-series",
        audience="youth",
        difficulty="easy",
        duration=("сезон: 6–8 лекций", "a season of 6–8 lectures"),
        team=("2–3 человека", "2–3 people"),
        budget=(0, 30_000),
        steps=[
            step(
                ("Выберите тему сезона", "Choose the season's theme"),
                (
                    "<p>Тема должна быть близка району и понятна без подготовки.</p>",
                    "<p>The theme should matter locally and need no background.</p>",
                ),
                ("неделя", "a week"),
                [("Тема и название цикла", "The theme and title of the series")],
                ("", ""),
            ),
            step(
                ("Договоритесь с лекторами", "Agree with the speakers"),
                (
                    "<p>Начните с местных исследователей, краеведов, практиков.</p>",
                    "<p>Start with local researchers, historians and practitioners.</p>",
                ),
                ("три недели", "three weeks"),
                [
                    ("Даты и темы лекций", "Dates and topics"),
                    ("Технический райдер", "Technical requirements"),
                ],
                (
                    "Просите лекторов оставлять время на вопросы.",
                    "Ask speakers to leave time for questions.",
                ),
            ),
            step(
                ("Ведите запись и рассылку", "Keep sign-ups and a mailing list"),
                (
                    "<p>Регистрация помогает понять, кто приходит, и звать на следующие встречи.</p>",
                    "<p>Registration shows who comes and lets you invite them again.</p>",
                ),
                ("весь сезон", "the whole season"),
                [("Форма регистрации", "A sign-up form")],
                ("", ""),
            ),
        ],
        risks=[
            (
                ("Мало слушателей", "Few listeners"),
                (
                    "Проводите лекции в одно и то же время и напоминайте накануне.",
                    "Hold lectures at the same time every week and send a reminder the day before.",
                ),
            )
        ],
        applied=[
            (
                "dom-kultury-rassvet",
                (
                    "Цикл об истории района стал самым посещаемым событием сезона.",
                    "A series on local history became the season's best-attended event.",
                ),
            )
        ],
    ),
    toolkit(
        "sosedskaya-vstrecha",
        ("Соседская встреча о будущем района", "A neighbourhood meeting on the area's future"),
        (
            "Два часа, за которые соседи договариваются о первом общем деле.",
            "Two hours in which neighbours agree on a first joint project.",
        ),
        (
            "Собрать жителей, выслушать их и выбрать одну задачу, которую они решат вместе.",
            "Gather residents, listen to them and choose one task they will tackle together.",
        ),
        format="neighbourhood-meeting",
        audience="residents",
        difficulty="easy",
        duration=("две недели подготовки, вечер", "two weeks of preparation, one evening"),
        team=("2 человека", "2 people"),
        budget=(0, 10_000),
        steps=[
            step(
                ("Пригласите соседей", "Invite the neighbours"),
                (
                    "<p>Объявления в подъездах, чаты домов, приглашения лично.</p>",
                    "<p>Notices in stairwells, building chats, personal invitations.</p>",
                ),
                ("две недели", "two weeks"),
                [("Объявление", "A notice"), ("Зал на 30 человек", "A room for 30 people")],
                ("", ""),
            ),
            step(
                ("Проведите встречу по кругу", "Run the meeting in a circle"),
                (
                    "<p>Каждый говорит по две минуты: что ему важно в районе.</p>",
                    "<p>Everyone speaks for two minutes about what matters to them locally.</p>",
                ),
                ("два часа", "two hours"),
                [("Ведущий", "A facilitator"), ("Таймер", "A timer"), ("Флипчарт", "A flip chart")],
                (
                    "Ведущий не должен спорить с участниками.",
                    "The facilitator should not argue with participants.",
                ),
            ),
        ],
        risks=[
            (
                ("Встреча превращается в жалобы", "The meeting turns into complaints"),
                (
                    "Запишите жалобы отдельно и верните разговор к тому, что можно сделать самим.",
                    "Write complaints down separately and bring the talk back to what people can do themselves.",
                ),
            )
        ],
        applied=[
            (
                "fond-kazan-ryadom",
                (
                    "Встреча в одном из районов закончилась заявкой на грант для общественного огорода.",
                    "A meeting in one district ended with a grant application for a community garden.",
                ),
            )
        ],
    ),
    toolkit(
        "souchastvuyushchee-proektirovanie-dvora",
        ("Соучаствующее проектирование двора", "Co-designing a courtyard"),
        (
            "Двор, который жители считают своим, потому что придумали его сами.",
            "A courtyard residents consider theirs because they designed it.",
        ),
        (
            "Спроектировать благоустройство двора вместе с жителями и передать подрядчику согласованный макет.",
            "Design a courtyard improvement with residents and hand an agreed model to the contractor.",
        ),
        format="co-design-workshop",
        audience="residents",
        difficulty="medium",
        duration=("3–4 месяца", "3–4 months"),
        team=("4–6 человек, включая архитектора", "4–6 people including an architect"),
        budget=(50_000, 300_000),
        steps=[
            step(
                ("Исследуйте двор", "Study the courtyard"),
                (
                    "<p>Наблюдения, короткие интервью, карта маршрутов.</p>",
                    "<p>Observation, short interviews, a map of routes.</p>",
                ),
                ("месяц", "a month"),
                [("Карта двора", "A map of the courtyard"), ("20 интервью", "20 interviews")],
                ("", ""),
            ),
            step(
                ("Проведите серию встреч", "Hold a series of sessions"),
                (
                    "<p>От пожеланий к эскизам и к макету.</p>",
                    "<p>From wishes to sketches to a model.</p>",
                ),
                ("два месяца", "two months"),
                [("Пять встреч", "Five sessions"), ("Макет", "A model")],
                ("Спорные решения выносите на голосование.", "Put contested decisions to a vote."),
            ),
            step(
                ("Передайте проект подрядчику", "Hand the project to the contractor"),
                (
                    "<p>Договоритесь, что изменения обсуждаются с жителями.</p>",
                    "<p>Agree that any changes are discussed with residents.</p>",
                ),
                ("две недели", "two weeks"),
                [("Протокол согласования", "An approval record")],
                ("", ""),
            ),
        ],
        risks=[
            (
                ("Проект меняют при строительстве", "The project changes during construction"),
                (
                    "Закрепите макет в протоколе и пригласите жителей на приёмку.",
                    "Fix the model in a signed record and invite residents to the handover.",
                ),
            )
        ],
        applied=[
            (
                "dom-kultury-rassvet",
                (
                    "Жители спроектировали сквер у входа в дом культуры.",
                    "Residents designed the square at the entrance of the house of culture.",
                ),
            )
        ],
    ),
    toolkit(
        "otkrytyi-konkurs-v-rezidentsiyu",
        ("Открытый конкурс в резиденцию", None),
        ("Новые резиденты, которых выбирают прозрачно.", None),
        ("Отобрать художников и дизайнеров в резиденцию по открытым правилам.", None),
        format="open-call",
        audience="professionals",
        difficulty="hard",
        duration=("полгода", None),
        team=("3–4 человека", None),
        budget=(300_000, 1_500_000),
        steps=[
            step(
                ("Опубликуйте условия", None),
                ("<p>Что получает резидент и что от него ждут.</p>", None),
                ("неделя", None),
                [("Положение о конкурсе", None)],
                ("", None),
            ),
            step(
                ("Соберите совет", None),
                ("<p>В совет входят резиденты прошлых лет и внешние эксперты.</p>", None),
                ("месяц", None),
                [("Состав совета", None), ("Критерии оценки", None)],
                ("", None),
            ),
        ],
        risks=[
            (
                ("Мало заявок", None),
                ("Рассылайте приглашения в профильные школы и сообщества.", None),
            )
        ],
        applied=[
            ("rezidentsiya-tsekh", ("Второй набор собрал вдвое больше заявок, чем первый.", None))
        ],
        translated=False,
    ),
    toolkit(
        "market-mestnykh-proizvoditelei",
        ("Маркет местных производителей", None),
        ("Выходные, когда район покупает у соседей.", None),
        (
            "Дать местным мастерам и фермерам площадку для продаж и привести в пространство новых людей.",
            None,
        ),
        format="market",
        audience="professionals",
        difficulty="medium",
        duration=("месяц подготовки, два дня", None),
        team=("3 человека", None),
        budget=(30_000, 150_000),
        steps=[
            step(
                ("Соберите участников", None),
                ("<p>Открытый набор с понятными правилами и взносом.</p>", None),
                ("три недели", None),
                [("Правила участия", None), ("Схема мест", None)],
                ("Половину мест отдайте новичкам.", None),
            ),
            step(
                ("Проведите маркет", None),
                ("<p>Навигация, музыка, зона отдыха.</p>", None),
                ("два дня", None),
                [("Навигация", None), ("Дежурные", None)],
                ("", None),
            ),
        ],
        risks=[
            (
                ("Продавцы не окупают взнос", None),
                ("Снижайте взнос для новичков за счёт опытных участников.", None),
            )
        ],
        applied=[
            (
                "portovye-masterskie",
                ("Маркет прошёл в рамках фестиваля на открытии площадки.", None),
            )
        ],
        translated=False,
    ),
]
