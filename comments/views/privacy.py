"""The privacy notice: what the comment form collects and how long it is kept.

Every period on the page is read from the settings and cookies in force, so the notice
cannot drift from what the site does.
"""

from django.conf import settings
from django.shortcuts import render

from comments.privacy import cookies


def privacy_notice(request):
    context = {
        "page_title": "Privacy notice",
        "ip_days": settings.BLOG_COMMENT_IP_RETENTION_DAYS,
        "spam_days": settings.BLOG_SPAM_RETENTION_DAYS,
        "remember_days": cookies.REMEMBER_AGE.days,
        "held_days": cookies.HELD_AGE.days,
        "edit_minutes": settings.BLOG_COMMENT_EDIT_MINUTES,
        "akismet": bool(settings.AKISMET_API_KEY),
    }
    return render(request, "comments/privacy.html", context)
