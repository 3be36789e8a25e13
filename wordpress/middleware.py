"""WordPress's plain links, `/?p=<id>` and `/?page_id=<id>`, kept alive after the move."""

from django.http import Http404, HttpResponsePermanentRedirect

from blog.models import Post
from wordpress.models import ImportedPost

OLD_LINK_PARAMETERS = ("p", "page_id")


class OldLinksMiddleware:
    """Answers GET/HEAD `/?p=<WordPress post id>` with a 301 to the post's permalink.

    Only the home page with one of those parameters is touched. A post that is not
    public, an unknown id, anything but a number, and every `?page_id=` (pages are not
    imported) is a 404, as WordPress answers an unknown id.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.path_info == "/"
            and any(name in request.GET for name in OLD_LINK_PARAMETERS)
        ):
            return self.redirect(request)
        return self.get_response(request)

    def redirect(self, request):
        wp_id = request.GET.get("p", "")  # only ever "" for ?page_id=
        if not (wp_id.isascii() and wp_id.isdigit() and len(wp_id) <= 18):
            raise Http404("No such WordPress post.")
        post = (
            Post.objects.published()
            .filter(pk__in=ImportedPost.objects.filter(wp_id=int(wp_id)).values("post"))
            .first()
        )
        if post is None:
            raise Http404("No such WordPress post.")
        return HttpResponsePermanentRedirect(post.get_absolute_url())
