"""Translating the portal's pages and snippets: creating translations (``translate``), the state
of each one (``states``), PO files for agencies (``files``) and the admin's status report
(``status``)."""
