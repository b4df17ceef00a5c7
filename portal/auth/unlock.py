"""The admin's list of sign-in lockouts, where whoever manages users unlocks one at once."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from axes.models import AccessAttempt
from axes.utils import reset

UNLOCK_PERMISSION = "auth.change_user"


def may_unlock(user):
    return user.has_perm(UNLOCK_PERMISSION)


def current_attempts():
    """Failed sign-ins still counted (within the cool-off), each row a user name at an
    address, with whether the name or the address is locked now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = list(AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time"))
    limit = settings.AXES_FAILURE_LIMIT

    def totals(field):
        return dict(
            AccessAttempt.objects.filter(attempt_time__gte=since)
            .values_list(field)
            .annotate(total=Sum("failures_since_start"))
            .values_list(field, "total")
        )

    by_name, by_address = totals("username"), totals("ip_address")
    for attempt in attempts:
        attempt.name_locked = by_name.get(attempt.username, 0) >= limit
        attempt.address_locked = by_address.get(attempt.ip_address, 0) >= limit
        attempt.locked = attempt.name_locked or attempt.address_locked
        attempt.until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return attempts


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "portal/auth/lockouts.html"
    page_title = gettext_lazy("Sign-in lockouts")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not may_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            attempts=current_attempts(),
            limit=settings.AXES_FAILURE_LIMIT,
            minutes=int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1)),
        )
        return context

    def post(self, request):
        pk = request.POST.get("attempt", "")
        attempt = get_object_or_404(AccessAttempt, pk=int(pk) if pk.isdigit() else 0)
        # Both: the user name everywhere and the address for every name.
        reset(ip=attempt.ip_address, username=attempt.username, ip_or_username=True)
        messages.success(
            request,
            _("Signing in is unlocked for «%(username)s» and for the address %(address)s.")
            % {"username": attempt.username, "address": attempt.ip_address},
        )
        return redirect("portal_lockouts")
