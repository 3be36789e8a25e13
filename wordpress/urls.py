from django.urls import path

from wordpress.redirects import media as media_redirects

app_name = "wordpress"

urlpatterns = [
    path("wp-content/uploads/<path:path>", media_redirects.old_media, name="old_media"),
]
