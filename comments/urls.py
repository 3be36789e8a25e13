"""The comments app's URLs, mounted at the site's root (see config/urls.py).

Most live under comments/; the privacy notice is /privacy/ and a post's comment feed
is `<permalink>feed/`, with the permalink converters that blog registers when it is ready.
"""

from django.urls import path

from comments import feeds
from comments.views import editing, moderating, posting, privacy, unsubscribing

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:post_id>/", posting.post_comment, name="post"),
    path("comments/page/<int:page_id>/", posting.page_comment, name="page"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/edit/<int:comment_id>/", editing.edit_comment, name="edit"),
    path(
        "comments/moderate/<int:comment_id>/approve/",
        moderating.moderate,
        {"action": "approve"},
        name="approve",
    ),
    path(
        "comments/moderate/<int:comment_id>/spam/",
        moderating.moderate,
        {"action": "spam"},
        name="spam",
    ),
    path("comments/unsubscribe/<str:token>/", unsubscribing.unsubscribe, name="unsubscribe"),
    path("privacy/", privacy.privacy_notice, name="privacy"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<uslug:slug>/feed/",
        feeds.PostCommentsFeed(),
        name="post_feed",
    ),
]
