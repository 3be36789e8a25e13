"""What an import did, kind by kind: the table the command prints and the admin shows."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

COLUMNS = ("created", "updated", "unchanged", "skipped")
# Row order of the table; kinds that never occurred are left out.
KINDS = (
    "authors", "categories", "tags", "other terms", "posts", "pages", "attachments",
    "menu items", "other items", "comments", "pingbacks/trackbacks",
)  # fmt: skip


@dataclass
class Summary:
    dry_run: bool = False
    counts: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    shortcodes: Counter = field(default_factory=Counter)
    kept_posts: int = 0  # posts the export changed, left alone as they were edited here

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
        if self.kept_posts:
            posts = "post" if self.kept_posts == 1 else "posts"
            lines.append(
                f"Kept {self.kept_posts} {posts} edited here since the last import "
                "(counted as skipped): the export's version was not applied."
            )
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
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
