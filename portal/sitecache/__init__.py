"""Work every page shares, done once per change of the site instead of once per request.

Routing, the view restrictions, the Site, each language's home, the main menu and the
translation links of the head and the language switcher are read from Django's cache under
a *generation*: one counter in the cache, bumped whenever something they show changes (a page
published, unpublished, moved, saved or deleted; a Site, a Locale or a view restriction saved
or deleted; see ``signals``). A bump makes every entry of the previous generation unreachable
at once, in every process that shares the cache (Redis in production), so nothing is ever
purged by hand and nothing is stale after a publish.

Nothing is keyed by what a client sends: the Host header is matched against the cached list of
Sites in Python, and entries are keyed by the matched Site's id, a language code or a page id.

- ``store``: the generation and ``cached(name, build)``;
- ``sites``: the Site of a request, every language's home, the locales;
- ``restrictions``: the restricted sections, and ``public_q()`` that leaves them out;
- ``navigation``: the main menu and a page's translations (hreflang and the switcher);
- ``routing``: the page view, in a fixed number of queries whatever the depth (``roots``:
  the mark a tree root puts on its own ``route``);
- ``signals``: what bumps the generation.
"""
