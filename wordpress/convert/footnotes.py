"""Block-editor footnotes as the post's footnotes, in Python-Markdown's markup.

The block editor keeps a footnote's text in the post meta `footnotes` (a JSON list of
{"id", "content"}) and writes only the reference in the body:
`<sup data-fn="ID" class="fn"><a href="#ID" id="ID-link">1</a></sup>`, the list being
built at display time where the `<!-- wp:footnotes /-->` block is. Here the list is
written at that place (else at the end), numbered in the order the text refers to
them, with the ids and classes Markdown footnotes have (blog.markup), so both look and
link alike.
"""

import html
import json
import re

REFERENCE_RE = re.compile(
    r"<sup\b[^>]*\bdata-fn=\"([^\"]*)\"[^>]*>\s*(?:<a\b[^>]*>.*?</a>)?\s*</sup>",
    re.DOTALL | re.IGNORECASE,
)
LIST_BLOCK_RE = re.compile(r"<!--\s+wp:(?:core/)?footnotes\s+(?:\{.*?\}\s+)?/-->", re.DOTALL)


def footnotes_from_meta(meta_value):
    """{id: content HTML} of the `footnotes` post meta, in its order; {} if unreadable."""
    try:
        notes = json.loads(meta_value or "[]")
    except ValueError:
        return {}
    if not isinstance(notes, list):
        return {}
    return {
        str(note["id"]): str(note.get("content", ""))
        for note in notes
        if isinstance(note, dict) and note.get("id")
    }


def convert_footnotes(text, meta_value):
    """`text` with its footnote references and list as Markdown writes them."""
    notes = footnotes_from_meta(meta_value)
    if not notes and not REFERENCE_RE.search(text):
        return LIST_BLOCK_RE.sub("", text)
    numbers, references = {}, {}

    def reference(match):
        note_id = html.unescape(match[1])
        if note_id not in notes:
            return ""  # a reference to no text: WordPress shows nothing either
        number = numbers.setdefault(note_id, len(numbers) + 1)
        references[note_id] = references.get(note_id, 0) + 1
        seen = references[note_id]
        ref_id = f"fnref:{number}" if seen == 1 else f"fnref{seen}:{number}"
        return f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'

    text = REFERENCE_RE.sub(reference, text)
    for note_id in notes:  # the ones the text never refers to, last
        numbers.setdefault(note_id, len(numbers) + 1)
    if not numbers:
        return LIST_BLOCK_RE.sub("", text)
    listed = footnote_list(notes, numbers, references)
    if LIST_BLOCK_RE.search(text):
        text = LIST_BLOCK_RE.sub(lambda _: listed, text, count=1)
        return LIST_BLOCK_RE.sub("", text)
    return f"{text.rstrip()}\n\n{listed}"


def footnote_list(notes, numbers, references):
    items = []
    for note_id, number in sorted(numbers.items(), key=lambda pair: pair[1]):
        backref = (
            f'&#160;<a class="footnote-backref" href="#fnref:{number}" '
            f'title="Jump back to footnote {number} in the text">&#8617;</a>'
            if note_id in references
            else ""
        )
        items.append(f'<li id="fn:{number}">\n<p>{notes[note_id]}{backref}</p>\n</li>')
    return '<div class="footnote">\n<hr>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"
