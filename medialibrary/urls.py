from django.urls import path

from medialibrary import views

app_name = "medialibrary"

urlpatterns = [path("media/<path:path>", views.media_file, name="file")]
