"""The web editor (Decap CMS at /quan-tri/) driven in Chromium, on localhost, with decap-server in
its git mode (the editorial workflow) on a temporary clone of the seed project.

An article is written in the browser with every field and a picture, saved as a draft, sent for
review, made ready and published; the file in articles/ must then be exactly what an editor would
have committed, pass `bulletin check`, and show on the built site. A seed article is edited and
its English translation added. A missing required field is refused. The admin page makes no
request to another host and raises no script error. The screenshots of the editor's guide
(docs/huong-dan/soan-tin-tren-web.md) are taken here, into docs/assets/screenshots/cms/.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

import sites
from bulletin.content.loader import fingerprint
from bulletin.content.registry import Registry
from bulletin.editor import cms as cms_cli

SHOTS = sites.REPO / "docs" / "assets" / "screenshots" / "cms"
PICTURE = sites.REPO / "docs" / "assets" / "og-default.png"
SEED_WITHOUT_TRANSLATION = "2025/2025-07-01-bqp-so-ket-cchc-cds-2021-2025"
NOW = "2026-11-26T12:00:00+07:00"     # after every date used here: the rebuilt site publishes them


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, chromium_browser):
    """A seed project in git (one seed without its translation), decap-server on it, the site built
    with the local proxy configured, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("cms")
    project = sites.make_project(root / "project")
    (project / "articles" / f"{SEED_WITHOUT_TRANSLATION}.en.md").unlink()
    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Biên tập viên")
    git(project, "config", "user.email", "bientap@example.vn")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Seed articles")
    picture = root / "Ảnh hội nghị Đà Nẵng.png"      # a Vietnamese file name: stored under an ASCII one
    shutil.copyfile(PICTURE, picture)
    from helpers import serve_directory
    with cms_cli.proxy(project, workflow=True) as api:
        build = sites.build_ok(project, now=NOW, env={"BULLETIN_CMS_PROXY": api, "BULLETIN_CMS_WORKFLOW": "1"})
        served = root / "served"
        shutil.copytree(build.site, served)           # the project's own site/ is rebuilt by the tests
        with serve_directory(served) as base:
            yield {"project": project, "base": base, "api": api, "picture": picture}


@pytest.fixture
def editor(workspace, chromium_browser, page_recorder):
    """A fresh browser tab in Vietnam time; records requests, console errors and page errors."""
    context = chromium_browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                           viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())          # "publish this entry?" → yes
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    # Chromium logs every failed request as a console error: those are checked one by one below
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and errors.append(f"console: {msg.text}"))

    def on_response(response):
        if response.status < 400:
            return
        body = response.request.post_data or ""
        # Decap asks decap-server whether an article has an unpublished version; "no" is a 404
        if response.status == 404 and response.url == workspace["api"] and '"action":"unpublishedEntry"' in body:
            return
        errors.append(f"HTTP {response.status} {response.url} {body[:200]}")
    page.on("response", on_response)
    recorder = page_recorder(page, workspace["base"])
    try:
        yield page, recorder, errors
    finally:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def sign_in(page, base: str, path: str = "quan-tri/", button: str = "Đăng nhập", screenshot: str | None = None):
    page.goto(base + path)
    page.get_by_role("button", name=button).wait_for()
    if screenshot:
        shot(page, screenshot)
    page.get_by_role("button", name=button).click()
    page.get_by_text("Quân khu 4 kiểm tra công tác cải cách hành chính").first.wait_for()


def field(page, name: str, column: int = 0):
    """The input of field *name* in the Vietnamese (0) or English (1) column."""
    return page.locator(f'[id^="{name}-field-"]').nth(column)


def pick(page, name: str, text: str) -> None:
    box = field(page, name)
    box.click()
    box.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def markdown(page, column: int):
    return page.locator('[aria-label="markdown field"] [contenteditable="true"]').nth(column)


def set_status(page, status: str) -> None:
    page.get_by_role("button", name=re.compile(r"^Trạng")).click()
    page.get_by_text(status, exact=True).click()
    page.get_by_text("THAY ĐỔI ĐÃ ĐƯỢC LƯU").wait_for()


def publish(page, project: Path, branch: str) -> None:
    """Publish now; return once decap-server has merged *branch* and deleted it."""
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()
    deadline = time.monotonic() + 30
    while branch in git(project, "branch", "--list", "cms/*"):
        assert time.monotonic() < deadline, f"{branch} was not merged"
        page.wait_for_timeout(200)
    page.get_by_text("Đã công bố").first.wait_for()


def save(page) -> None:
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("THAY ĐỔI ĐÃ ĐƯỢC LƯU").wait_for()


def bulletin_check(project: Path) -> subprocess.CompletedProcess:
    code = "import sys; from bulletin.editor.cli import main; sys.exit(main(['check']))"
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          env={**__import__("os").environ, "BULLETIN_NOW": NOW}, timeout=300)


def test_the_admin_page_loads_from_localhost_only_without_script_errors(workspace, editor):
    page, recorder, errors = editor
    sign_in(page, workspace["base"], screenshot="01-dang-nhap")
    shot(page, "02-danh-sach")
    assert page.get_by_text("Tin bài").first.is_visible()
    # the English interface (the same sign-in: Decap keeps it in the browser's storage)
    page.goto(workspace["base"] + "quan-tri/en/")
    page.get_by_role("heading", name="Collections").wait_for()
    page.get_by_text("Articles").first.wait_for()
    assert recorder.third_party() == []
    assert errors == []


def test_write_an_article_with_every_field_and_a_picture_then_publish_it(workspace, editor):
    page, recorder, errors = editor
    project = workspace["project"]
    branches_before = git(project, "branch", "--list", "cms/*")
    sign_in(page, workspace["base"])
    page.goto(workspace["base"] + "quan-tri/#/collections/articles/new")
    field(page, "title").wait_for()
    title = "Đoàn công tác Quân khu 5 kiểm tra chuyển đổi số tại Đà Nẵng"
    field(page, "title").fill(title)
    field(page, "date").fill("2026-11-20T09:30")
    pick(page, "unit", "Quân khu 5")
    pick(page, "topics", "Chuyển đổi số")
    pick(page, "topics", "Cải cách hành chính")
    field(page, "summary").fill("Đoàn công tác kiểm tra kết quả chuyển đổi số của lực lượng vũ trang thành phố Đà Nẵng.")
    page.get_by_role("button", name=re.compile("^Add ")).first.click()
    field(page, "byline").fill("Tin, ảnh: MINH ANH")
    field(page, "name").fill("qdnd.vn")
    field(page, "url").fill("https://www.qdnd.vn")
    page.get_by_role("button", name="Chọn một hình").first.click()
    page.locator('input[type="file"]').set_input_files(str(workspace["picture"]))
    page.get_by_text("anh-hoi-nghi-da-nang.png").wait_for()
    shot(page, "04-them-anh")
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    field(page, "caption").fill("Đoàn công tác làm việc tại Bộ Chỉ huy Quân sự thành phố Đà Nẵng")
    field(page, "slug").fill("qk5-kiem-tra-cds-da-nang")
    field(page, "draft").click()                             # on: kept off the site for now
    body = markdown(page, 0)
    body.click()
    page.keyboard.type("Ngày 20/11, đoàn công tác của Quân khu 5 kiểm tra kết quả chuyển đổi số tại "
                       "Bộ Chỉ huy Quân sự thành phố Đà Nẵng.")
    page.keyboard.press("Enter")
    page.keyboard.type("Đoàn ghi nhận nhiều cách làm mới trong giải quyết thủ tục hành chính.")
    # the English translation, checked against the original as written
    field(page, "title", 1).fill("Military Region 5 inspects digital transformation in Da Nang")
    markdown(page, 1).click()
    page.keyboard.type("On 20 November a delegation of Military Region 5 inspected digital transformation "
                       "at the Da Nang City Military Command.")
    field(page, "translation_checked", 1).click()
    shot(page, "03-viet-tin")
    # the preview: the article page's markup with the site's own style sheets
    page.get_by_title("Toggle preview").click()
    preview = page.frame_locator("#preview-pane")
    heading = preview.locator("article.bl-article h1")
    heading.wait_for()
    assert heading.inner_text() == title
    registry = Registry.load(sites.REPO / "data")                  # the article page's kicker
    kicker = [registry.units[u].short.vi for u in reversed(registry.ancestors("qk5"))] + [registry.units["qk5"].name.vi]
    assert preview.locator(".bl-kicker").text_content() == " › ".join(kicker)
    assert preview.locator(".bl-meta").inner_text() == "Thứ Sáu, 20/11/2026, 09:30"
    assert preview.locator("figure.bl-figure figcaption").inner_text().startswith("Đoàn công tác làm việc")
    assert preview.locator(".bl-byline").inner_text() == "Tin, ảnh: MINH ANH"
    assert heading.evaluate("h => getComputedStyle(h).fontWeight") == "700"   # bulletin.css applies
    shot(page, "03b-xem-truoc")
    save(page)
    branch = "cms/articles/2026/2026-11-20-doan-cong-tac-quan-khu-5-kiem-tra-chuyen-doi-so-tai-da-nang"
    assert branch in git(project, "branch", "--list", "cms/*") and branch not in branches_before
    key = "articles/2026/2026-11-20-doan-cong-tac-quan-khu-5-kiem-tra-chuyen-doi-so-tai-da-nang"
    assert f"{key}.vi.md" not in git(project, "ls-tree", "-r", "--name-only", "main")   # on its branch only
    assert "draft: true" in git(project, "show", f"{branch}:{key}.vi.md")
    # in review → ready (the draft switch turned off on the way), then published (merged)
    set_status(page, "Đang xét duyệt")
    shot(page, "05-gui-duyet")
    field(page, "draft").click()
    save(page)
    set_status(page, "Sẵn sàng")
    publish(page, project, branch)
    shot(page, "06-cong-bo")
    assert git(project, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert branch not in git(project, "branch", "--list", "cms/*")

    vi = (project / f"{key}.vi.md").read_text(encoding="utf-8")
    ident = re.search(r"^id: (\S+)$", vi, re.M).group(1)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", ident)
    assert vi == f"""---
id: {ident}
title: "{title}"
date: 2026-11-20 09:30
unit: qk5
topics: [cds, cchc]
summary: "Đoàn công tác kiểm tra kết quả chuyển đổi số của lực lượng vũ trang thành phố Đà Nẵng."
authors: ["Tin, ảnh: MINH ANH"]
source: {{name: "qdnd.vn", url: "https://www.qdnd.vn"}}
image: images/2026/11/anh-hoi-nghi-da-nang.png
caption: "Đoàn công tác làm việc tại Bộ Chỉ huy Quân sự thành phố Đà Nẵng"
slug: qk5-kiem-tra-cds-da-nang
draft: false
---

Ngày 20/11, đoàn công tác của Quân khu 5 kiểm tra kết quả chuyển đổi số tại Bộ Chỉ huy Quân sự thành phố Đà Nẵng.

Đoàn ghi nhận nhiều cách làm mới trong giải quyết thủ tục hành chính.
"""
    en = (project / f"{key}.en.md").read_text(encoding="utf-8")
    vi_body = vi.split("---\n", 2)[2]
    assert en == f"""---
title: "Military Region 5 inspects digital transformation in Da Nang"
translated_from: {fingerprint(title, vi_body)}
---

On 20 November a delegation of Military Region 5 inspected digital transformation at the Da Nang City Military Command.
"""
    stored = project / "docs" / "images" / "2026" / "11" / "anh-hoi-nghi-da-nang.png"
    assert stored.read_bytes() == PICTURE.read_bytes()
    assert "Ảnh" not in git(project, "ls-files", "docs/images")
    assert git(project, "status", "--porcelain") == ""       # everything committed
    check = bulletin_check(project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert key.split("/")[-1] not in check.stdout + check.stderr   # not even a warning about it
    site = sites.build_ok(project, now=NOW)
    html = site.read("2026/11/qk5-kiem-tra-cds-da-nang/index.html")
    assert title in html and "images/2026/11/anh-hoi-nghi-da-nang.png" in html and "MINH ANH" in html
    assert "Military Region 5 inspects" in site.read("en/2026/11/qk5-kiem-tra-cds-da-nang/index.html")
    assert site.exists("images/2026/11/anh-hoi-nghi-da-nang.png")
    assert recorder.third_party() == []
    assert errors == []


def test_edit_a_seed_article_and_add_its_english_translation(workspace, editor):
    page, recorder, errors = editor
    project = workspace["project"]
    key = f"articles/{SEED_WITHOUT_TRANSLATION}"
    before = yaml.safe_load((project / f"{key}.vi.md").read_text(encoding="utf-8").split("---\n")[1])
    body_before = (project / f"{key}.vi.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert not (project / f"{key}.en.md").exists()
    sign_in(page, workspace["base"])
    page.goto(workspace["base"] + f"quan-tri/#/collections/articles/entries/{SEED_WITHOUT_TRANSLATION}")
    page.wait_for_function("() => (document.querySelector('[id^=\"summary-field-\"]') || {}).value")
    page.get_by_text("Đã công bố").first.wait_for()           # the entry's status: loaded in full
    summary = "Bộ Quốc phòng sơ kết 5 năm cải cách hành chính và chuyển đổi số (2021–2025)."
    field(page, "summary").fill(summary)
    english = "Ministry of National Defence reviews five years of administrative reform and digital transformation"
    field(page, "title", 1).fill(english)
    field(page, "summary", 1).fill("A review of 2021–2025.")
    markdown(page, 1).click()
    page.keyboard.type("The Ministry of National Defence reviewed administrative reform and digital "
                       "transformation in 2021–2025.")
    field(page, "translation_checked", 1).click()
    save(page)
    branch = f"cms/articles/{SEED_WITHOUT_TRANSLATION}"
    assert summary in git(project, "show", f"{branch}:{key}.vi.md")
    set_status(page, "Đang xét duyệt")
    set_status(page, "Sẵn sàng")
    publish(page, project, branch)

    vi_text = (project / f"{key}.vi.md").read_text(encoding="utf-8")
    after = yaml.safe_load(vi_text.split("---\n")[1])
    assert after == {**before, "summary": summary}           # only the summary changed
    assert vi_text.split("---\n", 2)[2] == body_before        # the text is untouched
    en = yaml.safe_load((project / f"{key}.en.md").read_text(encoding="utf-8").split("---\n")[1])
    assert en == {"title": english, "summary": "A review of 2021–2025.",
                  "translated_from": fingerprint(before["title"], body_before)}
    check = bulletin_check(project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert SEED_WITHOUT_TRANSLATION.split("/")[-1] not in check.stdout + check.stderr
    site = sites.build_ok(project, now=NOW)
    en_pages = [p for p in site.html_files() if english in p.read_text(encoding="utf-8")]
    assert any(p.relative_to(site.site).parts[0] == "en" for p in en_pages)
    assert recorder.third_party() == []
    assert errors == []


def test_a_missing_required_field_is_refused_in_the_form(workspace, editor):
    page, recorder, errors = editor
    project = workspace["project"]
    branches_before = git(project, "branch", "--list")
    head_before = git(project, "rev-parse", "HEAD")
    sign_in(page, workspace["base"])
    page.goto(workspace["base"] + "quan-tri/#/collections/articles/new")
    field(page, "title").fill("Tin thiếu đơn vị và chủ đề")
    markdown(page, 0).click()
    page.keyboard.type("Nội dung của một tin chưa chọn đơn vị.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Đơn vị bắt buộc nhập.").wait_for()
    page.get_by_text("Chủ đề bắt buộc nhập.").wait_for()
    shot(page, "07-thieu-truong")
    assert git(project, "branch", "--list") == branches_before and git(project, "rev-parse", "HEAD") == head_before
    # a slug the build would refuse is refused here too, with the schema's pattern
    field(page, "slug").fill("Tổng kết")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Chỉ chữ thường không dấu").first.wait_for()
    assert git(project, "branch", "--list") == branches_before
    assert recorder.third_party() == []
