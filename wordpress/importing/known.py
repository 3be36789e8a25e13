"""The import's memory of what earlier imports (and this one) made of each source record."""

import hashlib
from dataclasses import dataclass

BATCH_SIZE = 500


def fingerprint(*values):
    """A short, stable hash of source values (dataclasses, strings, dates, tuples)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


@dataclass
class Entry:
    target_id: int  # the local object's primary key
    fingerprint: str
    row_id: int | None = None  # the mapping row's primary key, None until saved


class Known:
    """Source key → Entry for one kind, loaded in one query, saved in bulk.

    `model` is a mapping model (wordpress.models), `key` its source-key field ("wp_id",
    "login" or "slug") and `target` its foreign key to the local object.
    """

    def __init__(self, model, key, target, site):
        self.model, self.key, self.target, self.site = model, key, target, site
        rows = model.objects.filter(site=site).values_list(key, f"{target}_id", "fingerprint", "pk")
        self.entries = {k: Entry(target_id, fp, pk) for k, target_id, fp, pk in rows}
        self._new, self._changed, self._changed_fields = {}, [], {"fingerprint"}
        self._adopted = set()

    def get(self, key):
        return self.entries.get(key)

    def adopt(self, key, target_id):
        """Take the local object `target_id` as what the record `key` is, as it is and
        without a mapping row: an export of this very site names its own objects
        (wordpress.importing.own_site)."""
        self.entries[key] = Entry(target_id, "")
        self._adopted.add(key)

    def outcome(self, key, fp):
        """The outcome for a source record with this fingerprint: created, updated, unchanged."""
        entry = self.entries.get(key)
        if entry is None:
            return "created"
        if key in self._adopted:
            return "unchanged"
        return "unchanged" if entry.fingerprint == fp else "updated"

    def edited_here(self, outcomes, existing, stamp):
        """Keys of the records to update whose local object was saved here since an import
        wrote it: their local version wins.

        `outcomes`: {key: outcome()}; `existing`: {target id: local object}; `stamp`: the
        mapping field holding the object's updated_at when an import last wrote it.
        """
        entries = {key: self.entries[key] for key, o in outcomes.items() if o == "updated"}
        rows = self.model.objects.filter(pk__in=[entry.row_id for entry in entries.values()])
        written = dict(rows.values_list("pk", stamp))
        return [
            key
            for key, entry in entries.items()
            if existing[entry.target_id].updated_at != written[entry.row_id]
        ]

    def record(self, key, target_id, fp, **extra):
        """Remember (and save with the next flush) what the record `key` became."""
        if key in self._adopted:
            return
        entry = self.entries.get(key)
        if entry is None:
            self.entries[key] = Entry(target_id, fp)
            self._new[key] = self.model(
                site=self.site,
                fingerprint=fp,
                **{self.key: key, f"{self.target}_id": target_id},
                **extra,
            )
        elif entry.fingerprint != fp:
            entry.fingerprint = fp
            if key in self._new:  # the same record twice in one file
                for name, value in {"fingerprint": fp, **extra}.items():
                    setattr(self._new[key], name, value)
            else:
                self._changed.append(self.model(pk=entry.row_id, fingerprint=fp, **extra))
                self._changed_fields.update(extra)

    def flush(self):
        self.model.objects.bulk_create(self._new.values(), batch_size=BATCH_SIZE)
        for key, row in self._new.items():
            self.entries[key].row_id = row.pk
        fields = sorted(self._changed_fields)
        self.model.objects.bulk_update(self._changed, fields, batch_size=BATCH_SIZE)
        self._new, self._changed, self._changed_fields = {}, [], {"fingerprint"}
