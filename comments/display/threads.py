"""A post's (or page's) comments as threads: a tree built in Python from one query of
(pk, parent_id) rows, pages of threads, and a second query for the shown page's comments.

The tree is handed to the template as a flat list in display order, each entry
saying whether it opens a list of replies and how many levels close after it, so
that 1,000 comments render in one loop instead of one include per comment.
Threads deeper than BLOG_COMMENT_THREAD_DEPTH continue at the deepest level.
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q

from comments.display.sanitize import web_address


@dataclass(slots=True)
class Entry:
    comment: object
    depth: int
    has_children: bool = False
    closes: range = range(0)
    held: bool = False
    # What the list shows, prepared once in Python (comments.display.listing).
    avatar: str = ""
    when: str = ""
    iso: str = ""


@dataclass
class CommentPage:
    entries: list
    page: Page

    @property
    def number(self):
        return self.page.number


Node = namedtuple("Node", "pk parent_id")


@dataclass(slots=True, frozen=True)
class Shown:
    """What a comment list shows of a comment: a plain row, at a fifth of a model's cost."""

    pk: int
    name: str
    url: str
    email: str
    body_html: str
    created_at: object
    edited_at: object
    status: str

    @property
    def website(self):
        return web_address(self.url)


def shown_comments(target, own_ids, pks):
    """{pk: Shown} of these comments, those a visitor may still see."""
    columns = [field.name for field in fields(Shown)]
    rows = target.comments.shown_to(own_ids).filter(pk__in=pks).values_list(*columns)
    return {row[0]: Shown(*row) for row in rows}


def roots_and_children(comments):
    """Top-level comments and replies by parent id; a reply whose parent is hidden is a root."""
    shown = {comment.pk for comment in comments}
    roots, children = [], defaultdict(list)
    for comment in comments:
        if comment.parent_id in shown:
            children[comment.parent_id].append(comment)
        else:
            roots.append(comment)
    return roots, children


def flatten(roots, children, max_depth):
    """Entries in display order with their depth and the markup they open or close."""
    entries = []
    stack = [(root, 1) for root in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        kids = children.get(comment.pk, ())
        entries.append(Entry(comment, depth, has_children=bool(kids) and depth < max_depth))
        child_depth = min(depth + 1, max_depth)
        stack.extend((kid, child_depth) for kid in reversed(kids))
    for index, entry in enumerate(entries):
        if not entry.has_children:
            next_depth = entries[index + 1].depth if index + 1 < len(entries) else 1
            entry.closes = range(entry.depth - next_depth)
    return entries


def paginator(roots):
    return Paginator(roots, settings.BLOG_COMMENTS_PER_PAGE, allow_empty_first_page=True)


def comment_page(target, own_ids=(), number=1):
    """The entries of one comment page (a number out of range gives the nearest page).

    Only the page's comments are read whole: for a post with 1,000 comments that is 3 ms
    where reading all of them took 36. A comment removed or held between the two
    queries is left out and the page laid out again without it.
    """
    nodes = [Node(*row) for row in target.comments.shown_to(own_ids).values_list("pk", "parent_id")]
    while True:
        roots, children = roots_and_children(nodes)
        page = paginator(roots).get_page(number)
        entries = flatten(page.object_list, children, settings.BLOG_COMMENT_THREAD_DEPTH)
        comments = shown_comments(target, own_ids, [entry.comment.pk for entry in entries])
        gone = {entry.comment.pk for entry in entries} - comments.keys()
        if not gone:
            break
        nodes = [node for node in nodes if node.pk not in gone]
    own, approved = set(own_ids), target.comments.model.Status.APPROVED
    for entry in entries:
        entry.comment = comments[entry.comment.pk]
        entry.held = entry.comment.pk in own and entry.comment.status != approved
    return CommentPage(entries, page)


class _PageFinder:
    """Comment pages of one post's (or page's) comments, from their (pk, parent_id) rows
    in display order."""

    def __init__(self, rows):
        self.parents = dict(rows)
        roots = [pk for pk, parent_id in rows if parent_id not in self.parents]
        self.root_index = {pk: index for index, pk in enumerate(roots)}

    def page(self, pk):
        root, seen = pk, set()
        while self.parents.get(root) in self.parents and root not in seen:
            seen.add(root)
            root = self.parents[root]
        if root not in self.root_index:
            return 1
        return self.root_index[root] // settings.BLOG_COMMENTS_PER_PAGE + 1


def page_of(comment):
    """The comment page showing a comment, as the public (or its author) sees the post."""
    rows = list(comment.target.comments.shown_to({comment.pk}).values_list("pk", "parent_id"))
    return _PageFinder(rows).page(comment.pk)


def pages_of(comments, approved):
    """{pk: comment page} for approved `comments` of any posts and pages, in one query of
    `approved` (the approved comments, as Comment.objects.approved() gives them)."""
    post_ids = {comment.post_id for comment in comments} - {None}
    page_ids = {comment.page_id for comment in comments} - {None}
    rows = defaultdict(list)
    approved = approved.filter(Q(post_id__in=post_ids) | Q(page_id__in=page_ids))
    for *target, pk, parent_id in approved.values_list("post_id", "page_id", "pk", "parent_id"):
        rows[tuple(target)].append((pk, parent_id))
    finders = {target: _PageFinder(target_rows) for target, target_rows in rows.items()}
    pages = {}
    for comment in comments:
        finder = finders.get((comment.post_id, comment.page_id))
        pages[comment.pk] = finder.page(comment.pk) if finder else 1
    return pages


def reply_parent(parent, max_depth):
    """Where a reply to `parent` is stored: under it, or beside it at the deepest level."""
    if parent is None:
        return None
    depth, ancestor = 1, parent
    while ancestor.parent_id is not None and depth < max_depth:
        ancestor = ancestor.parent
        depth += 1
    return parent.parent if depth >= max_depth else parent
