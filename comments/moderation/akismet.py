"""The Akismet spam checker, on when AKISMET_API_KEY is set (see comments.checkers).

A new comment is sent to comment-check; a moderator's "spam" goes to submit-spam and
"not spam" to submit-ham. Requests go to AKISMET_API_URL (the service, a compatible
one, or a test server) and give up after AKISMET_TIMEOUT seconds. Any failure of the
check (the service down or slow, an HTTP error, an answer outside the protocol, a
rejected key) is logged and the comment goes on as if Akismet had no objection: it
fails open, so that an outage never keeps readers from commenting nor answers them
with an error. Reports run in the task queue (comments.tasks), which tries a failed
one again later.
"""

import logging
from contextlib import contextmanager

import akismet
import httpx
from django.conf import settings

from comments.mail import links
from comments.moderation import rules

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
def client(site):
    """An Akismet client for this site.

    The key is not verified up front (that would double the requests): a bad key makes
    each call raise akismet.APIKeyError, which is logged like any other failure.
    """
    with httpx.Client(
        headers={"User-Agent": akismet.USER_AGENT},
        timeout=settings.AKISMET_TIMEOUT,
        transport=EndpointTransport(settings.AKISMET_API_URL),
    ) as http:
        config = akismet.Config(key=settings.AKISMET_API_KEY, url=links.absolute("/", site))
        yield akismet.SyncClient(config=config, http_client=http)


def comment_fields(comment, site, *, referrer=None):
    """What Akismet is told about a comment (empty values left out); `referrer` for a
    check made while the commenter waits (None for a moderator's report)."""
    fields = {
        "user_ip": comment.ip_address or "",
        "user_agent": comment.user_agent,
        "referrer": referrer or "",
        "permalink": links.absolute(comment.target.get_absolute_url(), site),
        "comment_type": "reply" if comment.parent_id else "comment",
        "comment_author": comment.name,
        "comment_author_email": comment.email,
        "comment_author_url": comment.url,
        "comment_content": comment.body,
        "comment_date_gmt": comment.created_at.isoformat() if comment.created_at else "",
        "comment_post_modified_gmt": rules.opened_at(comment.target).isoformat(),
        "blog_lang": settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        # A comment already saved is being checked again because its author edited it.
        "recheck_reason": "edit" if comment.pk and referrer is not None else "",
    }
    return {"user_ip": fields.pop("user_ip"), **{k: v for k, v in fields.items() if v}}


class Akismet:
    """The checker: "spam" when Akismet says so, nothing when it says ham or fails."""

    def __call__(self, comment, request):
        try:
            referrer = request.META.get("HTTP_REFERER", "")
            fields = comment_fields(comment, links.site(request), referrer=referrer)
            with client(links.site(request)) as service:
                answer = service.comment_check(**fields)
        except akismet.AkismetError:
            logger.warning("Akismet could not check a comment; it is let through", exc_info=True)
            return None
        return "spam" if answer else None

    def report_spam(self, comment, site):
        self._submit("submit_spam", comment, site)

    def report_ham(self, comment, site):
        self._submit("submit_ham", comment, site)

    @staticmethod
    def _submit(operation, comment, site):
        """Raises akismet.AkismetError when the report did not arrive (the task retries)."""
        with client(site) as service:
            getattr(service, operation)(**comment_fields(comment, site))
