from django import template
from django.conf import settings

register = template.Library()


@register.filter
def signed_in(request):
    """Whether the reader is signed in, without reading a session that is not there: asking
    ``request.user`` loads the session, which marks the answer ``Vary: Cookie`` and keeps it
    out of every shared cache, for every anonymous reader."""
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
