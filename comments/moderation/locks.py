"""Serialising comment POSTs, so that the duplicate and flood checks see each other.

On SQLite every write transaction starts with BEGIN IMMEDIATE (config.settings), so
the checks and the insert of one POST run while no other writer can: nothing to do.
On PostgreSQL two POSTs could both read "no duplicate" and both insert; the row of the
post (or page) is locked for the duplicate check (same post or page), and a
transaction-scoped advisory lock keyed on the client's address and email for the flood
check (any post or page).
"""

import hashlib

from django.db import connection


def _key(text):
    """A signed 64-bit number for pg_advisory_xact_lock from any text."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def serialise_posting(target, comment):
    """Inside the POST's transaction: wait for any other POST these checks must see.

    `target`: the post or page commented on.
    """
    if connection.vendor != "postgresql":
        return
    rows = type(target).objects.filter(pk=target.pk)
    list(rows.select_for_update(no_key=True).values_list("pk"))
    keys = sorted({_key(f"network:{comment.network}"), _key(f"email:{comment.email}")})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
