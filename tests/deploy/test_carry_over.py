"""publish carries the previous build's fingerprinted stylesheets and scripts into the new build,
so that a page served just before the swap finds its own files after it (and nothing else)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bulletin import publish


def fake_build(css_hash: str, extra: str):
    def build(_config, site: Path) -> None:
        (site / "assets" / "javascripts").mkdir(parents=True)
        for name in ("index.html", "404.html", "sitemap.xml"):
            (site / name).write_text(f"<!-- {css_hash} -->")
        (site / "assets" / f"bulletin.{css_hash}.css").write_text(f"/* {css_hash} */")
        (site / "assets" / f"bulletin.{css_hash}.css.gz").write_bytes(b"gz " + css_hash.encode())
        (site / "assets" / "javascripts" / f"bundle.{css_hash}.min.js").write_text("js")
        (site / "assets" / "og-default.png").write_text(extra)     # not fingerprinted
        (site / extra).write_text(extra)
    return build


@pytest.mark.parametrize("layout", ["releases + current link", "one folder"])
def test_the_previous_builds_fingerprinted_files_are_kept_for_one_publication(tmp_path, layout):
    project = tmp_path / "project"
    project.mkdir()
    config = project / "mkdocs.yml"
    config.write_text("site_name: x\n")
    current = tmp_path / "srv" / "current"
    if layout == "one folder":
        current.parent.mkdir()
    else:
        releases = tmp_path / "srv" / "releases"
        (releases / "release-0").mkdir(parents=True)
        os.symlink(releases / "release-0", current)

    publish.publish(config, current, build=fake_build("aaaaaaaa", "a.html"))
    publish.publish(config, current, build=fake_build("bbbbbbbb", "b.html"))
    site = Path(os.path.realpath(current))
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names == ["404.html", "assets/bulletin.aaaaaaaa.css", "assets/bulletin.aaaaaaaa.css.gz",
                     "assets/bulletin.bbbbbbbb.css", "assets/bulletin.bbbbbbbb.css.gz",
                     "assets/javascripts/bundle.aaaaaaaa.min.js", "assets/javascripts/bundle.bbbbbbbb.min.js",
                     "assets/og-default.png", "b.html", "index.html", "sitemap.xml"]
    assert (site / "assets" / "og-default.png").read_text() == "b.html"     # the new build's own file
    assert oct((site / "assets" / "bulletin.aaaaaaaa.css").stat().st_mode & 0o777) == "0o644"

    publish.publish(config, current, build=fake_build("cccccccc", "c.html"))    # one publication later
    site = Path(os.path.realpath(current))
    assert not (site / "assets" / "bulletin.aaaaaaaa.css").exists()
    assert (site / "assets" / "bulletin.bbbbbbbb.css").exists() and (site / "assets" / "bulletin.cccccccc.css").exists()
    assert not [p for p in site.rglob(".*")]             # the list of carried names is outside the site
