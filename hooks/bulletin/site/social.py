"""Open Graph and Twitter card data of a page, for link previews in chat apps and social sites.

Templates call ``bulletin_social(bulletin, page)`` (partials/bl-social.html). Image and page
URLs are absolute (from ``site_url``), as link-preview crawlers require. An article without a
picture of its own is shown with the site's default image.
"""

from __future__ import annotations

from .sitemap import absolute

DEFAULT_IMAGE = "assets/og-default.png"    # docs/assets/og-default.png, made by scripts/make_og_image.py
DEFAULT_IMAGE_SIZE = (1200, 630)


def env(site, env) -> None:
    env.globals["bulletin_social"] = lambda view, page: social(site, view, page)


def social(site, view, page) -> dict:
    L = view.language
    site_url = site.config.site_url
    is_article = view.kind == "article"
    data = view.__dict__["data"]
    image = data.get("image") if is_article and not data.get("missing_translation") else None
    description = ""
    if is_article:
        description = data.get("summary") or ""
    elif page is not None and page.meta.get("description"):
        description = str(page.meta["description"])
    elif data.get("description"):
        description = data["description"]
    title = data.get("headline") if is_article else view.title
    if view.kind == "home" and not data.get("page_number"):
        title = L.site_name
    out = {
        "type": "article" if is_article else "website",
        "site_name": L.site_name,
        "title": title or L.site_name,
        "description": description or L.site_description,
        "url": (page.canonical_url if page is not None else "") or absolute(site_url, view.url),
        "image": absolute(site_url, image or DEFAULT_IMAGE),
        "image_alt": (data.get("caption") or title) if image else L.site_name,
        "image_size": None if image else DEFAULT_IMAGE_SIZE,
        "locale": L.locale,
        "locale_alternates": [site.languages[a["lang"]].locale for a in view.alternates if not a["current"]],
        "published_time": data.get("date_iso", "") if is_article else "",
        "modified_time": data.get("updated_iso", "") if is_article else "",
        "section": data.get("unit_name", "") if is_article else "",
        "tags": [t["name"] for t in data.get("topics", [])] if is_article else [],
    }
    return out
