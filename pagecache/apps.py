from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from django.core.signals import setting_changed

        from pagecache import generation, registry

        registry.add_filler("csrf", registry.csrf_token)
        setting_changed.connect(generation.forget_release, dispatch_uid="pagecache-release")
