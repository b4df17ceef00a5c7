"""Managing the team's accounts is not being an administrator.

Wagtail lets whoever may add or edit users tick "Administrator" on any account and change an
administrator's e-mail or password. The site managers look after the team's accounts; only an
administrator makes, changes or removes another one (Wagtail already keeps the deletion so).
"""

from django.core.exceptions import PermissionDenied


def refuse_making_administrators(request):
    if (
        request.method == "POST"
        and request.POST.get("is_superuser")
        and not request.user.is_superuser
    ):
        raise PermissionDenied


def refuse_changing_administrators(request, user):
    if request.user.is_superuser:
        return
    if user.is_superuser:
        raise PermissionDenied
    refuse_making_administrators(request)
