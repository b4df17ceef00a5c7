from wagtail import hooks

from news.dashboard import upcoming_without_english
from portal.dashboard import DashboardPanel


class UntranslatedEventsPanel(DashboardPanel):
    """Upcoming events of the Russian calendar that the English calendar does not show."""

    name = "untranslated_events"
    template_name = "news/admin/untranslated_events_panel.html"
    order = 230  # after the review queue, the user's pages and scheduled publishing

    def listing(self, request):
        return upcoming_without_english(request.user)

    def extra_context(self, request, listing):
        can_translate = request.user.has_perm("wagtail_localize.submit_translation")
        return {
            "can_translate": can_translate,
            "show_actions": can_translate
            or any(item.english and item.can_edit_english for item in listing.items),
        }


@hooks.register("construct_homepage_panels")
def add_untranslated_events_panel(request, panels):
    panels.append(UntranslatedEventsPanel())
