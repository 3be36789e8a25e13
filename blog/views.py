from django.views.generic import DateDetailView, ListView

from blog.models import Post


class PostIndexView(ListView):
    paginate_by = 10

    def get_queryset(self):
        return Post.objects.published().for_lists().order_by("-sticky", "-published_at")


class PostDetailView(DateDetailView):
    date_field = "published_at"
    month_format = "%m"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).select_related("author")

    def get_allow_future(self):
        return self.request.user.is_staff
