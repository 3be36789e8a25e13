"""Spam checks that need no outside service: a honeypot, a form token, word lists.

The form carries a token signed as django.core.signing's Signer signs (salted, so no
other signature of this site can stand in for it; the signature is compared in
constant time by the signer) holding the id of the post (or page) commented on, the
time the form was rendered and a nonce, as "post.<id>.<time>.<nonce>": every cached
page a reader gets carries a fresh one, and a plain signed string costs a third of a
signed JSON object. Each token makes one comment: a form sent again is spam
(token_nonce). A token that is missing, forged or for another post or page, a form
sent back sooner than BLOG_COMMENT_MIN_FORM_SECONDS after it was rendered, or a filled
honeypot marks the comment as spam. A token older than TOKEN_MAX_AGE is no sign of spam
(a reader took their time) and the form asks to be sent again.
"""

import enum
import secrets
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes

from comments.moderation.rules import mentions_any

TOKEN_SALT = "comments.form-token"  # noqa: S105 (a namespace for signing, not a secret)
TOKEN_MAX_AGE = timedelta(hours=2)


class TokenState(enum.Enum):
    VALID = "valid"
    BAD = "bad"
    TOO_FAST = "too fast"
    EXPIRED = "expired"


class KeyedSigner(signing.Signer):
    """Django's Signer, with the HMAC of each key made once and copied for each value.

    Django's derives the salted key and keys a new HMAC for every signature (four
    hashes before the value's): a page-cache hit signs one token, and that was half of
    its signing. The signatures are Django's, byte for byte.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._keyed = {}

    def signature(self, value, key=None):
        key = key or self.key
        keyed = self._keyed.get(key)
        if keyed is None:
            keyed = salted_hmac(f"{self.salt}signer", b"", key, algorithm=self.algorithm)
            self._keyed[key] = keyed
        mac = keyed.copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()


@lru_cache(maxsize=4)
def _signer(key, fallback_keys):
    return KeyedSigner(key=key, salt=TOKEN_SALT, fallback_keys=fallback_keys)


def signer():
    return _signer(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


def make_token(target_id, issued_at=None, kind="post"):
    """A signed token for a form about post `target_id` (or page, `kind` "page"),
    rendered at `issued_at` (default now)."""
    issued_at = issued_at or timezone.now()
    # A nonce, so that each form is one token, even two rendered in the same second.
    nonce = secrets.token_urlsafe(9)
    return signer().sign(f"{kind}.{int(target_id)}.{int(issued_at.timestamp())}.{nonce}")


def _payload(token):
    """{kind: target id, "at": time, "n": nonce} of a token; BadSignature if it is none."""
    value = signer().unsign(token)
    parts = value.split(".")
    if len(parts) == 4 and parts[0] in ("post", "page"):
        kind, target_id, at, nonce = parts
        return {kind: int(target_id), "at": int(at), "n": nonce}
    # Signed JSON (base64, never "post." or "page."), as releases before 2026-12 made
    # them: still good for TOKEN_MAX_AGE after an upgrade.
    return signing.loads(token, salt=TOKEN_SALT)


def check_token(token, target_id, now=None, kind="post"):
    """The state of a token sent back with a comment on post `target_id` (or page)."""
    try:
        payload = _payload(token or "")
        issued_at = int(payload["at"])
        valid_target = payload.get(kind) == target_id
    except (signing.BadSignature, TypeError, KeyError, ValueError, OverflowError):
        return TokenState.BAD
    if not valid_target:
        return TokenState.BAD
    age = (now or timezone.now()).timestamp() - issued_at
    if age > TOKEN_MAX_AGE.total_seconds():
        return TokenState.EXPIRED
    min_seconds = settings.BLOG_COMMENT_MIN_FORM_SECONDS
    if min_seconds > 0 and age < min_seconds:
        return TokenState.TOO_FAST
    return TokenState.VALID


def token_nonce(token):
    """The nonce of a token that check_token found valid: what makes it single-use.

    The comment it made keeps it (Comment.form_nonce), so a second comment from the same
    form is known by a lookup in the same transaction as the insert.
    """
    return str(_payload(token).get("n", ""))


def looks_like_spam(token_state, honeypot, texts):
    """Whether the comment is spam: a bad or hurried token, a filled honeypot, a disallowed word.

    `texts` are everything the commenter sent: name, email, url, body, IP, user agent.
    """
    if token_state in (TokenState.BAD, TokenState.TOO_FAST):
        return True
    if honeypot:
        return True
    return mentions_any(settings.BLOG_DISALLOWED_WORDS, texts)
