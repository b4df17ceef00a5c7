"""A mark page models put on their ``route`` for the router (kept apart from ``routing``,
which needs the apps loaded, so that models may import it)."""


def own_language_only(route):
    """Marks a tree root's ``route`` that answers 404 for a language other than its page's
    own: the router applies that rule itself and does not call it."""
    route.own_language_only = True
    return route
