"""The event calendar: events, their recurrence, the listings, the ICS feeds and the pages.

Other sections use ``news.events.api``. The modules are layered, each importing only those
below it: api and views → listings → models → filters, ics, structured_data → querysets,
rules, schedule → recurrence → choices. The pages' routes call ``views``, which
``NewsConfig.ready()`` hands to the page types, so models never import views.
"""
