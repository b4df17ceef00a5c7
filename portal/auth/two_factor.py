"""Two-factor sign-in for the admin (django-otp): a code from an authenticator app (TOTP), or
one of ten backup codes, each good once.

- The admin's login form asks for the code of whoever has set it up; a wrong or missing
  code refuses the sign-in and counts as a failed one for the lockouts.
- A session signed in with the password alone (the readers' login for private pages) is
  asked for the code before it reaches the admin.
- Roles that must have it (settings.PORTAL_TWO_FACTOR_REQUIRED_FOR) are sent to set it up
  from every admin page until they have, while settings.PORTAL_REQUIRE_2FA is on.
"""

from functools import cache

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy, override

from wagtail.admin.forms.auth import LoginForm
from wagtail.users.models import UserProfile

from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


@cache
def _required_for():
    return import_string(settings.PORTAL_TWO_FACTOR_REQUIRED_FOR)


def is_required(user):
    """Whether ``user`` may not use the admin without a second factor."""
    return settings.PORTAL_REQUIRE_2FA and _required_for()(user)


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalise(code):
    return "".join((code or "").split()).lower()


def matching_device(user, code):
    """The user's confirmed device that accepts ``code`` (a backup code is used up), or None.
    django-otp slows down guessing: each device refuses for a while after failures."""
    code = normalise(code)
    if not code:
        return None
    # Digits go to the app's device, letters to the backup codes: a failure slows down only
    # the device it was meant for.
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def new_backup_codes(user):
    """Ten new backup codes in place of the old ones, shown once (only their use is stored)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    while len(codes) < BACKUP_CODES:
        code = StaticToken.random_token()
        if not code.isdigit():  # digits are read as the app's code (matching_device)
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_backup_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def code_field():
    return forms.CharField(
        label=gettext_lazy("Verification code"),
        help_text=gettext_lazy(
            "Only if you have turned on two-factor sign-in: the six digits from your "
            "authenticator app, or one of your backup codes."
        ),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        ),
    )


class TwoFactorLoginForm(LoginForm):
    """Wagtail's login form with a «Код подтверждения» for those who have set it up."""

    error_messages = {
        **LoginForm.error_messages,
        "code_missing": gettext_lazy(
            "This account signs in with two factors: enter the code from your authenticator "
            "app or one of your backup codes."
        ),
        "code_wrong": gettext_lazy(
            "The verification code is wrong or has expired. Enter the current code from your "
            "authenticator app or an unused backup code."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["otp_token"] = code_field()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not has_two_factor(user):
            return
        code = self.cleaned_data.get("otp_token")
        device = matching_device(user, code)
        if device is None:
            # A failed sign-in for the lockouts, as a wrong password is.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            key = "code_wrong" if normalise(code) else "code_missing"
            raise forms.ValidationError(self.error_messages[key], code=key)
        # django-otp marks the session as verified when Django signs the user in.
        user.otp_device = device


# The admin's pages a session reaches before its second factor (signing out, entering the
# code, what they load), and those a user who must set it up reaches before that.
BEFORE_CODE = ("/admin/logout/", "/admin/login/", "/admin/jsi18n/", "/admin/two-factor/verify/")
BEFORE_SETUP = (*BEFORE_CODE, "/admin/two-factor/")


def _in_user_language(user, text):
    with override(UserProfile.get_for_user(user).get_preferred_language()):
        return str(text)


class TwoFactorMiddleware:
    """On the admin's pages: a session without its second factor goes to enter it; a role that
    must have one and has none goes to set it up, with a message that says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        if not path.startswith("/admin/") or not user.is_authenticated:
            return self.get_response(request)
        has_device = user_has_device(user)
        if has_device and not user.is_verified() and not path.startswith(BEFORE_CODE):
            return redirect(f"{reverse('portal_two_factor_verify')}?{urlencode({'next': path})}")
        if (
            not path.startswith(BEFORE_SETUP)
            and is_required(user)
            and not (has_device and has_two_factor(user))
        ):
            messages.warning(
                request,
                _in_user_language(
                    user,
                    gettext_lazy(
                        "Your role signs in to the admin with two factors: set up an "
                        "authenticator app to continue."
                    ),
                ),
            )
            return redirect("portal_two_factor")
        return self.get_response(request)


def next_url(request, default):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return default
