from django.apps import AppConfig


class MedialibraryConfig(AppConfig):
    name = "medialibrary"
    verbose_name = "Media"
