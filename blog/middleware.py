"""The site's Content Security Policy: strict everywhere, with one relaxation on the admin."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import reverse


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, with one relaxation on admin URLs.

    Django's admin templates and widgets still write a few `style="…"` attributes
    (collapsed fieldsets, the related-object popups, calendar widgets), which a
    `style-src 'self'` policy would block. Scripts stay strict on the admin too.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts
