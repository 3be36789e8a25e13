"""The site's Content Security Policy: strict everywhere, with one relaxation on the admin."""

from functools import lru_cache

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What a view or decorator may set on its response to change the policy (django-csp).
PER_RESPONSE = frozenset((
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
))  # fmt: skip
ADMIN_STYLES = {"style-src": [SELF, UNSAFE_INLINE]}


@lru_cache(maxsize=16)
def admin_index(script_prefix, urlconf):
    """reverse("admin:index"), reversed once per script prefix and URLconf: asked twice
    on every answer, reversing was a tenth of a page-cache hit's time."""
    return reverse("admin:index")


@lru_cache(maxsize=2)
def site_policy(on_admin):
    """The header's value as django-csp builds it from the settings, built once: building
    it for every answer was a sixth of a page-cache hit's time."""
    return build_policy(update=ADMIN_STYLES if on_admin else None)


@lru_cache(maxsize=1)
def settings_change_policies():
    """Whether the settings make some answers' policies differ from the site's."""
    policy = settings.CONTENT_SECURITY_POLICY or {}
    return bool(
        settings.DEBUG
        or policy.get("EXCLUDE_URL_PREFIXES")
        or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    )


def forget_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        site_policy.cache_clear()
        settings_change_policies.cache_clear()


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, with one relaxation on admin URLs.

    Django's admin templates and widgets still write a few `style="…"` attributes
    (collapsed fieldsets, the related-object popups, calendar widgets), which a
    `style-src 'self'` policy would block. Scripts stay strict on the admin too.

    An answer that nothing changed the policy of (no nonce, no csp decorator) gets the
    site's policy built once; any other goes through django-csp as it is.
    """

    def on_admin(self, request):
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return request.path_info.startswith(admin_index(get_script_prefix(), urlconf))

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if self.on_admin(request):
            parts.update = {**(parts.update or {}), **ADMIN_STYLES}
        return parts

    @staticmethod
    def is_plain(request, response):
        """Whether the answer gets the settings' policy as it is, and only that."""
        return not (
            getattr(request, "_csp_nonce", None) is not None
            or not PER_RESPONSE.isdisjoint(vars(response))
            or settings_change_policies()
        )

    def process_response(self, request, response):
        if not self.is_plain(request, response):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = site_policy(self.on_admin(request))
        # As django-csp does: a nonce asked for after this point is an error, not a gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
