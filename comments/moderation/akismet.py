"""The Akismet spam checker, on when AKISMET_API_KEY is set (see comments.checkers).

A new comment is sent to comment-check; a moderator's "spam" goes to submit-spam and
"not spam" to submit-ham. Requests go to AKISMET_API_URL (the service, a compatible
one, or a test server) and give up after AKISMET_TIMEOUT seconds. Any failure (the
service down or slow, an HTTP error, an answer outside the protocol, a rejected key)
is logged and the comment goes on as if Akismet had no objection: it fails open, so
that an outage never keeps readers from commenting nor answers them with an error.
"""

import logging
from contextlib import contextmanager

import akismet
import httpx
from django.conf import settings

from comments.mail import links

logger = logging.getLogger(__name__)


class EndpointTransport(httpx.HTTPTransport):
    """Sends the client's requests, written for rest.akismet.com, to AKISMET_API_URL."""

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.base = httpx.URL(base_url)

    def handle_request(self, request):
        request.url = request.url.copy_with(
            scheme=self.base.scheme,
            host=self.base.host,
            port=self.base.port,
            path=self.base.path.rstrip("/") + request.url.path,
        )
        request.headers["Host"] = self.base.netloc.decode("ascii")
        return super().handle_request(request)


@contextmanager
def client(request):
    """An Akismet client for this site.

    The key is not verified up front (that would double the requests): a bad key makes
    each call raise akismet.APIKeyError, which is logged like any other failure.
    """
    with httpx.Client(
        headers={"User-Agent": akismet.USER_AGENT},
        timeout=settings.AKISMET_TIMEOUT,
        transport=EndpointTransport(settings.AKISMET_API_URL),
    ) as http:
        config = akismet.Config(key=settings.AKISMET_API_KEY, url=links.absolute("/", request))
        yield akismet.SyncClient(config=config, http_client=http)


def comment_fields(comment, request, *, with_referrer):
    """What Akismet is told about a comment (empty values left out)."""
    fields = {
        "user_ip": comment.ip_address or "",
        "user_agent": comment.user_agent,
        "referrer": request.META.get("HTTP_REFERER", "") if with_referrer else "",
        "permalink": links.absolute(comment.post.get_absolute_url(), request),
        "comment_type": "reply" if comment.parent_id else "comment",
        "comment_author": comment.name,
        "comment_author_email": comment.email,
        "comment_author_url": comment.url,
        "comment_content": comment.body,
        "comment_date_gmt": comment.created_at.isoformat() if comment.created_at else "",
        "comment_post_modified_gmt": comment.post.published_at.isoformat(),
        "blog_lang": settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        # A comment already saved is being checked again because its author edited it.
        "recheck_reason": "edit" if comment.pk and with_referrer else "",
    }
    return {"user_ip": fields.pop("user_ip"), **{k: v for k, v in fields.items() if v}}


class Akismet:
    """The checker: "spam" when Akismet says so, nothing when it says ham or fails."""

    def __call__(self, comment, request):
        try:
            fields = comment_fields(comment, request, with_referrer=True)
            with client(request) as service:
                answer = service.comment_check(**fields)
        except akismet.AkismetError:
            logger.warning("Akismet could not check a comment; it is let through", exc_info=True)
            return None
        return "spam" if answer else None

    def report_spam(self, comment, request):
        self._submit("submit_spam", comment, request)

    def report_ham(self, comment, request):
        self._submit("submit_ham", comment, request)

    @staticmethod
    def _submit(operation, comment, request):
        try:
            with client(request) as service:
                getattr(service, operation)(**comment_fields(comment, request, with_referrer=False))
        except akismet.AkismetError:
            logger.warning("Akismet %s of comment %s failed", operation, comment.pk, exc_info=True)
