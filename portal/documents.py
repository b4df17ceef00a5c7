"""Documents as readers download them: Wagtail's serve view, answering GET and HEAD only, and
keeping documents of a private collection out of every shared cache.

Wagtail's view answers any method with the file (TRACE and OPTIONS included) and sends a
private document with no Cache-Control, so a proxy may keep it and hand it to the next reader.
With uploads on S3 (portal.storage) the file is streamed from the bucket through this view, so
the same headers, view restrictions and method checks hold; a file gone from storage is a 404.
"""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve


@require_safe
def serve(request, document_id, document_filename):
    try:
        response = wagtail_serve.serve(request, document_id, document_filename)
    except FileNotFoundError:
        raise Http404("The document's file is missing from storage.") from None
    document = get_document_model().objects.filter(pk=document_id).select_related("collection")
    document = document.first()
    if document is not None and document.collection.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_store=True)
    return response
