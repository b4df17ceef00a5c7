"""Helpers the tests share."""

import contextlib

from django.db import transaction


@contextlib.contextmanager
def rolled_back_after(django_db_blocker):
    """A transaction around data built once for several tests (a module's, say), rolled back
    when they are done. Each test's own transaction is a savepoint inside it, so a test still
    sees the data as built and leaves it so. Build the data in ``django_db_blocker.unblock()``.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
