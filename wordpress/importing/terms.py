"""WordPress categories (with their parents) and tags → ours, matched by slug.

A category or tag that already exists here with the same slug is linked, not changed.
Terms of other taxonomies (menus, post formats, custom ones) are skipped and counted.
"""

from blog.models import Category, Tag
from wordpress.convert.slugs import clean_slug
from wordpress.importing.known import fingerprint

# taxonomy → summary kind, model
TAXONOMIES = {"category": ("categories", Category), "post_tag": ("tags", Tag)}
ITEM_DOMAINS = {"category": "category", "post_tag": "post_tag", "tag": "post_tag"}


def _local_id(run, kind, slug):
    entry = run.known[kind].get(slug)
    return entry.target_id if entry else run.local_terms[kind].get(slug)


def _import_term(run, taxonomy, slug, name, description, parent_slug, wp_id=None):
    """Create, update or link one term; returns its id and the outcome."""
    kind, model = TAXONOMIES[taxonomy]
    known = run.known[kind]
    fp = fingerprint(name, description, parent_slug)
    outcome = known.outcome(slug, fp)
    if outcome == "created":
        target_id = run.local_terms[kind].get(slug)
        if target_id is None:
            term = model.objects.create(name=name[:200] or slug, slug=slug, description=description)
            target_id = term.pk
        else:
            outcome = "unchanged"  # linked to the term of that slug that was here already
    else:
        target_id = known.get(slug).target_id
        if outcome == "updated":
            term = model.objects.get(pk=target_id)
            term.name, term.description = name[:200] or slug, description
            term.save()
    run.summary.add(kind, outcome)
    run.counted.add((kind, slug))
    known.record(slug, target_id, fp, wp_id=wp_id)
    return target_id, outcome


def import_terms(run, terms):
    """Import the channel's terms; categories get their parents once all of them exist."""
    seen, parents = set(), []
    for term in terms:
        if term.taxonomy not in TAXONOMIES:
            run.summary.add("other terms", "skipped")
            continue
        slug = clean_slug(term.slug or term.name)
        if (term.taxonomy, slug) in seen:
            continue  # WXR 1.2 repeats some categories as <wp:term>
        seen.add((term.taxonomy, slug))
        if not slug:
            run.summary.add(TAXONOMIES[term.taxonomy][0], "skipped")
            continue
        parent_slug = clean_slug(term.parent_slug) if term.taxonomy == "category" else ""
        target_id, outcome = _import_term(
            run, term.taxonomy, slug, term.name, term.description, parent_slug, term.wp_id
        )
        if term.taxonomy == "category" and outcome in ("created", "updated"):
            parents.append((target_id, parent_slug))
    for category_id, parent_slug in parents:
        parent_id = _local_id(run, "categories", parent_slug) if parent_slug else None
        if parent_id != category_id:
            Category.objects.filter(pk=category_id).update(parent_id=parent_id)


def item_term_ids(run, item):
    """(category ids, tag ids) of an item, importing terms the channel did not declare."""
    ids = {"categories": [], "tags": []}
    for term in item.terms:
        taxonomy = ITEM_DOMAINS.get(term.domain)
        slug = clean_slug(term.slug or term.name)
        if taxonomy is None or not slug:
            continue
        kind = TAXONOMIES[taxonomy][0]
        entry = run.known[kind].get(slug)
        if entry is None:
            ids[kind].append(_import_term(run, taxonomy, slug, term.name, "", "")[0])
            continue
        if (kind, slug) not in run.counted:
            run.counted.add((kind, slug))
            run.summary.add(kind, "unchanged")  # an earlier import made it
        ids[kind].append(entry.target_id)
    return ids["categories"], ids["tags"]
