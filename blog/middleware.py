"""The site's Content Security Policy: strict everywhere, with one relaxation on the admin."""

from functools import lru_cache

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=16)
def admin_index(script_prefix, urlconf):
    """reverse("admin:index"), reversed once per script prefix and URLconf: asked twice
    on every answer, reversing was a tenth of a page-cache hit's time."""
    return reverse("admin:index")


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, with one relaxation on admin URLs.

    Django's admin templates and widgets still write a few `style="…"` attributes
    (collapsed fieldsets, the related-object popups, calendar widgets), which a
    `style-src 'self'` policy would block. Scripts stay strict on the admin too.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        if request.path_info.startswith(admin_index(get_script_prefix(), urlconf)):
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts
