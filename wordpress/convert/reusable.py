"""Reusable blocks ("synced patterns") put in the content that shows them.

A post shows one as `<!-- wp:block {"ref":N} /-->`, the block's own content being the
export's `wp_block` item N. `inline()` puts that content (block markup) in the ref's
place, as WordPress does when it shows the post, so that the rest of the conversion
(wordpress.convert.body) treats it as any other content of the post. Reusable blocks
may show others; one that shows itself, directly or through another, is shown once.

A ref to a block not given is left as it is: the conversion drops it and counts it
(wordpress.convert.dynamic). Bounds on depth and size keep a hostile export (a block
showing another twice, which shows another twice…) from growing without end.
"""

import re
from collections import Counter

from wordpress.convert.blocks import block_attributes

# <!-- wp:block {"ref":12} /--> (or core/block): the attributes never hold "-->".
REF_RE = re.compile(r"<!--\s+wp:(?:core/)?block\s+(\{(?:(?!-->).)*?\})\s+/-->", re.DOTALL)
HINTS = ("wp:block", "wp:core/block")
MAX_DEPTH = 10  # reusable blocks inside reusable blocks
MAX_INLINED_CHARS = 2_000_000  # of block content put into one post


def uses_reusable_blocks(text):
    return any(hint in text for hint in HINTS) and REF_RE.search(text) is not None


def ref_of(raw):
    """The block id a ref's attributes name, or None."""
    ref = block_attributes(raw).get("ref")
    if isinstance(ref, str) and ref.isascii() and ref.isdigit():
        ref = int(ref)
    return ref if isinstance(ref, int) and not isinstance(ref, bool) else None


def inline(text, blocks, counts=None):
    """`text` with the refs to the blocks of `blocks` ({id: content}) replaced by their
    content, refs inside that content too. `counts` (a Counter) gets "inlined" for each
    block put in, "includes itself" for each that would show itself again (left out),
    "over the limits" for those past MAX_DEPTH or MAX_INLINED_CHARS (left out)."""
    counts = Counter() if counts is None else counts
    budget = [MAX_INLINED_CHARS]

    def expand(content, shown):
        def replace(match):
            ref = ref_of(match[1])
            if ref not in blocks:
                return match[0]
            if ref in shown:
                counts["includes itself"] += 1
                return ""
            block = blocks[ref]
            if len(shown) >= MAX_DEPTH or len(block) > budget[0]:
                counts["over the limits"] += 1
                return ""
            budget[0] -= len(block)
            counts["inlined"] += 1
            return expand(block, shown | {ref})

        return REF_RE.sub(replace, content)

    return expand(text, frozenset())
