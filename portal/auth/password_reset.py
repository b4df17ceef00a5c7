"""A limit on password-reset requests, with the answers Django gives.

Counted in the shared cache, per client address and per e-mail address asked for (whether
or not an account has it, so the limit tells nothing about accounts): past the address's
limit the client gets a 429; past the e-mail's, the usual "check your mail" page and no mail,
so nobody can fill a team member's inbox and nobody learns that the limit was reached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.shortcuts import render

from wagtail.admin.views.account import PasswordResetView

from portal.auth.lockout import client_address


def _over_limit(kind, value):
    """Count one request for ``value``; True once the window's limit is passed."""
    limits = settings.PORTAL_PASSWORD_RESET_LIMITS
    digest = hashlib.sha256(str(value).encode()).hexdigest()[:32]
    key = f"password-reset:{kind}:{digest}"
    cache.add(key, 0, timeout=limits["window"])
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limits["window"])
        count = 1
    return count > limits[kind]


class LimitedPasswordResetView(PasswordResetView):
    def post(self, request, *args, **kwargs):
        if _over_limit("address", client_address(request)):
            minutes = settings.PORTAL_PASSWORD_RESET_LIMITS["window"] // 60
            response = render(
                request, "portal/auth/password_reset_limited.html", {"minutes": minutes}, status=429
            )
            response["Retry-After"] = str(minutes * 60)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if _over_limit("email", email):
            # The page a sent mail leads to, without the mail.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
