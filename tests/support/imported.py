"""Reading what an import made, as a reader sees it."""

from wordpress.models import ImportedPost


def content_of(client, wp_id):
    """The rendered body of the post imported from WordPress post `wp_id`."""
    post = ImportedPost.objects.select_related("post").get(wp_id=wp_id).post
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return (
        response.content.decode().split('<div class="post-content">', 1)[1].split("</article>")[0]
    )
