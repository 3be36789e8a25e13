from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.urls import reverse

from blog.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search posts",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
    )

    def __init__(self, data=None, **kwargs):
        # An over-long query is cut rather than refused: the reader still gets results.
        if data is not None:
            data = {"q": data.get("q", "")[:MAX_QUERY_LENGTH]}
        super().__init__(data, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("blog:search")
        self.helper.form_class = "search-form"
        self.helper.attrs = {"role": "search"}
        self.helper.layout = Layout(
            Field("q"),
            StrictButton("Search", type="submit", css_class="btn-primary"),
        )

    @property
    def query(self):
        """The cleaned query, or "" when there is none or it is invalid."""
        return self.cleaned_data["q"] if self.is_valid() else ""
