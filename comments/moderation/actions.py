"""A moderator changes comments' status: the admin's bulk actions and the email links.

The change and its consequences (counts, the page cache, the approval emails and the
spam/ham reports) are one transaction through comments.lifecycle.moderated.
"""

from django.db import transaction

from comments import lifecycle


def change_status(queryset, status, request):
    """Give the comments of `queryset` a status; returns how many changed.

    Comments that already have it are not counted: a moderator is never told that
    something happened that did not.
    """
    with transaction.atomic():
        changing = list(queryset.exclude(status=status).with_target())
        queryset.model.objects.filter(pk__in=[c.pk for c in changing]).update(status=status)
        changes = [(comment, comment.status) for comment in changing]
        for comment in changing:
            comment.status = status
        lifecycle.moderated(changes, request)
    return len(changing)
