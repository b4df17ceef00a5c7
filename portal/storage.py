"""Uploads on S3-compatible storage (django-storages), for when several app servers share them.

Used when ``AWS_STORAGE_BUCKET_NAME`` is set (``portal.settings.base.media_storage``). One bucket,
two kinds of objects:

- renditions (``images/``) are what pages show: plain, stable addresses (the CDN's
  ``AWS_S3_CUSTOM_DOMAIN`` when there is one), so a cached page or a CDN copy never holds a link
  that expires. The bucket (or the CDN) must let anyone read ``images/*``, and nothing else.
- everything else (originals, documents, toolkits' zips) stays private: documents are streamed
  by the portal's own view with its security headers and view restrictions
  (``portal.documents``); any other address the storage gives out is signed and short-lived,
  and never on the public domain.
"""

from django.utils.encoding import filepath_to_uri

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PUBLIC_FOLDERS = ("images/",)  # Wagtail's renditions (AbstractRendition.get_upload_to)
PUBLIC_CACHE_CONTROL = "public, max-age=604800"


class MediaStorage(S3Storage):
    # Two editors' photo.jpg are two files: S3 would otherwise replace the first silently.
    file_overwrite = False
    # Private unless the bucket's policy says otherwise; ACLs are off on new AWS buckets.
    default_acl = None
    # Signed addresses in Signature Version 4 (botocore would otherwise presign some in the
    # retired version 2, which newer regions and services refuse).
    signature_version = "s3v4"
    # A signed address (a private file's) holds five minutes (AWS_QUERYSTRING_EXPIRE).
    querystring_expire = 300

    def is_public(self, name):
        """Whether ``name`` (relative to the storage's ``location``) is a rendition."""
        return clean_name(name).startswith(PUBLIC_FOLDERS)

    def get_object_parameters(self, name):
        # Called with the key: the name behind the location's folder, if there is one.
        parameters = super().get_object_parameters(name)
        location = clean_name(self.location).strip("/")
        if location and name.startswith(f"{location}/"):
            name = name.removeprefix(f"{location}/")
        if self.is_public(name):
            parameters.setdefault("CacheControl", PUBLIC_CACHE_CONTROL)
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_public(name):
            if self.custom_domain:
                key = self._normalize_name(clean_name(name))
                return f"{self.url_protocol}//{self.custom_domain}/{filepath_to_uri(key)}"
            return self.unsigned_connection.meta.client.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))},
            )
        key = self._normalize_name(clean_name(name))
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={**(parameters or {}), "Bucket": self.bucket_name, "Key": key},
            ExpiresIn=expire or self.querystring_expire,
            HttpMethod=http_method,
        )
