"""Demo news, written for the portal. The first two rest on public facts from 2017; the rest are
invented but plausible. Each item: date, topics, tags, Russian text, English text or None."""

import datetime

INDEX = {
    "slug": ("novosti", "news"),
    "title": ("Новости", "News"),
    "intro": (
        "Открытия, конференции, исследования и решения, которые меняют жизнь общественных пространств.",
        "Openings, conferences, research and decisions that shape the life of public spaces.",
    ),
}


def item(date, topics, tags, ru, en=None, featured=False):
    return {"date": date, "topics": topics, "tags": tags, "ru": ru, "en": en, "featured": featured}


NEWS = [
    item(
        datetime.date(2017, 11, 10),
        ["ngo", "culture-heritage"],
        [],
        (
            "Москва примет первую общероссийскую конференцию новых общественных пространств",
            "20–21 ноября центр «Благосфера» соберёт культурные центры, коворкинги, резиденции и кластеры со всей страны на конференции «Фабрика пространств».",
            "Вместо пленарных заседаний участников ждут встречи, разбросанные по всему зданию бывшей фабрики-кухни — памятника конструктивизма. Обсуждать будут инструменты работы центров, форматы, которые можно перенести в другие города, и будущие партнёрства.",
        ),
        (
            "Moscow to host the first national conference of new public spaces",
            "On 20–21 November the Blagosfera centre will bring together cultural centres, coworkings, residencies and clusters from across the country for the Factory of Spaces conference.",
            "Instead of plenary sessions, participants will meet in sessions spread across the former factory-kitchen, a constructivist landmark. On the agenda: the tools centres work with, formats that can travel to other cities, and future partnerships.",
        ),
    ),
    item(
        datetime.date(2017, 11, 22),
        ["creative-economy"],
        [],
        (
            "Четыре московских кластера основали Союз креативных кластеров",
            "«Винзавод», Artplay, «Флакон» и «Фабрика» объявили об объединении в первый день ART-WERK — международного форума о креативных индустриях.",
            "Союз хочет, чтобы креативных кластеров в стране становилось больше и чтобы в них приходили новые творческие люди и команды. Принимают кластеры из любого российского города, если им близки ценности союза.",
        ),
        (
            "Four Moscow clusters found the Union of Creative Clusters",
            "Winzavod, Artplay, Flacon and Fabrika announced the union at the opening of the ART-WERK creative industries forum.",
            "The union aims to create conditions for creative clusters to grow in Russia and to involve as many creative people and organisations as possible. Russian clusters that share its values can join.",
        ),
    ),
    item(
        datetime.date(2025, 1, 28),
        ["culture-heritage", "local-communities"],
        ["библиотеки"],
        (
            "Районная библиотека в Перми открылась после перезапуска",
            "Вместо читального зала с барьером — гибкое пространство с мастерской, залом для встреч и детской зоной.",
            "Проект переделки обсуждали с жителями три месяца. Самой востребованной оказалась вечерняя мастерская: в первую неделю на неё записались больше ста человек.",
        ),
    ),
    item(
        datetime.date(2025, 2, 14),
        ["ngo", "management"],
        ["ресурсные центры"],
        (
            "Ресурсный центр НКО в Самаре запустил бесплатные консультации по отчётности",
            "Небольшие организации смогут раз в месяц разобрать свои документы с бухгалтером и юристом.",
            "Консультации проходят по записи в коворкинге центра. Организаторы рассчитывают, что за год помощь получат около шестидесяти некоммерческих организаций региона.",
        ),
    ),
    item(
        datetime.date(2025, 3, 3),
        ["urban-environment", "local-communities"],
        ["соучаствующее проектирование"],
        (
            "Жители Нижнего Новгорода спроектировали двор вместе с архитекторами",
            "Серия из пяти встреч закончилась макетом, который подрядчик обязался выполнить без изменений.",
            "На первой встрече пришли пятнадцать человек, на последней — больше пятидесяти. Главным спором стала парковка: в итоге её сократили вдвое ради площадки для подростков.",
        ),
        (
            "Nizhny Novgorod residents design their courtyard with architects",
            "A series of five meetings ended with a model the contractor agreed to build without changes.",
            "Fifteen people came to the first meeting and more than fifty to the last. Parking was the main dispute: in the end it was halved to make room for a teenagers' area.",
        ),
    ),
    item(
        datetime.date(2025, 3, 21),
        ["creative-economy"],
        ["резиденции"],
        (
            "Креативный кластер в Екатеринбурге объявил набор в резиденцию",
            "Художники и дизайнеры получат мастерские на полгода и помощь в продвижении своих работ.",
            "Заявки принимают до конца апреля. Отбор проводит совет, в который входят сами резиденты прошлых лет.",
        ),
    ),
    item(
        datetime.date(2025, 4, 9),
        ["management"],
        ["исследования"],
        (
            "Исследование: половина новых пространств живёт на смешанном финансировании",
            "Гранты, аренда и платные программы редко покрывают расходы поодиночке.",
            "Авторы опросили руководителей восьмидесяти центров. Самые устойчивые из них получают не больше трети бюджета из одного источника.",
        ),
        (
            "Study: half of new spaces run on mixed funding",
            "Grants, rent and paid programmes rarely cover the costs on their own.",
            "The authors surveyed the heads of eighty centres. The most resilient receive no more than a third of their budget from any single source.",
        ),
    ),
    item(
        datetime.date(2025, 5, 16),
        ["culture-heritage"],
        ["музеи"],
        (
            "Краеведческий музей в Красноярске открыл фонды для посетителей",
            "Раз в неделю хранители проводят экскурсии по запасникам и рассказывают, как работает музей изнутри.",
            "Билеты на первые экскурсии закончились за день. Музей планирует добавить вечерние группы для школьников и студентов.",
        ),
    ),
    item(
        datetime.date(2025, 6, 2),
        ["local-communities", "ngo"],
        ["фонды местных сообществ"],
        (
            "Фонд местного сообщества в Казани поддержал двенадцать соседских инициатив",
            "Деньги пошли на общественные огороды, ремонт спортплощадки и летний кинотеатр во дворе.",
            "Заявки оценивали сами жители: голосование прошло в трёх районах города. Средний размер поддержки — около пятидесяти тысяч рублей.",
        ),
        (
            "Kazan community foundation backs twelve neighbourhood initiatives",
            "The money went to community gardens, a sports ground repair and an open-air cinema in a courtyard.",
            "Residents themselves assessed the applications, voting in three districts of the city. The average grant was about fifty thousand roubles.",
        ),
    ),
    item(
        datetime.date(2025, 6, 27),
        ["creative-economy", "urban-environment"],
        ["фестивали"],
        (
            "Фестиваль на бывшем заводе во Владивостоке собрал двадцать тысяч гостей",
            "Три дня музыки, маркета и лекций прошли в цехах, которые пустовали больше десяти лет.",
            "Организаторы называют фестиваль проверкой: если площадка выдержала такую нагрузку, её можно открывать для постоянной работы.",
        ),
    ),
    item(
        datetime.date(2025, 8, 12),
        ["management"],
        ["коворкинги"],
        (
            "Коворкинг в Новосибирске перешёл на модель кооператива",
            "Резиденты стали совладельцами и сами решают, как тратить доход от аренды.",
            "Переход занял год. По словам основателей, текучка среди резидентов за это время сократилась вдвое.",
        ),
    ),
    item(
        datetime.date(2025, 9, 4),
        ["culture-heritage", "local-communities"],
        ["дома культуры"],
        (
            "Дом культуры в райцентре Самарской области перезапустили силами жителей",
            "Кружки выбирали голосованием, а расписание составили так, чтобы занятия не пересекались с рабочим днём.",
            "Теперь в доме культуры четырнадцать студий против пяти год назад. Больше всего записались в студию истории родного села.",
        ),
        (
            "Residents relaunch a house of culture in a Samara Oblast district centre",
            "Clubs were chosen by vote, and the timetable was set so that classes do not clash with the working day.",
            "The house of culture now runs fourteen studios, up from five a year ago. The local history studio drew the most sign-ups.",
        ),
    ),
    item(
        datetime.date(2025, 9, 30),
        ["ngo"],
        ["конференции"],
        (
            "В Казани прошла встреча ресурсных центров Поволжья",
            "Участники договорились обмениваться программами обучения и вести общий календарь событий.",
            "Встреча прошла в формате открытых столов без докладов. Следующая запланирована на весну в Нижнем Новгороде.",
        ),
    ),
    item(
        datetime.date(2025, 10, 22),
        ["urban-environment"],
        ["исследования"],
        (
            "Картографы посчитали общественные пространства в малых городах",
            "В каждом третьем городе до пятидесяти тысяч жителей есть хотя бы одно место, открытое без билета.",
            "Составители карты опирались на заявки самих пространств и проверяли их по фотографиям и отзывам. Карта открыта для дополнений.",
        ),
        (
            "Mappers count public spaces in small towns",
            "One in three towns of up to fifty thousand people has at least one place open without a ticket.",
            "The mapmakers relied on submissions from the spaces themselves and checked them against photos and reviews. The map is open for additions.",
        ),
    ),
    item(
        datetime.date(2025, 11, 18),
        ["creative-economy"],
        ["маркеты"],
        (
            "Новогодний маркет в Санкт-Петербурге отдал половину мест начинающим мастерам",
            "Участие для них бесплатное: организаторы покрывают расходы за счёт взносов опытных продавцов.",
            "Такую схему кластер проверил в прошлом году. Треть новичков после маркета получили первые оптовые заказы.",
        ),
    ),
    item(
        datetime.date(2025, 12, 10),
        ["management", "ngo"],
        ["гранты"],
        (
            "Открыт конкурс малых грантов для сельских библиотек и клубов",
            "На поддержку могут претендовать проекты, которые превращают учреждение в место встреч жителей.",
            "Заявки принимаются до февраля. Эксперты отдельно оценят, как проект будет жить после окончания гранта.",
        ),
        (
            "Small grants open for rural libraries and clubs",
            "Projects that turn an institution into a meeting place for residents can apply.",
            "Applications close in February. The experts will look in particular at how a project will carry on after the grant ends.",
        ),
    ),
    item(
        datetime.date(2026, 1, 20),
        ["culture-heritage"],
        ["театры"],
        (
            "Независимый театр в Перми открыл репетиции для зрителей",
            "Раз в месяц зал пускает публику на рабочие прогоны и обсуждает с ней спектакль до премьеры.",
            "Режиссёр говорит, что замечания зрителей уже изменили финал новой постановки.",
        ),
    ),
    item(
        datetime.date(2026, 2, 5),
        ["local-communities"],
        ["соседские центры"],
        (
            "В спальном районе Екатеринбурга заработал соседский центр",
            "Помещение на первом этаже жилого дома отдали под клуб, мастерскую и пункт обмена вещами.",
            "Центр держится на волонтёрах: дежурства расписаны на месяц вперёд. Аренду помогает платить управляющая компания.",
        ),
        (
            "A neighbourhood centre opens in a Yekaterinburg residential district",
            "A ground-floor space in an apartment block now houses a club, a workshop and a swap point.",
            "The centre runs on volunteers, with shifts planned a month ahead. The building's management company helps with the rent.",
        ),
        True,
    ),
    item(
        datetime.date(2026, 2, 26),
        ["urban-environment", "creative-economy"],
        ["промышленное наследие"],
        (
            "Городские власти Нижнего Новгорода объявили конкурс на развитие бывшей фабрики",
            "Победитель получит здание в долгосрочную аренду при условии, что первый этаж останется открытым для всех.",
            "Условия конкурса обсуждали на публичных слушаниях. Жители настояли на том, чтобы во дворе фабрики появился сквер.",
        ),
    ),
    item(
        datetime.date(2026, 3, 17),
        ["ngo", "management"],
        ["обучение"],
        (
            "Школа для руководителей пространств набрала первый поток",
            "Тридцать участников из двадцати регионов полгода будут учиться управлению, фандрайзингу и работе с сообществом.",
            "Занятия проходят онлайн, а дважды за курс участники встречаются в одном из центров-партнёров.",
        ),
        (
            "A school for space managers takes its first intake",
            "Thirty participants from twenty regions will spend six months learning management, fundraising and community work.",
            "Classes are online, and twice during the course participants meet at one of the partner centres.",
        ),
    ),
    item(
        datetime.date(2026, 4, 8),
        ["culture-heritage"],
        ["библиотеки"],
        (
            "Библиотека во Владивостоке стала круглосуточной",
            "Читальный зал с самообслуживанием открыт ночью для студентов и тех, кто работает посменно.",
            "Пропуск выдают по читательскому билету. За первый месяц ночным залом воспользовались около четырёхсот человек.",
        ),
    ),
    item(
        datetime.date(2026, 5, 13),
        ["creative-economy"],
        ["резиденции"],
        (
            "Арт-резиденция в Красноярске пригласила художников из малых городов",
            "Участники проведут месяц в мастерских и покажут итоговую выставку в своих городах.",
            "Кураторы специально искали авторов, которые никогда не выставлялись за пределами своего региона.",
        ),
    ),
    item(
        datetime.date(2026, 6, 1),
        ["local-communities", "urban-environment"],
        ["соучаствующее проектирование"],
        (
            "Школьники Казани придумали, как изменить пришкольный участок",
            "Проект, который подростки защищали перед администрацией, включили в городскую программу благоустройства.",
            "Работа шла в формате соучаствующего проектирования: у школьников были наставники-архитекторы и бюджет, который нельзя было превышать.",
        ),
        (
            "Kazan pupils redesign their school grounds",
            "The project the teenagers defended before the city administration has been included in the city's improvement programme.",
            "The work followed the co-design format: the pupils had architect mentors and a budget they could not exceed.",
        ),
    ),
    item(
        datetime.date(2026, 6, 24),
        ["management"],
        ["исследования"],
        (
            "Опрос посетителей: в пространства приходят за людьми, а не за событиями",
            "Почти две трети опрошенных назвали главной причиной визита возможность встретить знакомых.",
            "Исследователи советуют центрам оставлять больше времени без программы: именно тогда складываются сообщества.",
        ),
    ),
    item(
        datetime.date(2026, 7, 15),
        ["culture-heritage", "local-communities"],
        ["музеи"],
        (
            "Музей в Самаре собрал выставку из вещей жителей района",
            "Экспонаты принесли сами горожане, а подписи к ним составили по их рассказам.",
            "Выставка продлится до осени. Музей предлагает школам готовые маршруты по экспозиции.",
        ),
    ),
    item(
        datetime.date(2026, 8, 19),
        ["creative-economy", "management"],
        ["кластеры"],
        (
            "Креативные кластеры обсудили общие стандарты аренды",
            "Участники встречи сравнили договоры с резидентами и договорились о базовых правилах для малых арендаторов.",
            "Документ опубликуют для обсуждения, а затем предложат всем кластерам, которые захотят к нему присоединиться.",
        ),
        (
            "Creative clusters discuss common rental standards",
            "Participants compared their contracts with residents and agreed basic rules for small tenants.",
            "The document will be published for discussion and then offered to every cluster that wants to sign up.",
        ),
    ),
    item(
        datetime.date(2026, 9, 9),
        ["ngo"],
        ["гранты"],
        (
            "Ресурсный центр в Новосибирске помог НКО подготовить сорок заявок на гранты",
            "Консультанты работали с организациями по шагам: от идеи проекта до бюджета.",
            "Итоги конкурса станут известны зимой. Центр соберёт разбор самых частых ошибок и опубликует его для всех.",
        ),
    ),
    item(
        datetime.date(2026, 10, 6),
        ["urban-environment"],
        ["фестивали"],
        (
            "Фестиваль соседей прошёл одновременно в десяти дворах Перми",
            "Жители сами готовили программу: от концертов на балконах до обмена рассадой.",
            "Организаторы раздали инициативным группам простые инструкции и небольшие бюджеты на расходные материалы.",
        ),
    ),
    item(
        datetime.date(2026, 10, 29),
        ["culture-heritage"],
        ["дома культуры"],
        (
            "Дома культуры Красноярского края учатся работать как открытые пространства",
            "Сотрудники двадцати учреждений прошли стажировки в центрах, которые уже прошли перезапуск.",
            "После стажировки каждая команда подготовила план изменений на год и представила его жителям.",
        ),
    ),
    item(
        datetime.date(2026, 11, 12),
        ["local-communities", "ngo"],
        ["конференции"],
        (
            "Во Владивостоке обсудили, как пространства работают с новыми жителями",
            "На встрече говорили о языковых клубах, помощи с документами и о том, как не стать закрытым клубом для своих.",
            "Выводы встречи легли в основу методички, которую участники дополнят к концу года.",
        ),
        (
            "Vladivostok meeting discusses how spaces welcome newcomers",
            "The talk was of language clubs, help with paperwork and how to avoid becoming a closed club for insiders.",
            "The meeting's conclusions are the basis of a guide the participants will complete by the end of the year.",
        ),
    ),
]
