"""Keeps personal pages out of shared caches.

A page rendered for a browser that carries a commenter cookie may repeat the saved
name, email and website in the form, or show the visitor's comment awaiting
moderation; a signed-in user's page says "Logged in as NAME". Such a page is for
that browser only.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from comments.privacy.cookies import COOKIE_NAMES


class PrivateCommenterPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_personal(request, response):
            # no-store too: a shared computer's browser keeps no copy of a personal page.
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def is_personal(request, response):
        if any(name in request.COOKIES or name in response.cookies for name in COOKIE_NAMES):
            return True
        # Only a request with a session can be signed in; others skip the session lookup.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)
