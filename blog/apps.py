from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog import converters
        from blog.models import Post
        from pagecache import registry

        converters.register()
        lists = ("blog:index", "blog:year", "blog:month", "blog:day")
        lists += ("blog:category", "blog:tag", "blog:author")
        registry.cache_views(*lists, params=["page"])
        registry.cache_views("blog:post", "blog:page")
        registry.cache_views("blog:sitemap", params=["p"])
        registry.cache_views("blog:feed", "blog:feed_atom", "blog:category_feed", "blog:tag_feed")
        registry.add_time_change(Post.objects.next_scheduled)
