"""The full-page cache for anonymous readers, invalidated exactly.

- ``collector``: while a page renders, what it shows is written down as tags: each page, snippet,
  image and document loaded (``page:12``, ``portal.topic:3``, ``image:5``), each listing asked
  for (``list:news.newspage:1``: the visible news of a locale), the locale itself (its menu),
  the listing filters read from the query string and when the calendar's next occurrence
  boundary falls.
- ``store``: each tag has a generation in the cache; a stored answer keeps the generations it
  was made with and is served only while all of them (and the site-wide one) are unchanged.
- ``invalidation``: a publish, unpublish, move or delete, a snippet, image or document saved or
  deleted, a view restriction, site or locale changed moves the generations of exactly what it
  touches (and asks a CDN, when one is configured, to forget the pages' addresses: ``purge``).
- ``middleware``: reads and fills the cache for anonymous GETs under a language prefix and of
  the sitemaps, sets ``Cache-Control`` and an ``ETag``, answers a conditional GET with 304.
"""
