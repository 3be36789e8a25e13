"""The site's navigation as WordPress's menu "Navigation": one menu item per page."""

from wordpress.exporting.xml import (
    MENU_ITEM_IDS,
    PAGE_IDS,
    cdata,
    element,
    gmt,
    item_xml,
    local,
    postmeta,
)

MENU = "navigation"


def menu_term():
    names = [element("wp:term_id", 1, raw=True), element("wp:term_taxonomy", "nav_menu")]
    names += [element("wp:term_slug", MENU), element("wp:term_name", "Navigation")]
    return f"\t<wp:term>{''.join(names)}</wp:term>\n"


def menu_item(page):
    """The entry of a page in the navigation, as WordPress's menus store it."""
    meta = {
        "_menu_item_type": "post_type",
        "_menu_item_menu_item_parent": "0",
        "_menu_item_object_id": str(PAGE_IDS + page.pk),
        "_menu_item_object": "page",
        "_menu_item_target": "",
        "_menu_item_classes": 'a:1:{i:0;s:0:"";}',
        "_menu_item_xfn": "",
        "_menu_item_url": "",
    }
    lines = [
        element("title", ""),
        element("dc:creator", page.author.get_username()),
        element("content:encoded", ""),
        element("wp:post_id", MENU_ITEM_IDS + page.pk, raw=True),
        element("wp:post_date", local(page.created_at)),
        element("wp:post_date_gmt", gmt(page.created_at)),
        element("wp:post_name", str(MENU_ITEM_IDS + page.pk)),
        element("wp:status", "publish"),
        element("wp:menu_order", page.menu_order, raw=True),
        element("wp:post_type", "nav_menu_item"),
        f'<category domain="nav_menu" nicename="{MENU}">{cdata("Navigation")}</category>',
        *(postmeta(key, value) for key, value in meta.items()),
    ]
    return item_xml(lines)
