"""WordPress authors → users: inactive, without a usable password, login and names kept.

A user who already exists here with the same username is linked, never changed: the
import must not lock out or rename an account someone uses.
"""

import re

from django.contrib.auth import get_user_model

from wordpress.importing.known import fingerprint
from wordpress.reading.records import Author

FALLBACK_LOGIN = "wordpress"  # for posts whose author the export does not name
NOT_IN_USERNAMES_RE = re.compile(r"[^\w.@+-]")


def clean_login(login):
    """The login as a Django username: letters, digits and @.+-_ only, 150 at most."""
    return NOT_IN_USERNAMES_RE.sub("", login)[:150]


def _fill(user, author):
    user.email = author.email[:254]
    user.first_name = author.first_name[:150]
    user.last_name = author.last_name[:150]
    if not (author.first_name or author.last_name) and author.display_name != author.login:
        # Our pages name an author by full name, else username: keep the display name.
        user.first_name = author.display_name[:150]


def _is_ours(user):
    """Whether the user is one an import made (and may therefore update)."""
    return not user.is_active and not user.has_usable_password()


def import_author(run, author):
    login = clean_login(author.login)
    if not login:
        run.summary.add("authors", "skipped")
        return None
    User = get_user_model()
    fp = fingerprint(author)
    outcome = run.authors.outcome(login, fp)
    entry = run.authors.get(login)
    if outcome == "created":
        user = User.objects.filter(**{User.USERNAME_FIELD: login}).first()
        if user is None:
            user = User(**{User.USERNAME_FIELD: login}, is_active=False)
            user.set_unusable_password()
            _fill(user, author)
            user.save()
        else:
            outcome = "unchanged"
        user_id = user.pk
    else:
        user_id = entry.target_id
        user = User.objects.get(pk=user_id) if outcome == "updated" else None
        if user is not None and _is_ours(user):
            _fill(user, author)
            user.save()
    run.summary.add("authors", outcome)
    run.counted.add(("authors", login))
    run.authors.record(login, user_id, fp, wp_id=author.wp_id)
    if author.wp_id is not None:
        run.user_by_wp_id[author.wp_id] = user_id
    return user_id


def user_for(run, login):
    """The user id for a post's dc:creator, importing an author the export left out."""
    login = clean_login(login) or FALLBACK_LOGIN
    entry = run.authors.get(login)
    if entry is None:
        return import_author(run, Author(login, None, "", "", "", ""))
    if ("authors", login) not in run.counted:
        run.counted.add(("authors", login))
        run.summary.add("authors", "unchanged")  # an earlier import made it
    return entry.target_id
