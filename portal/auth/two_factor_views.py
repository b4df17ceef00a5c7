"""The admin's two-factor pages: set it up (a QR code for the authenticator app, then a code
to confirm it and ten backup codes shown once), new backup codes, turning it off where the
role allows, and entering the code for a session signed in with the password alone."""

import base64
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.auth.lockout import lockout_response
from portal.auth.two_factor import (
    TwoFactorLoginForm,
    code_field,
    has_two_factor,
    is_required,
    matching_device,
    new_backup_codes,
    next_url,
    remaining_backup_codes,
)


class CodeForm(forms.Form):
    otp_token = code_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].required = True
        self.fields["otp_token"].help_text = gettext_lazy(
            "The six digits your authenticator app shows now."
        )


def otpauth_uri(device):
    """The address an authenticator app reads from the QR code (Google's Key Uri Format)."""
    issuer = str(settings.WAGTAIL_SITE_NAME)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    label = quote(f"{issuer}:{device.user.get_username()}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "digits": device.digits, "period": device.step}
    )
    return f"otpauth://totp/{label}?{query}"


def grouped_secret(device):
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


class TwoFactorView(WagtailAdminTemplateMixin, TemplateView):
    """/admin/two-factor/: the state, or setting it up."""

    template_name = "portal/auth/two_factor.html"
    page_title = gettext_lazy("Two-factor sign-in")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": gettext_lazy("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def pending_device(self):
        """The device being set up: kept until confirmed, so reloading shows the same code."""
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="authenticator", confirmed=False
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(enabled=has_two_factor(user), required=is_required(user))
        if context["enabled"]:
            context["remaining"] = remaining_backup_codes(user)
        else:
            device = self.pending_device()
            qr = segno.make(otpauth_uri(device), error="m")
            context.update(
                form=form or CodeForm(),
                qr_svg=mark_safe(qr.svg_inline(scale=5, title=_("QR code for your app"))),  # noqa: S308 - segno's own SVG
                secret=grouped_secret(device),
            )
        return context

    def post(self, request):
        if has_two_factor(request.user):
            return redirect("portal_two_factor")
        form = CodeForm(request.POST)
        device = self.pending_device()
        if form.is_valid():
            if device.verify_token("".join(form.cleaned_data["otp_token"].split())):
                device.confirmed = True
                device.save()
                codes = new_backup_codes(request.user)
                django_otp.login(request, device)
                messages.success(request, _("Two-factor sign-in is on."))
                return self.render_to_response(self.backup_codes_context(codes))
            form.add_error(
                "otp_token",
                _("This is not the code your app shows now: check the app and try again."),
            )
        return self.render_to_response(self.get_context_data(form=form))

    def backup_codes_context(self, codes):
        return {
            **super().get_context_data(),
            "codes": codes,
            "page_title": _("Your backup codes"),
        }


class BackupCodesView(TwoFactorView):
    """POST /admin/two-factor/backup-codes/: ten new codes, the old ones void."""

    http_method_names = ["post"]

    def post(self, request):
        if not has_two_factor(request.user):
            return redirect("portal_two_factor")
        codes = new_backup_codes(request.user)
        messages.success(request, _("New backup codes: the old ones no longer work."))
        return self.render_to_response(self.backup_codes_context(codes))


class DisableView(TwoFactorView):
    """POST /admin/two-factor/disable/: off, for a role that may sign in without it."""

    http_method_names = ["post"]

    def post(self, request):
        if is_required(request.user):
            raise PermissionDenied
        TOTPDevice.objects.filter(user=request.user).delete()
        StaticDevice.objects.filter(user=request.user).delete()
        messages.success(request, _("Two-factor sign-in is off: your password alone signs you in."))
        return redirect("portal_two_factor")


class VerifyView(WagtailAdminTemplateMixin, TemplateView):
    """/admin/two-factor/verify/: the code, for a session signed in with the password alone."""

    template_name = "portal/auth/two_factor_verify.html"
    page_title = gettext_lazy("Verification code")
    header_icon = "key"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        form = form or CodeForm()
        form.fields["otp_token"].help_text = gettext_lazy(
            "The six digits from your authenticator app, or one of your backup codes."
        )
        context.update(form=form, next=next_url(self.request, ""))
        return context

    def post(self, request):
        # Guesses here count toward the user name's lockout, as at the login form.
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return lockout_response(request)
        form = CodeForm(request.POST)
        if form.is_valid():
            device = matching_device(request.user, form.cleaned_data["otp_token"])
            if device is not None:
                django_otp.login(request, device)
                return redirect(next_url(request, reverse("wagtailadmin_home")))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error("otp_token", TwoFactorLoginForm.error_messages["code_wrong"])
        return self.render_to_response(self.get_context_data(form=form))
