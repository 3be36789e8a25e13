"""Outside opinions on a new comment: the BLOG_SPAM_CHECKERS, after the built-in checks.

A checker is named by a dotted path: a function, or a class that is instantiated
without arguments. It is called as `checker(comment, request)` with the unsaved
comment (its fields filled, body_html rendered) and the request that sent it, and
answers "spam", "hold" (keep it for a moderator) or anything false for no objection;
True counts as "spam". A checker may also have `report_spam(comment, site)` and
`report_ham(comment, site)` (`site`: the site's address, see comments.mail.links):
called in the task queue (comments.tasks) after moderators mark a comment as spam or
take it out of spam, so that a learning service hears about its mistakes.

The Akismet checker (comments.akismet.Akismet) joins the list by itself when
AKISMET_API_KEY is set. The paths are read at each call (so override_settings works),
and a checker that raises is logged and ignored: a broken checker never stops a comment
nor answers the visitor with an error.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from comments.moderation.rules import Verdict

logger = logging.getLogger(__name__)

AKISMET = "comments.moderation.akismet.Akismet"
OPINIONS = {"spam": Verdict.SPAM, True: Verdict.SPAM, "hold": Verdict.PENDING}


def checker_paths():
    paths = list(settings.BLOG_SPAM_CHECKERS)
    if settings.AKISMET_API_KEY and AKISMET not in paths:
        paths.append(AKISMET)
    return paths


def load(path):
    """The checker at a dotted path (a class is instantiated)."""
    checker = import_string(path)
    return checker() if isinstance(checker, type) else checker


def opinion(comment, request):
    """Verdict.SPAM if a checker says spam, Verdict.PENDING if one says hold, else None."""
    held = False
    for path in checker_paths():
        try:
            answer = load(path)(comment, request)
        except Exception:
            logger.exception("Spam checker %s failed; the comment is let through", path)
            continue
        verdict = OPINIONS.get(answer) if isinstance(answer, str | bool) else None
        if verdict is Verdict.SPAM:
            return verdict
        held = held or verdict is Verdict.PENDING
    return Verdict.PENDING if held else None


def learning_checkers(kind):
    """The paths of the checkers that take reports of `kind` ("spam" or "ham")."""
    return [path for path in checker_paths() if hasattr(load(path), f"report_{kind}")]


def report(kind, comment, site, path):
    """Tell the checker at `path` that a moderator judged `comment` spam or ham.

    Raises what the checker raises: the task that calls this tries again later.
    """
    getattr(load(path), f"report_{kind}")(comment, site)
