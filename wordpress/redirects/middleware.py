"""WordPress's old links kept alive after the move: `/?p=<id>`, `/?page_id=<id>` and the
old permalinks of pages."""

from django.http import Http404, HttpResponsePermanentRedirect

from blog.models import Page, Post
from wordpress.models import ImportedPage, ImportedPost

OLD_LINK_PARAMETERS = ("p", "page_id")


def _wp_id(value):
    """The WordPress id in a query parameter, or None when it is not a plain number."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


class OldLinksMiddleware:
    """Permanent redirects from WordPress's addresses to the imported posts and pages.

    - GET/HEAD `/?p=<WordPress post id>`: 301 to the post's permalink;
      `/?page_id=<WordPress page id>`: 301 to the page. Only the home page with one of
      those parameters is touched. A post or page that is not public, an unknown id and
      anything but a number is a 404, as WordPress answers an unknown id.
    - A GET/HEAD that nothing here answers (a 404) at the old permalink of a published
      imported page (`/about/team/` when the page is now at another path) is a 301 to
      the page: the site's own URLs always win over an old link.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info == "/" and any(name in request.GET for name in OLD_LINK_PARAMETERS):
            return self.redirect(request)
        response = self.get_response(request)
        if response.status_code == 404:
            page = self.old_permalink(request.path_info)
            if page is not None:
                return HttpResponsePermanentRedirect(page.get_absolute_url())
        return response

    def redirect(self, request):
        if "p" in request.GET:
            wp_id, found = _wp_id(request.GET["p"]), Post.objects.published()
            imported = ImportedPost.objects.filter(wp_id=wp_id).values("post")
        else:
            wp_id, found = _wp_id(request.GET["page_id"]), Page.objects.published()
            imported = ImportedPage.objects.filter(wp_id=wp_id).values("page")
        target = found.filter(pk__in=imported).first() if wp_id is not None else None
        if target is None:
            raise Http404("No such WordPress post or page.")
        return HttpResponsePermanentRedirect(target.get_absolute_url())

    def old_permalink(self, path):
        """The published page whose old permalink is `path` and which is not there now."""
        old_path = "/".join(segment for segment in path.split("/") if segment)
        if not old_path or "\x00" in old_path:  # no stored path has one (nor may PostgreSQL)
            return None
        imported = ImportedPage.objects.filter(old_path=old_path[:1000]).values("page")
        return Page.objects.published().filter(pk__in=imported).exclude(path=old_path).first()
