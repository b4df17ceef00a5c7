"""The event calendar: events, their recurrence, the listings, the ICS feeds and the pages.

Other sections use ``news.events.api``; the modules are layered, each importing only those
below it: api → models → views → filters, ics, structured_data → listings → querysets, rules,
schedule → recurrence → choices.
"""
