"""What centre and toolkit pages show beyond their own fields, and the toolkit's zip.

Views build on the models (``ResourcesConfig.ready()`` hands this module to the page types):
a centre lists the toolkits applied at it, which toolkits.py defines on top of centres.py.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.log import log_response
from django.utils.translation import gettext as _

from portal.i18n import localize_attributes
from portal.models.mixins import transliterated_slug

from .materials import max_archive_bytes
from .models import MaterialsArchive, ToolkitPage
from .tasks import current_materials, request_archive

# Seconds after which the "being prepared" page asks again (Retry-After, and the page reloads).
MATERIALS_RETRY_AFTER = 5


def toolkits_applied_at(centre):
    """Toolkits whose "applied at" names this centre (in any language), in the centre's
    language, by title, each with its format in that language."""
    applied = ToolkitPage.objects.visible(centre.locale).filter(
        translation_key__in=ToolkitPage.objects.filter(
            applied_at__centre__translation_key=centre.translation_key
        ).values("translation_key")
    )
    toolkits = list(applied.select_related("format_type").order_by("title"))
    localize_attributes(toolkits, ["format_type"], centre.locale)
    return toolkits


def materials(toolkit, request):
    """The toolkit's public documents as one zip (``materials/``), built once per set of
    document versions by a background task and kept in media storage: a request only sends a
    stored file.

    When this version is not built yet (a document changed and the build that publishing or
    the change started has not finished), the build is enqueued once, however many readers
    ask, and the reader gets a short page in their language, a 503 with ``Retry-After``, that
    says the archive is being prepared, reloads itself after a few seconds (the download then
    starts) and lists each document to download meanwhile. Building inside the request instead
    would make the reader wait just as long, with no word why, while holding a web worker: the
    very stall this avoids. With the immediate backend (development, tests) the build runs
    within the request and the zip comes at once.

    No public document: 404. Together over ``PORTAL_MATERIALS_ZIP_MAX_BYTES``: no zip; the
    reader is sent to the toolkit's list of documents, which says why.
    """
    documents, sizes, key = current_materials(toolkit)
    if not documents:
        raise Http404(_("This toolkit has no materials to download."))
    if sum(sizes) > max_archive_bytes():
        return redirect(toolkit.get_url(request=request) + "#materials")
    for _attempt in range(2):
        archive = MaterialsArchive.objects.filter(toolkit=toolkit, key=key).first()
        if archive is None or archive.status != MaterialsArchive.READY:
            archive = request_archive(toolkit, key)
        if archive.status == MaterialsArchive.EMPTY:
            raise Http404(_("This toolkit has no materials to download."))
        if archive.status != MaterialsArchive.READY:
            return materials_pending(request, toolkit, documents)
        response = stored_archive_response(request, toolkit, archive)
        if response is not None:
            return response
        archive.delete()  # storage lost the file: build it again
    return materials_pending(request, toolkit, documents)


def stored_archive_response(request, toolkit, archive):
    """The stored zip as an attachment named after the toolkit, sent the way Wagtail sends
    documents (``WAGTAILDOCS_SERVE_METHOD``): streamed by Django from local storage (the web
    server serves no media but renditions), or a redirect to the storage's own address when
    documents are served by redirect or storage is remote. Conditional GET by the archive's
    key. None if the file is gone."""
    name = archive.file_name
    if not default_storage.exists(name):
        return None
    try:
        local = bool(default_storage.path(name))
    except NotImplementedError:
        local = False
    try:
        direct_url = default_storage.url(name)
    except NotImplementedError:
        direct_url = None
    method = getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None)
    if method is None:
        method = "redirect" if direct_url and not local else "serve_view"
    if method in ("redirect", "direct") and direct_url:
        return redirect(direct_url)
    etag = quote_etag(archive.key)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        return None
    filename = f"{transliterated_slug(toolkit.title) or 'toolkit'}-materials.zip"
    response = FileResponse(
        stored, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["ETag"] = etag
    return response


def materials_pending(request, toolkit, documents):
    response = TemplateResponse(
        request,
        "resources/materials_pending.html",
        {
            "page": toolkit,
            "self": toolkit,
            "materials": documents,
            "retry_after": MATERIALS_RETRY_AFTER,
        },
        status=503,
    )
    response["Retry-After"] = str(MATERIALS_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # An expected wait, not a server error: logged as such, so ADMINS get no mail per reader.
    log_response(
        "Materials of toolkit %s are being built: %s",
        toolkit.pk,
        request.path,
        response=response,
        request=request,
        level="info",
    )
    return response
