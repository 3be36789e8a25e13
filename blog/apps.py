from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete

        from blog import converters, media_uses, middleware
        from blog.models import Post
        from medialibrary import usage
        from medialibrary.models import MediaItem
        from pagecache import registry

        converters.register()
        setting_changed.connect(middleware.forget_policy, dispatch_uid="blog-csp")
        usage.add_finder(media_uses.find)
        usage.add_renderer(media_uses.render_again)
        post_delete.connect(media_uses.forget, sender=MediaItem, dispatch_uid="blog-media")
        lists = ("blog:index", "blog:year", "blog:month", "blog:day")
        lists += ("blog:category", "blog:tag", "blog:author")
        registry.cache_views(*lists, params=["page"])
        registry.cache_views("blog:post", "blog:page")
        registry.cache_views("blog:sitemap", params=["p"])
        registry.cache_views("blog:feed", "blog:feed_atom", "blog:category_feed", "blog:tag_feed")
        registry.add_time_change(Post.objects.next_scheduled)
