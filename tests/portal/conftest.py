import pytest


@pytest.fixture
def no_form_rate_limit(settings):
    """The visitors' form limit (10 a minute, tests/portal/test_ratelimit.py) would answer a
    test's many sign-in attempts before the lockout or check it is about."""
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "form": "off"}
