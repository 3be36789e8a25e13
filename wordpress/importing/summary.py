"""What an import did, kind by kind: the table the command prints and the admin shows."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

COLUMNS = ("created", "updated", "unchanged", "skipped")
# Row order of the table; kinds that never occurred are left out.
KINDS = (
    "authors", "categories", "tags", "other terms", "posts", "pages", "attachments",
    "menu items", "other items", "comments", "pingbacks/trackbacks",
)  # fmt: skip


MAX_REFUSALS_LISTED = 50


def counted(counter):
    """A Counter's names with their numbers, most first: "calendar ×2, rss ×1"."""
    return ", ".join(f"{name} ×{number}" for name, number in counter.most_common())


@dataclass
class Summary:
    dry_run: bool = False
    counts: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    shortcodes: Counter = field(default_factory=Counter)
    embeds: Counter = field(default_factory=Counter)  # "embeds as links", "… without an address"
    dropped_blocks: Counter = field(default_factory=Counter)  # dynamic blocks, by name
    widgets: Counter = field(default_factory=Counter)  # dynamic blocks shown as our lists
    # wordpress.convert.reusable: "inlined", "includes itself", "over the limits"
    reusable_blocks: Counter = field(default_factory=Counter)
    kept_posts: int = 0  # posts the export changed, left alone as they were edited here
    # wordpress.importing.media: "copied", "fetched", "not copied", "refused", "redirects"…
    media: Counter = field(default_factory=Counter)
    refused_media: list = field(default_factory=list)  # "path: why", one per refusal
    kept_pages: int = 0  # the same for pages
    renamed_pages: list = field(default_factory=list)  # "feed → feed-2": slugs taken here
    menu: str = ""  # what became of the export's menu
    menu_categories: int = 0  # menu items linking to categories (the header lists those)

    def add(self, kind, outcome, number=1):
        assert outcome in COLUMNS, outcome
        self.counts[kind][outcome] += number

    def rows(self):
        """(kind, created, updated, unchanged, skipped) for each kind that occurred."""
        return [
            (kind, *(self.counts[kind][column] for column in COLUMNS))
            for kind in KINDS
            if kind in self.counts
        ]

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())

    def notes(self):
        """Lines that the table does not say."""
        lines = []
        if self.shortcodes:
            dropped = ", ".join(f"[{name}]: {n}" for name, n in self.shortcodes.most_common())
            lines.append(f"Shortcodes dropped (text they enclosed kept): {dropped}")
        if self.reusable_blocks:
            lines.append(self.reusable_note())
        if self.widgets:
            lines.append(
                f"Dynamic blocks shown as this site's own lists, kept current: "
                f"{counted(self.widgets)}"
            )
        if self.dropped_blocks:
            lines.append(
                "Dynamic blocks dropped (WordPress builds them when it shows a page; this "
                f"site has no equivalent): {counted(self.dropped_blocks)}"
            )
        if self.embeds["embeds as links"]:
            lines.append(
                f"Embeds shown as links to their page ({self.embeds['embeds as links']}): "
                "this site loads no player or widget from another host."
            )
        if self.embeds["embeds without an address"]:
            lines.append(
                f"Embeds without an address dropped ({self.embeds['embeds without an address']})."
            )
        if self.kept_posts:
            posts = "post" if self.kept_posts == 1 else "posts"
            lines.append(
                f"Kept {self.kept_posts} {posts} edited here since the last import "
                "(counted as skipped): the export's version was not applied."
            )
        if self.kept_pages:
            pages = "page" if self.kept_pages == 1 else "pages"
            lines.append(
                f"Kept {self.kept_pages} {pages} edited here since the last import "
                "(counted as skipped): the export's version was not applied."
            )
        if self.renamed_pages:
            lines.append(
                f"Pages given another slug, as theirs is taken or used by the site's own "
                f"addresses ({len(self.renamed_pages)}): {', '.join(self.renamed_pages)}"
            )
        if self.menu:
            lines.append(self.menu)
        if self.menu_categories:
            lines.append(
                f"Menu items linking to categories skipped ({self.menu_categories}): the "
                "site's header lists the categories already."
            )
        lines += self.media_notes()
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return lines

    def reusable_note(self):
        counts = self.reusable_blocks
        line = f"Reusable blocks: {counts['inlined']} inlined"
        if counts["includes itself"]:
            line += f", {counts['includes itself']} showing itself again left out (shown once)"
        if counts["over the limits"]:
            line += f", {counts['over the limits']} nested too deep or too large left out"
        return line + "."

    def media_notes(self):
        """The media lines: files copied or not (and why), what posts were given."""
        if not self.media:
            return []
        media = self.media
        files = [
            f"{media['copied']} copied from the media folder",
            f"{media['fetched']} downloaded",
            f"{media['not copied']} not copied (no --media-dir or --fetch-media)",
            f"{media['not an image, not copied']} not an image, not copied",
            f"{media['refused']} refused",
        ]
        lines = [f"Media files: {', '.join(files)}."]
        shown = self.refused_media[:MAX_REFUSALS_LISTED]
        lines += [f"Refused: {reason}" for reason in shown]
        if len(self.refused_media) > len(shown):
            lines.append(f"… and {len(self.refused_media) - len(shown)} more refused.")
        lines.append(
            f"Posts: {media['featured images']} featured images set, "
            f"{media['image URLs rewritten']} image URLs rewritten to the media library, "
            f"{media['images linked, not copied']} images linked, not copied."
        )
        if media["featured images not an image"]:
            lines.append(
                "Featured images left unset, as the attachment is audio or video: "
                f"{media['featured images not an image']}."
            )
        if media["players made"] or media["players linked, not copied"]:
            lines.append(
                f"Audio and video: {media['players made']} players of copied files, "
                f"{media['players linked, not copied']} links to files not copied."
            )
        if media["players without a file dropped"]:
            lines.append(
                f"Audio and video players naming no file dropped: "
                f"{media['players without a file dropped']}."
            )
        if media["attachment comments moved"]:
            lines.append(
                "Comments on attachments shown on the attachment's post or page: "
                f"{media['attachment comments moved']}."
            )
        if media["attachment comments skipped"]:
            lines.append(
                "Comments on attachments without a parent: "
                f"{media['attachment comments skipped']} skipped."
            )
        lines.append(f"Old media links (/wp-content/uploads/…) redirecting: {media['redirects']}.")
        return lines

    def as_json(self):
        """What the admin's job page shows, kept in ImportJob.summary."""
        return {"dry_run": self.dry_run, "rows": self.rows(), "notes": self.notes()}

    def as_text(self):
        width = max([len("kind"), *(len(row[0]) for row in self.rows())])
        lines = ["kind".ljust(width) + "".join(column.rjust(11) for column in COLUMNS)]
        for kind, *numbers in self.rows():
            lines.append(kind.ljust(width) + "".join(str(n).rjust(11) for n in numbers))
        return "\n".join(lines + self.notes())
