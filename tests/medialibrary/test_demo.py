"""The demo blog shows the media library: featured pictures and a figure in a body."""

from django.core.management import call_command

from blog.models import Post
from medialibrary.models import MediaItem


def test_seed_demo_adds_its_pictures_once(db, client):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)

    assert MediaItem.objects.count() == 3
    featured = Post.objects.get(slug="a-weekend-with-the-seed-trays")
    assert featured.featured_image.original_filename == "seed-trays.jpg"
    assert "featured-image" in client.get(featured.get_absolute_url()).content.decode()
    compost = Post.objects.get(slug="compost-is-a-queue")
    html = client.get(compost.get_absolute_url()).content.decode()
    assert "<figcaption>The bin in March" in html and "demo:" not in html
    assert all(item.alt_text for item in MediaItem.objects.all())
