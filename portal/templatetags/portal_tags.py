from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from wagtail.models import Page

from portal.i18n import home_of, language_links
from portal.images import CARD, LEAD, PICTURES, lead_image_alt, loading_attributes, picture
from portal.listings import with_query
from portal.search.forms import MAX_TYPED_LENGTH
from portal.seo import json_ld_scripts, page_seo
from portal.site_texts import footer_texts
from portal.sitecache import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The live home page of the active language (cached on the request)."""
    request = context.get("request")
    cache = getattr(request, "_portal_home", None) if request else None
    if cache is not None:
        return cache or None
    home = home_of(get_language(), request)
    if request is not None:
        request._portal_home = home or False
    return home


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    home = locale_home(context)
    current = context.get("page")
    items = navigation.main_menu(request, home) if home is not None else []
    current_path = getattr(current, "path", "") or ""
    return {
        "request": request,
        "home": home,
        "items": [
            {
                "title": item["title"],
                "url": item["url"],
                "is_current": current_path.startswith(item["path"]),
            }
            for item in items
        ],
    }


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    links = language_links(request, page) if request is not None else []
    return {"links": links, "request": request}


@register.inclusion_tag("components/site_footer.html")
def site_footer():
    """The footer's texts in the active language (the site managers' snippet, cached)."""
    return {"texts": footer_texts(get_language())}


@register.inclusion_tag("components/seo.html", takes_context=True)
def seo_head(context):
    """Description, canonical, hreflang, Open Graph, Twitter and JSON-LD for the page in view.

    This is the only place JSON-LD is printed: a page type supplies its data through
    ``structured_data(request)`` and ``portal.seo.json_ld_script`` escapes it.
    """
    request = context.get("request")
    page = context.get("page")
    return {
        "seo": page_seo(request, page),
        "json_ld": json_ld_scripts(request, page),
        "page": page,
        "request": request,
    }


@register.simple_tag(takes_context=True)
def card_image(context, page, **attributes):
    """A listing card's picture: ``page.lead_image`` as a ``CARD`` picture, whose renditions
    the listings prefetch (``PortalPageQuerySet.with_card_image``), with the page's alt text
    (``portal.images.lead_image_alt``); lazily loaded unless it is the response's first
    picture. Empty when the page has no image. ``attributes`` go on the ``<img>``.
    """
    image = getattr(page, "lead_image", None)
    if image is None:
        return ""
    return picture(
        image,
        CARD,
        {
            **lead_image_alt(page, image),
            **loading_attributes(context.get("request")),
            **attributes,
        },
    )


@register.simple_tag(takes_context=True)
def lead_image(context, page, **attributes):
    """The lead picture on a page of its own: ``page.lead_image`` as a ``LEAD`` picture (made
    in the background on publication), with the page's alt text, loaded at once and first.
    Empty without an image."""
    image = getattr(page, "lead_image", None)
    if image is None:
        return ""
    return picture(
        image,
        LEAD,
        {
            **lead_image_alt(page, image),
            **loading_attributes(context.get("request"), eager=True),
            **attributes,
        },
    )


@register.simple_tag(takes_context=True)
def block_picture(context, image, kind, **attributes):
    """An image of a page's body (``{% block_picture value.image "figure" %}``): a picture of
    the kind named (``portal.images.PICTURES``), with the alt text the block gives it, lazily
    loaded unless it is the response's first picture. Empty without an image."""
    if not image:
        return ""
    return picture(
        image, PICTURES[kind], {**loading_attributes(context.get("request")), **attributes}
    )


@register.simple_tag(takes_context=True)
def listing_url(context, index, **values):
    """A link into a listing from another page: ``{% listing_url index topic=topic.slug %}`` is
    the index page's URL with ``?topic=…`` (values encoded; empty ones left out). Links within a
    listing keep its filters with ``{% querystring params … %}`` instead."""
    return with_query(index.get_url(context.get("request")), **values)


@register.simple_tag
def search_max_length():
    """The site search box's maxlength: what the search form accepts (``SearchForm.q``)."""
    return MAX_TYPED_LENGTH


@register.filter
def invalid_attrs(bound_field, kind="control"):
    """` aria-invalid="true" aria-describedby="…_error"` for a form control whose field has
    errors (``components/field_errors.html`` prints them under that id); for a list of links
    (``"list"``) only the description, since a list cannot be invalid."""
    if not bound_field or not bound_field.errors:
        return ""
    if kind == "list":
        return format_html(' aria-describedby="{}_error"', bound_field.auto_id)
    return format_html(' aria-invalid="true" aria-describedby="{}_error"', bound_field.auto_id)
