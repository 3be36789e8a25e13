"""The demo blog's pictures, drawn here with Pillow so that the repository holds no
photographs: a seed tray seen from above, a tomato truss, a compost bin's layers.

A demo post names its featured picture in its header (`picture: seed-trays`) and may
show one in its body as `![alt](demo:seed-trays)`, which seeding turns into the media
item's reference.
"""

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

SIZE = (1600, 900)


@dataclass(frozen=True)
class Picture:
    title: str
    alt: str
    caption: str
    draw: object  # (ImageDraw, random.Random) -> None


def seed_tray(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(92, 64, 45))
    for row in range(6):
        for column in range(12):
            x, y = 70 + column * 124, 60 + row * 134
            draw.rounded_rectangle([x, y, x + 104, y + 114], 14, fill=(60, 42, 30))
            if rng.random() < 0.85:
                leaf = rng.randint(16, 34)
                cx, cy = x + 52, y + 57
                draw.ellipse([cx - leaf, cy - leaf // 2, cx, cy + leaf // 2], fill=(96, 160, 70))
                draw.ellipse([cx, cy - leaf // 2, cx + leaf, cy + leaf // 2], fill=(120, 180, 80))


def tomatoes(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(38, 84, 50))
    draw.line([(0, 140), (1600, 220)], fill=(70, 120, 60), width=18)
    for _ in range(9):
        r = rng.randint(90, 150)
        x, y = rng.randint(r, SIZE[0] - r), rng.randint(260, SIZE[1] - r // 2)
        red = rng.randint(190, 230)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(red, 50, 35))
        draw.ellipse([x - r // 3, y - r // 2, x, y - r // 4], fill=(min(red + 25, 255), 110, 90))
        draw.line([(x, y - r), (x + 20, 180)], fill=(70, 120, 60), width=8)


def compost(draw, rng):
    colours = [(74, 52, 36), (112, 84, 50), (58, 90, 48), (138, 110, 70), (50, 36, 28)]
    y = 0
    while y < SIZE[1]:
        height = rng.randint(60, 160)
        draw.rectangle([0, y, SIZE[0], y + height], fill=rng.choice(colours))
        for _ in range(40):
            x, dot = rng.randint(0, SIZE[0]), rng.randint(4, 14)
            draw.ellipse([x, y + dot, x + dot, y + 2 * dot], fill=rng.choice(colours))
        y += height


PICTURES = {
    "seed-trays": Picture(
        "Seed trays",
        "A seed tray seen from above: rows of square cells of dark soil, most with a pair "
        "of small green seed leaves.",
        "The first trays of the year, two weeks after sowing.",
        seed_tray,
    ),
    "tomatoes": Picture(
        "Tomatoes",
        "Round red tomatoes hanging from a green stem against dark leaves.",
        "Late, but worth the wait.",
        tomatoes,
    ),
    "compost": Picture(
        "Compost layers",
        "Layers of brown and green compost in a bin, from fresh at the top to dark at the bottom.",
        "",
        compost,
    ),
}


def jpeg(name):
    """The named picture as JPEG bytes; the same bytes every time."""
    image = Image.new("RGB", SIZE)
    PICTURES[name].draw(ImageDraw.Draw(image), random.Random(name))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
