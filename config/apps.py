from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, for what crosses apps: the page cache's receivers."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from config import pagecache

        pagecache.connect()
