"""Demo centres. The four founders of the Union of Creative Clusters and the Blagosfera centre
carry only public facts (from ../shared/seeds/ and common knowledge: what they are, where, since
when, their address and site); the others are invented but plausible examples of their kind, with modest numbers.
Texts are (Russian, English) pairs; ``None`` as English: the page stays Russian-only."""

CENTRE_INDEX = {
    "slug": ("prostranstva", "spaces"),
    "title": ("Пространства", "Spaces"),
    "intro": (
        "Как устроены и чем живут культурные центры, кластеры, коворкинги, библиотеки и ресурсные центры по всей стране.",
        "How cultural centres, clusters, coworkings, libraries and resource centres across the country work.",
    ),
}
TOOLKIT_INDEX = {
    "slug": ("formaty", "formats"),
    "title": ("Форматы", "Formats"),
    "intro": (
        "Пошаговые инструкции форматов, которые уже сработали где-то ещё: берите и повторяйте.",
        "Step-by-step guides to formats that have worked elsewhere: take them and repeat them.",
    ),
}


def centre(
    slug,
    title,
    summary,
    *,
    space_type,
    sector,
    city,
    lat,
    lon,
    address=("", ""),
    year=None,
    area=None,
    operator=None,
    story=(),
    figures=None,
    lessons=(),
    topics=(),
    news=(),
    translated=True,
    image=None,
    website="",
    links=(),
    gallery=(),
):
    """``links``: ((label ru, label en), url); ``gallery``: (image number, (alt ru, alt en),
    (caption ru, caption en)). Real centres get only their real site; invented ones at most
    example.org addresses."""
    return locals()


CENTRES = [
    centre(
        "vinzavod",
        ("Винзавод", "Winzavod"),
        (
            "Центр современного искусства на территории бывшего винного завода в Москве; открыт в 2007 году. Один из основателей Союза креативных кластеров.",
            "A centre for contemporary art on the site of a former winery in Moscow, open since 2007. One of the founders of the Union of Creative Clusters.",
        ),
        space_type="creative-cluster",
        sector="business",
        city="moscow",
        lat="55.755700",
        lon="37.663400",
        address=("4-й Сыромятнический переулок, 1/8", "1/8 4th Syromyatnichesky Lane"),
        website="https://winzavod.ru/",
        year=2007,
        operator="Центр современного искусства «Винзавод»",
        story=(
            (
                "Галереи, мастерские и выставочные залы заняли цеха и подвалы старого завода. В ноябре 2017 года основательница «Винзавода» рассказала, что четыре кластера объединяются в Союз креативных кластеров.",
                "Galleries, studios and exhibition halls took over the workshops and cellars of the old plant. In November 2017 Winzavod's founder announced the Union of Creative Clusters.",
            ),
        ),
        topics=("creative-economy",),
        news=(1,),
    ),
    centre(
        "artplay",
        ("Artplay", "Artplay"),
        (
            "Центр дизайна и архитектуры в Москве на территории бывших заводских корпусов у Курского вокзала. Один из основателей Союза креативных кластеров.",
            "A design and architecture centre in Moscow in former factory buildings near Kursky station. One of the founders of the Union of Creative Clusters.",
        ),
        space_type="creative-cluster",
        sector="business",
        city="moscow",
        lat="55.752100",
        lon="37.665500",
        address=("Нижняя Сыромятническая улица, 10", "10 Nizhnyaya Syromyatnicheskaya Street"),
        website="https://artplay.ru/",
        operator="Центр дизайна Artplay",
        story=(
            (
                "Здесь работают архитектурные бюро, дизайн-студии и шоурумы, проходят выставки и ярмарки дизайна.",
                "Architecture firms, design studios and showrooms work here; it hosts exhibitions and design fairs.",
            ),
        ),
        topics=("creative-economy",),
        news=(1,),
    ),
    centre(
        "flakon",
        ("Флакон", "Flacon"),
        (
            "Дизайн-квартал на месте бывшей хрустальной фабрики на севере Москвы; работает с 2009 года. Один из основателей Союза креативных кластеров.",
            "A design quarter on the site of a former crystal factory in the north of Moscow, open since 2009. One of the founders of the Union of Creative Clusters.",
        ),
        space_type="creative-cluster",
        sector="business",
        city="moscow",
        lat="55.805500",
        lon="37.584800",
        address=("Большая Новодмитровская улица, 36", "36 Bolshaya Novodmitrovskaya Street"),
        website="https://flacon.ru/",
        year=2009,
        operator="Дизайн-квартал «Флакон»",
        story=(
            (
                "В корпусах фабрики — студии, мастерские, магазины и кафе; на площади между ними проходят маркеты и фестивали.",
                "The factory buildings house studios, workshops, shops and cafés; markets and festivals take place on the square between them.",
            ),
        ),
        topics=("creative-economy", "urban-environment"),
        news=(1,),
    ),
    centre(
        "fabrika",
        ("Фабрика", "Fabrika"),
        (
            "Центр творческих индустрий на территории действующей фабрики в Москве: мастерские художников, выставочные залы, сцена. Один из основателей Союза креативных кластеров.",
            "A centre for creative industries on the grounds of a working factory in Moscow: artists' studios, exhibition halls, a stage. One of the founders of the Union of Creative Clusters.",
        ),
        space_type="creative-cluster",
        sector="business",
        city="moscow",
        lat="55.774500",
        lon="37.686400",
        address=("Переведеновский переулок, 18", "18 Perevedenovsky Lane"),
        website="https://fabrikacenter.ru/",
        year=2005,
        operator="Центр творческих индустрий «Фабрика»",
        story=(
            (
                "Художники и кураторы работают бок о бок с производством, которое не остановилось.",
                "Artists and curators work side by side with a factory that never stopped.",
            ),
        ),
        topics=("creative-economy", "culture-heritage"),
        news=(1,),
    ),
    centre(
        "blagosfera",
        ("Благосфера", "Blagosfera"),
        (
            "Общественный центр в Москве в историческом здании бывшей фабрики-кухни — памятнике конструктивизма. В ноябре 2017 года центр принимал «Фабрику пространств» — первую в стране конференцию о новых общественных пространствах.",
            "A community centre in Moscow in a historic former factory-kitchen, a constructivist landmark. In November 2017 it hosted Factory of Spaces, the first national conference of new public spaces.",
        ),
        space_type="community-centre",
        sector="ngo",
        city="moscow",
        lat="55.787000",
        lon="37.563000",
        address=("1-й Боткинский проезд, 7, стр. 1", "1st Botkinsky Proezd, 7, bldg 1"),
        website="https://blagosfera.ru/",
        operator="Центр «Благосфера»",
        story=(
            (
                "Конференция прошла без пленарных сессий: её события были вписаны в само здание центра.",
                "The conference had no plenary sessions: its events were woven into the building itself.",
            ),
        ),
        topics=("ngo", "culture-heritage"),
        news=(0,),
    ),
]

# Invented examples of their kind (names and numbers are not those of real organisations).
CENTRES += [
    centre(
        "biblioteka-na-zarechnoi",
        ("Библиотека на Заречной", "The Library on Zarechnaya"),
        (
            "Районная библиотека, которая после перезапуска стала местом встреч: мастерская, зал для соседских собраний и детская зона.",
            "A district library that became a meeting place after its relaunch: a workshop, a hall for neighbours' meetings and a children's area.",
        ),
        space_type="library",
        sector="public",
        city="perm",
        lat="58.001500",
        lon="56.231000",
        address=("улица Заречная, 12", "12 Zarechnaya Street"),
        year=1968,
        area=600,
        story=(
            (
                "Проект переделки обсуждали с жителями три месяца, прежде чем убрать барьер у входа.",
                "The redesign was discussed with residents for three months before the counter at the entrance came down.",
            ),
        ),
        figures={
            "visitors_per_year": 30000,
            "events_per_year": 250,
            "residents": None,
            "note": (
                "Оценка команды за первый год после перезапуска.",
                "The team's estimate for the first year after the relaunch.",
            ),
        },
        lessons=(
            (
                "Спросите соседей, чего им не хватает, до того как выбирать мебель.",
                "Ask the neighbours what they miss before choosing furniture.",
            ),
            ("Вечерние часы работы важнее утренних.", "Evening hours matter more than mornings."),
        ),
        topics=("culture-heritage", "local-communities"),
        image=0,
        links=(
            (
                ("Телеграм-канал библиотеки", "The library's Telegram channel"),
                "https://example.org/zarechnaya/telegram",
            ),
            (("Группа соседей", "Neighbours' group"), "https://example.org/zarechnaya/sosedi"),
        ),
        gallery=(
            (
                2,
                (
                    "Рисунок: светлые дома на зелёном фоне",
                    "Drawing: pale houses on a green background",
                ),
                ("Читальный зал после перестановки", "The reading room after the rearrangement"),
            ),
            (
                4,
                (
                    "Рисунок: жёлтые дома и солнце на синем фоне",
                    "Drawing: yellow houses and a sun on blue",
                ),
                ("Вечер настольных игр", "A board-game evening"),
            ),
        ),
    ),
    centre(
        "dom-kultury-rassvet",
        ("Дом культуры «Рассвет»", "Rassvet House of Culture"),
        (
            "Муниципальный дом культуры, который жители перезапустили сами: кружки выбирали голосованием.",
            "A municipal house of culture relaunched by its residents: the clubs were chosen by vote.",
        ),
        space_type="house-of-culture",
        sector="public",
        city="samara",
        lat="53.210000",
        lon="50.140000",
        address=("улица Садовая, 5", "5 Sadovaya Street"),
        year=1959,
        area=1200,
        story=(
            (
                "Расписание составили так, чтобы занятия не пересекались с рабочим днём.",
                "The timetable was set so that classes do not clash with the working day.",
            ),
        ),
        figures={
            "visitors_per_year": None,
            "events_per_year": 120,
            "residents": 14,
            "note": (
                "Четырнадцать студий — данные команды.",
                "Fourteen studios, according to the team.",
            ),
        },
        lessons=(
            (
                "Голосование за кружки превращает посетителей в соавторов.",
                "Voting on clubs turns visitors into co-authors.",
            ),
        ),
        topics=("culture-heritage", "local-communities"),
        image=1,
        links=((("Страница во ВКонтакте", "VK page"), "https://example.org/rassvet/vk"),),
        gallery=(
            (
                5,
                ("Рисунок: светлые дома на тёмно-красном фоне", "Drawing: pale houses on dark red"),
                ("Отчётный концерт студий", "The studios' end-of-season concert"),
            ),
            (
                3,
                ("Рисунок: кремовые дома на фиолетовом фоне", "Drawing: cream houses on purple"),
                ("Репетиция хора в малом зале", "Choir rehearsal in the small hall"),
            ),
        ),
    ),
    centre(
        "resursnyi-tsentr-opora",
        ("Ресурсный центр «Опора»", None),
        (
            "Ресурсный центр для небольших НКО: коворкинг, консультации юриста и бухгалтера, обучение.",
            None,
        ),
        space_type="ngo-resource-centre",
        sector="ngo",
        city="samara",
        lat="53.195000",
        lon="50.105000",
        address=("улица Молодогвардейская, 140", ""),
        year=2012,
        story=(("Раз в месяц организации могут разобрать документы со специалистами.", None),),
        figures={
            "visitors_per_year": None,
            "events_per_year": 60,
            "residents": 20,
            "note": ("Оценка команды.", None),
        },
        lessons=(("Консультации по записи экономят время всем.", None),),
        topics=("ngo", "management"),
        translated=False,
        image=2,
    ),
    centre(
        "kovorking-obshchee-delo",
        ("Коворкинг «Общее дело»", None),
        ("Коворкинг, который перешёл на модель кооператива: резиденты стали совладельцами.", None),
        space_type="coworking",
        sector="community",
        city="novosibirsk",
        lat="55.030000",
        lon="82.920000",
        address=("улица Кропоткина, 9, 2-й этаж", ""),
        year=2016,
        area=400,
        story=(("Переход на кооператив занял год.", None),),
        lessons=(("Прозрачный бюджет снижает текучку резидентов.", None),),
        topics=("management",),
        translated=False,
        image=3,
        links=((("Телеграм-чат резидентов", ""), "https://example.org/obshchee-delo/chat"),),
        gallery=(
            (
                0,
                ("Рисунок: жёлтые дома на тёмно-бирюзовом фоне", ""),
                ("Общий стол в опенспейсе", ""),
            ),
        ),
    ),
    centre(
        "rezidentsiya-tsekh",
        ("Резиденция «Цех»", None),
        (
            "Мастерские для художников и дизайнеров в бывшем заводском корпусе; набор в резиденцию раз в полгода.",
            None,
        ),
        space_type="residency",
        sector="business",
        city="yekaterinburg",
        lat="56.850000",
        lon="60.620000",
        address=("улица Заводская, 3, корпус 2", ""),
        year=2018,
        story=(("Отбор проводит совет, в который входят резиденты прошлых лет.", None),),
        figures={
            "visitors_per_year": None,
            "events_per_year": 40,
            "residents": 12,
            "note": ("Оценка команды.", None),
        },
        topics=("creative-economy",),
        translated=False,
        image=4,
    ),
    centre(
        "fond-kazan-ryadom",
        ("Фонд местного сообщества «Рядом»", None),
        (
            "Фонд, который поддерживает соседские инициативы небольшими грантами; заявки оценивают сами жители.",
            None,
        ),
        space_type="community-foundation",
        sector="ngo",
        city="kazan",
        lat="55.790000",
        lon="49.120000",
        address=("улица Тихая, 21", ""),
        year=2014,
        story=(("Голосование по заявкам проходит в нескольких районах города.", None),),
        lessons=(("Небольшие гранты быстро дают видимый результат.", None),),
        topics=("ngo", "local-communities"),
        translated=False,
    ),
    centre(
        "muzei-laboratoriya",
        ("Музей-лаборатория на Набережной", None),
        (
            "Краеведческий музей, открывший фонды для посетителей: хранители водят экскурсии по запасникам.",
            None,
        ),
        space_type="museum",
        sector="public",
        city="krasnoyarsk",
        lat="56.010000",
        lon="92.870000",
        address=("Речная набережная, 4", ""),
        year=1921,
        story=(("Экскурсии по запасникам проходят раз в неделю.", None),),
        topics=("culture-heritage",),
        translated=False,
        image=5,
    ),
    centre(
        "portovye-masterskie",
        ("Портовые мастерские", None),
        (
            "Площадка на бывшем заводе у моря, которая открылась фестивалем и готовится к постоянной работе.",
            None,
        ),
        space_type="creative-cluster",
        sector="community",
        city="vladivostok",
        lat="43.110000",
        lon="131.880000",
        address=("улица Портовая, 17", ""),
        story=(("Фестиваль проверил, выдержат ли цеха большую нагрузку.", None),),
        topics=("creative-economy", "urban-environment"),
        translated=False,
    ),
]
