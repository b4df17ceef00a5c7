"""Demo taxonomies, written for the portal: (slug, Russian, English) and a few facts each."""

TOPICS = [
    (
        "urban-environment",
        ("Городская среда", "Urban environment"),
        (
            "Как пространства меняют улицы, дворы и районы вокруг себя.",
            "How spaces change the streets, yards and neighbourhoods around them.",
        ),
    ),
    (
        "creative-economy",
        ("Креативная экономика", "Creative economy"),
        (
            "Кластеры, резиденции и бизнес-модели творческих индустрий.",
            "Clusters, residencies and business models of the creative industries.",
        ),
    ),
    (
        "ngo",
        ("НКО и гражданское общество", "NGOs and civil society"),
        (
            "Ресурсные центры, фонды местных сообществ и гражданские инициативы.",
            "Resource centres, community foundations and civic initiatives.",
        ),
    ),
    (
        "culture-heritage",
        ("Культура и наследие", "Culture and heritage"),
        (
            "Музеи, библиотеки, театры и новая жизнь исторических зданий.",
            "Museums, libraries, theatres and new life for historic buildings.",
        ),
    ),
    (
        "local-communities",
        ("Местные сообщества", "Local communities"),
        (
            "Соседи, которые берут на себя заботу о своём месте.",
            "Neighbours who take care of their own place.",
        ),
    ),
    (
        "management",
        ("Управление и финансы", "Management and finance"),
        (
            "Команды, бюджеты, партнёрства и устойчивость пространств.",
            "Teams, budgets, partnerships and the sustainability of spaces.",
        ),
    ),
]

FORMATS = [
    ("conference", ("Конференция", "Conference")),
    ("festival", ("Фестиваль", "Festival")),
    ("lecture-series", ("Цикл открытых лекций", "Open lecture series")),
    ("neighbourhood-meeting", ("Соседская встреча", "Neighbourhood meeting")),
    ("co-design-workshop", ("Соучаствующее проектирование", "Co-design workshop")),
    ("participatory-budgeting", ("Инициативное бюджетирование", "Participatory budgeting")),
    ("open-call", ("Открытый конкурс и резиденция", "Open call and residency")),
    ("market", ("Маркет или ярмарка", "Market or fair")),
]

SPACE_TYPES = [
    ("community-centre", ("Общественный культурный центр", "Community cultural centre")),
    ("coworking", ("Коворкинг", "Coworking")),
    ("residency", ("Резиденция", "Residency")),
    (
        "creative-cluster",
        ("Креативный кластер на бывшей промзоне", "Creative cluster on a former industrial site"),
    ),
    ("ngo-resource-centre", ("Ресурсный центр НКО", "NGO resource centre")),
    ("community-foundation", ("Фонд местного сообщества", "Community foundation")),
    ("museum", ("Музей", "Museum")),
    ("theatre", ("Театр", "Theatre")),
    ("library", ("Библиотека", "Library")),
    ("house-of-culture", ("Муниципальный дом культуры", "Municipal house of culture")),
]

# slug, (name ru, en), (region ru, en), IANA zone, latitude, longitude
CITIES = [
    (
        "moscow",
        ("Москва", "Moscow"),
        ("Москва", "Moscow"),
        "Europe/Moscow",
        "55.755800",
        "37.617300",
    ),
    (
        "saint-petersburg",
        ("Санкт-Петербург", "Saint Petersburg"),
        ("Санкт-Петербург", "Saint Petersburg"),
        "Europe/Moscow",
        "59.938600",
        "30.314100",
    ),
    (
        "kazan",
        ("Казань", "Kazan"),
        ("Республика Татарстан", "Republic of Tatarstan"),
        "Europe/Moscow",
        "55.796100",
        "49.106400",
    ),
    (
        "nizhny-novgorod",
        ("Нижний Новгород", "Nizhny Novgorod"),
        ("Нижегородская область", "Nizhny Novgorod Oblast"),
        "Europe/Moscow",
        "56.326900",
        "44.005900",
    ),
    (
        "samara",
        ("Самара", "Samara"),
        ("Самарская область", "Samara Oblast"),
        "Europe/Samara",
        "53.195900",
        "50.100200",
    ),
    (
        "yekaterinburg",
        ("Екатеринбург", "Yekaterinburg"),
        ("Свердловская область", "Sverdlovsk Oblast"),
        "Asia/Yekaterinburg",
        "56.838900",
        "60.605700",
    ),
    (
        "perm",
        ("Пермь", "Perm"),
        ("Пермский край", "Perm Krai"),
        "Asia/Yekaterinburg",
        "58.010500",
        "56.250200",
    ),
    (
        "novosibirsk",
        ("Новосибирск", "Novosibirsk"),
        ("Новосибирская область", "Novosibirsk Oblast"),
        "Asia/Novosibirsk",
        "55.008400",
        "82.935700",
    ),
    (
        "krasnoyarsk",
        ("Красноярск", "Krasnoyarsk"),
        ("Красноярский край", "Krasnoyarsk Krai"),
        "Asia/Krasnoyarsk",
        "56.015300",
        "92.893200",
    ),
    (
        "vladivostok",
        ("Владивосток", "Vladivostok"),
        ("Приморский край", "Primorsky Krai"),
        "Asia/Vladivostok",
        "43.115000",
        "131.885500",
    ),
]

# key, (name ru, en), (description ru, en), website
ORGANISATIONS = [
    (
        "union-creative-clusters",
        ("Союз креативных кластеров", "Union of Creative Clusters"),
        (
            "Объединение креативных кластеров России, созданное четырьмя московскими площадками.",
            "An association of Russia's creative clusters, founded by four Moscow venues.",
        ),
        "",
    ),
    (
        "blagosfera",
        ("Центр «Благосфера»", "Blagosfera Centre"),
        (
            "Общественный центр в Москве в здании бывшей фабрики-кухни — памятнике конструктивизма.",
            "A community centre in Moscow housed in a former factory-kitchen, a constructivist landmark.",
        ),
        "",
    ),
    (
        "winzavod",
        ("Центр современного искусства «Винзавод»", "Winzavod Centre for Contemporary Art"),
        (
            "Креативный кластер в Москве на территории бывшего винного завода.",
            "A Moscow creative cluster on the site of a former winery.",
        ),
        "",
    ),
    (
        "artplay",
        ("Центр дизайна Artplay", "Artplay Design Centre"),
        (
            "Московский кластер архитектуры и дизайна.",
            "A Moscow cluster for architecture and design.",
        ),
        "",
    ),
    (
        "flacon",
        ("Дизайн-квартал «Флакон»", "Flacon Design Quarter"),
        (
            "Креативный квартал на бывшей хрустальной фабрике в Москве.",
            "A creative quarter on a former crystal factory site in Moscow.",
        ),
        "",
    ),
    (
        "fabrika",
        ("Центр творческих индустрий «Фабрика»", "Fabrika Centre for Creative Industries"),
        (
            "Площадка для художников и кураторов на действующей фабрике в Москве.",
            "A venue for artists and curators on a working factory site in Moscow.",
        ),
        "",
    ),
]

# key, (name ru, en), (role ru, en)
PEOPLE = [
    ("svetlova", ("Анна Светлова", "Anna Svetlova"), ("Редактор портала", "Editor of the portal")),
    ("morozov", ("Илья Морозов", "Ilya Morozov"), ("Корреспондент", "Correspondent")),
    (
        "koltsova",
        ("Мария Кольцова", "Maria Koltsova"),
        ("Исследователь городских сообществ", "Researcher of urban communities"),
    ),
    ("gafurov", ("Тимур Гафуров", "Timur Gafurov"), ("Обозреватель", "Columnist")),
]
