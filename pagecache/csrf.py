"""Each page-cache hit's CSRF token, as Django's get_token() makes it, from one read of
the system's randomness.

Django draws every character of a secret and of a token's mask with `secrets.choice`,
one read of /dev/urandom each: 64 for a first-time visitor, a quarter of a hit's time.
Here the same alphabet is drawn from one `secrets.token_bytes` read, by rejection (a
byte is used only below the largest multiple of 62, so every character is equally
likely, as with `secrets.choice`), in one bytes.translate(). The token is the one
Django's CSRF middleware checks and the cookie is the one it sets: the secret goes
where get_token() puts it
(request.META "CSRF_COOKIE", with "CSRF_COOKIE_NEEDS_UPDATE" so that the response
carries the cookie). With CSRF_USE_SESSIONS Django's own get_token() is used.
"""

import secrets

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

ALPHABET = CSRF_ALLOWED_CHARS
INDEX = {char: index for index, char in enumerate(ALPHABET)}
USABLE = 256 - 256 % len(ALPHABET)  # bytes at or above this would favour some characters
# For bytes.translate: a usable byte becomes the character it draws; the rest are dropped.
TO_CHARACTER = bytes(ord(ALPHABET[byte % len(ALPHABET)]) for byte in range(256))
UNUSABLE = bytes(range(USABLE, 256))


def random_string(length):
    """`length` characters of CSRF_ALLOWED_CHARS, each uniformly random."""
    drawn = b""
    while len(drawn) < length:
        drawn += secrets.token_bytes(length - len(drawn) + 8).translate(TO_CHARACTER, UNUSABLE)
    return drawn[:length].decode("ascii")


def masked(secret):
    """The secret under a fresh mask: Django's token format (mask, then cipher). The
    secret is a checked one (Django's middleware replaces a cookie of other characters)."""
    mask = random_string(CSRF_SECRET_LENGTH)
    size = len(ALPHABET)
    cipher = [ALPHABET[(INDEX[s] + INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)]
    return mask + "".join(cipher)


def token(request):
    """A CSRF token for this request's form, as django.middleware.csrf.get_token() gives."""
    if settings.CSRF_USE_SESSIONS:
        return get_token(request)
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_string(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)
