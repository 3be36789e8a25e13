"""comments.rendering writes, byte for byte, what section.html's template loop wrote."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone

from comments.display import rendering, threads
from comments.models import Comment

# The loop as comments/section.html had it, before the list was built in Python.
TEMPLATE_LOOP = """{% load l10n comment_tags %}{% localize off %}\
{% for entry in entries %}{% with comment=entry.comment %}
    <li class="comment-item">
      <article id="comment-{{ comment.pk }}" class="comment depth-{{ entry.depth }}\
{% if entry.held %} comment-held{% endif %}">
        <footer class="comment-meta">
          {% comment_avatar comment %}
          <span class="comment-author">{% if comment.website %}<a href="{{ comment.website }}" \
rel="external nofollow ugc" class="url">{{ comment.name }}</a>{% else %}{{ comment.name }}\
{% endif %}</span>
          <a class="comment-permalink" href="{{ page_url }}#comment-{{ comment.pk }}">\
<time datetime="{{ comment.created_at.isoformat }}">\
{{ comment.created_at|date:"F j, Y \\a\\t g:i A" }}\
</time></a>{% if comment.edited_at %} <span class="comment-edited">(edited)</span>{% endif %}
          {% if entry.editable and is_open %}<a class="comment-edit-link" \
href="{% url 'comments:edit' comment.pk %}">Edit</a>{% endif %}
          {% if entry.held %}<p class="comment-awaiting-moderation">Your comment is awaiting \
moderation.</p>{% endif %}
        </footer>
        <div class="comment-body">{{ comment.body_html|safe }}</div>
        {% if is_open and not entry.held %}<div class="reply"><a class="comment-reply-link" \
href="?{{ reply_query }}replytocom={{ comment.pk }}#respond" data-comment-id="{{ comment.pk }}" \
data-author="{{ comment.name }}" aria-label="Reply to {{ comment.name }}">Reply</a></div>\
{% endif %}
    {% if entry.has_children %}<ol class="children">{% else %}</article></li>\
{% for level in entry.closes %}</ol></article></li>{% endfor %}{% endif %}
  {% endwith %}{% endfor %}{% endlocalize %}"""

NAMES = ["Ada", 'Bob "the builder" <b>', "Zoë & Co", "O'Brien", "<script>alert(1)</script>"]
URLS = ["", "https://example.com/?a=1&b=<2>", "javascript:alert(1)", 'http://x.test/"quote']


@pytest.fixture
def entries(make_post):
    """A page of threads, up to six deep, with every variation a comment can show."""
    post = make_post()
    start = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    made = []
    for n in range(40):
        parent = made[n // 2] if n > 3 else None
        made.append(
            Comment.objects.create(
                post=post,
                parent=parent,
                name=NAMES[n % len(NAMES)],
                email=f"c{n % 7}@example.com" if n % 3 else "",
                url=URLS[n % len(URLS)],
                body=f"Comment <em>{n}</em> & more",
                status=Comment.Status.PENDING if n % 9 == 4 else Comment.Status.APPROVED,
                edited_at=timezone.now() if n % 5 == 1 else None,
            )
        )
        # Every hour of the day, both sides of noon and midnight, and a day change.
        Comment.objects.filter(pk=made[-1].pk).update(created_at=start + timedelta(minutes=37 * n))
    held = [c.pk for c in made if c.status == Comment.Status.PENDING]
    page = threads.comment_page(post, held, 1)
    for n, entry in enumerate(page.entries):
        entry.editable = n % 4 == 0
    return page.entries


@pytest.mark.parametrize("is_open", [True, False])
@pytest.mark.parametrize(("page_url", "reply_query"), [("/p/", ""), ("/p/?cpage=2", "cpage=2&")])
@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_same_markup_as_the_template(settings, entries, is_open, page_url, reply_query, time_zone):
    """Identical output for every kind of entry, escaping included, in any time zone."""
    settings.TIME_ZONE = time_zone
    context = {"entries": entries, "page_url": page_url, "reply_query": reply_query}
    expected = engines["django"].from_string(TEMPLATE_LOOP).render({**context, "is_open": is_open})
    assert rendering.comment_list(entries, page_url, reply_query, is_open) == expected
