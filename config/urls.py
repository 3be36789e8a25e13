from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("medialibrary.urls")),
    path("", include("wordpress.urls")),  # /wp-content/uploads/…: old media links
    # comments/… plus /privacy/ and each post's `<permalink>feed/` (see comments/urls.py).
    path("", include("comments.urls")),
    path("", include("blog.urls")),
]
