"""Archives: posts by date (year, month, day), by category, by tag and by author."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.views.generic import DayArchiveView, ListView, MonthArchiveView, YearArchiveView

from blog.authors import display_name
from blog.categories import in_category
from blog.models import Category, Tag
from blog.views import PostListMixin, archive_titles

PERIODS = ("year", "month", "day")


class DateArchiveMixin(PostListMixin):
    """The year, month and day archives; `period` is also the name of their URL."""

    date_field = "published_at"
    month_format = "%m"
    ordering = ["-published_at", "-id"]
    period = title_format = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(archive_titles("Archive", self.label(context[self.period])))
        context["previous_archive"] = self.link(context[f"previous_{self.period}"])
        context["next_archive"] = self.link(context[f"next_{self.period}"])
        return context

    def label(self, date):
        return format_date(date, self.title_format)

    def link(self, date):
        if date is None:
            return None
        parts = PERIODS[: PERIODS.index(self.period) + 1]
        url = reverse(f"blog:{self.period}", kwargs={part: getattr(date, part) for part in parts})
        return {"url": url, "label": self.label(date)}


class PostYearArchiveView(DateArchiveMixin, YearArchiveView):
    period, title_format = "year", "Y"
    make_object_list = True


class PostMonthArchiveView(DateArchiveMixin, MonthArchiveView):
    period, title_format = "month", "F Y"


class PostDayArchiveView(DateArchiveMixin, DayArchiveView):
    period, title_format = "day", "F j, Y"

    # A day archive links to the neighbouring days only; skip the month lookups.
    def get_next_month(self, date):
        return None

    def get_previous_month(self, date):
        return None


class CategoryArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return in_category(super().get_queryset(), self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **archive_titles("Category", self.category.name),
            page_description=self.category.description,
            feed_url=reverse("blog:category_feed", kwargs={"slug": self.category.slug}),
            **kwargs,
        )


class TagArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **archive_titles("Tag", self.tag.name),
            page_description=self.tag.description,
            feed_url=reverse("blog:tag_feed", kwargs={"slug": self.tag.slug}),
            **kwargs,
        )


class AuthorArchiveView(PostListMixin, ListView):
    def get_queryset(self):
        User = get_user_model()
        self.author = get_object_or_404(User, **{User.USERNAME_FIELD: self.kwargs["username"]})
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **archive_titles("Author", display_name(self.author)), **kwargs
        )
