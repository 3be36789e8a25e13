from django.conf import settings


def site(request):
    """Site name and tagline for every template."""
    return {"site_title": settings.BLOG_TITLE, "site_tagline": settings.BLOG_TAGLINE}
