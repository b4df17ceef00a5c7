import factory
import wagtail_factories

from home.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=3, locale="ru_RU")
    intro = factory.Faker("paragraph", locale="ru_RU")
    live = True

    class Meta:
        model = StandardPage
