from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "wordpress"
    verbose_name = "WordPress"

    def ready(self):
        from pagecache import registry
        from wordpress.redirects.middleware import OLD_LINK_PARAMETERS

        # `/?p=…` is not the home page: a kept home page must not answer for it.
        registry.add_params("blog:index", *OLD_LINK_PARAMETERS)
