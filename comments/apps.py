from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Where comments meet the apps they build on: blog's pages, admin and demo, the cache."""

    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from blog import demo as blog_demo
        from comments import demo
        from comments.admin import add_post_columns
        from comments.moderation import rules, spam
        from comments.privacy import cookies
        from pagecache import registry

        registry.add_params("blog:post", "cpage", "replytocom")
        registry.add_params("blog:page", "cpage", "replytocom")
        registry.cache_views("comments:feed", "comments:post_feed")
        registry.add_personal_cookies(*cookies.COOKIE_NAMES)
        registry.add_filler(
            "comment-token",
            lambda request, target: spam.make_token(target[1], kind=target[0]),
            max_age=spam.TOKEN_MAX_AGE.total_seconds(),
        )
        registry.add_time_change(rules.next_closing)
        add_post_columns()
        blog_demo.add_seeder(demo.seed)
