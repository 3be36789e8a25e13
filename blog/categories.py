"""A category archive shows the posts of the category and of all its descendants."""

from blog.models import Category, Post


def with_descendants(category):
    """Ids of the category and every category below it, in one query.

    Categories are few, so walking the whole (id, parent) table in Python is cheaper
    than a recursive query and works the same on SQLite and PostgreSQL.
    """
    children = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), [category.pk]
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending.extend(children.get(pk, []))
    return found


def in_category(posts, category):
    """The posts of `posts` filed under the category or one of its descendants."""
    filed = Post.categories.through.objects.filter(category__in=with_descendants(category))
    return posts.filter(pk__in=filed.values("post_id"))
