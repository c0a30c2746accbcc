"""Generate N synthetic bulletin articles per language, deterministically, for benchmarks.

    python bench/generate.py DEST N [--seed S]

writes DEST/<year>/<key>.vi.md and DEST/<year>/<key>.en.md — a folder laid out like
``articles/`` — with N Vietnamese originals and their N English translations. Each original has
about 420 words of Vietnamese text with diacritics (lead, headings, a list, picture captions
marked ``{: .caption }``) and front matter valid for the schema: a unit id from data/units/
(spread over the whole tree; the unit as it was on the article's date), one to three topic ids
from data/topics.yml, a date in Vietnam time spread over five years (2021–2025), and for some
articles a summary, bylines or a source.
Each translation sets ``translated_from`` to the original's fingerprint, so it is not stale.

The same (N, seed) always gives the same bytes. The text is generated from phrase tables written
for this benchmark; it reads like a bulletin, it is not real news.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import uuid
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
try:
    from bulletin.content import lineage
    from bulletin.content.loader import fingerprint
    from bulletin.content.registry import Registry
    from bulletin.content.text import slugify
except ImportError:  # run with a Python that does not have the editable install
    sys.path.insert(0, str(REPO / "hooks"))
    from bulletin.content import lineage
    from bulletin.content.loader import fingerprint
    from bulletin.content.registry import Registry
    from bulletin.content.text import slugify

YEARS = (2021, 2022, 2023, 2024, 2025)
TARGET_WORDS = 420

# --- Vietnamese phrase tables -------------------------------------------------------------------

VI_EVENTS = [
    ("Hội nghị sơ kết", "preliminary review conference on"),
    ("Hội nghị tổng kết", "year-end review conference on"),
    ("Kiểm tra", "inspection of"),
    ("Tập huấn", "training course on"),
    ("Hội thảo", "workshop on"),
    ("Triển khai", "roll-out of"),
    ("Giao ban", "briefing on"),
    ("Khảo sát", "survey of"),
]
VI_WHEN = ["6 tháng đầu năm", "quý I", "quý II", "quý III", "năm", "giai đoạn 2021–2025", "đợt 1", "đợt 2"]
EN_WHEN = ["the first six months of", "the first quarter of", "the second quarter of", "the third quarter of",
           "the year", "the 2021–2025 period", "the first round of", "the second round of"]

VI_SUBJECTS = [
    "Đảng ủy, Bộ Chỉ huy", "Thủ trưởng cơ quan", "Ban Chỉ đạo cải cách hành chính", "Tổ công tác chuyển đổi số",
    "lãnh đạo, chỉ huy đơn vị", "các phòng, ban chức năng", "cán bộ, nhân viên văn thư", "đoàn công tác",
]
VI_VERBS = [
    "đã quán triệt", "tập trung thực hiện", "chủ động rà soát", "đẩy mạnh triển khai", "nghiêm túc đánh giá",
    "kịp thời điều chỉnh", "thường xuyên kiểm tra", "từng bước hoàn thiện", "xây dựng kế hoạch về",
]
VI_OBJECTS = [
    "quy trình giải quyết thủ tục hành chính nội bộ", "hệ thống quản lý văn bản và điều hành",
    "cơ sở dữ liệu quân nhân", "việc số hóa hồ sơ, tài liệu lưu trữ", "chữ ký số trên môi trường mạng",
    "Cổng dịch vụ công Bộ Quốc phòng", "phong trào “Bình dân học vụ số”", "hạ tầng mạng truyền số liệu quân sự",
    "việc cắt giảm, đơn giản hóa giấy tờ", "công tác bảo đảm an toàn thông tin", "ứng dụng định danh điện tử",
    "mô hình “Đơn vị số” ở cấp trung đoàn, lữ đoàn", "kỹ năng số cho cán bộ, chiến sĩ",
]
VI_RESULTS = [
    "bảo đảm đúng tiến độ, chất lượng", "góp phần nâng cao hiệu quả công tác tham mưu",
    "tạo chuyển biến rõ rệt về nhận thức và hành động", "giảm đáng kể thời gian xử lý công việc",
    "được cấp trên đánh giá cao", "phù hợp với điều kiện thực tế của đơn vị",
    "hình thành thói quen làm việc trên môi trường điện tử", "tiết kiệm chi phí in ấn, văn phòng phẩm",
]
VI_PEOPLE = [
    "Đại tá Nguyễn Văn Hùng", "Thượng tá Trần Quốc Toản", "Đại tá Lê Đức Thịnh", "Trung tá Phạm Thị Hằng",
    "Thiếu tướng Hoàng Minh Đức", "Đại tá Vũ Xuân Trường", "Thượng tá Đặng Ngọc Ánh", "Trung tá Bùi Quang Lượng",
]
VI_ROLES = ["Chính ủy", "Phó Tư lệnh", "Chỉ huy trưởng", "Phó Chủ nhiệm Chính trị", "Tham mưu trưởng",
            "Trưởng phòng Tham mưu", "Trưởng ban Chỉ đạo"]
EN_ROLES = ["Political Commissar", "Deputy Commander", "Commander", "Deputy Head of Politics", "Chief of Staff",
            "Head of the Staff Office", "Head of the Steering Committee"]
VI_HEADINGS = ["Kết quả nổi bật", "Những tồn tại, hạn chế", "Nhiệm vụ thời gian tới", "Cách làm hay",
               "Ý kiến tại hội nghị", "Kinh nghiệm rút ra", "Giải pháp trọng tâm"]
EN_HEADINGS = ["Main results", "Shortcomings", "Tasks ahead", "Good practice", "Views at the conference",
               "Lessons learned", "Key solutions"]
VI_CAPTIONS = ["Quang cảnh hội nghị.", "Đồng chí {person} phát biểu chỉ đạo.", "Các đại biểu dự hội nghị.",
               "Cán bộ {unit} thao tác trên hệ thống quản lý văn bản.", "Đoàn công tác kiểm tra tại đơn vị."]
EN_CAPTIONS = ["The conference.", "{person} gives directions.", "Delegates at the conference.",
               "Officers of the {unit} working on the document management system.",
               "The working group inspects the unit."]
VI_LIST = [
    "Hoàn thành {n}% hồ sơ công việc được lập và lưu trữ điện tử.",
    "Cắt giảm {n} thủ tục hành chính nội bộ không còn phù hợp.",
    "Tổ chức {n} lớp tập huấn kỹ năng số cho cán bộ, nhân viên.",
    "Đưa {n} dịch vụ công trực tuyến vào hoạt động.",
    "Kết nối {n} điểm cầu truyền hình hội nghị đến cấp cơ sở.",
    "Số hóa {n} nghìn trang tài liệu lưu trữ.",
]
EN_LIST = [
    "{n}% of work files created and stored electronically.",
    "{n} internal administrative procedures that no longer fit were cut.",
    "{n} digital-skills courses held for officers and staff.",
    "{n} online public services put into operation.",
    "{n} video-conference connection points linked down to grassroots level.",
    "{n} thousand pages of archived documents digitised.",
]
EN_SUBJECTS = [
    "The Party Committee and Command", "The heads of agencies", "The Administrative Reform Steering Committee",
    "The Digital Transformation Working Group", "The unit's leaders and commanders", "The functional offices",
    "Clerical officers and staff", "The working group",
]
EN_VERBS = [
    "thoroughly studied", "focused on", "proactively reviewed", "stepped up", "seriously assessed",
    "promptly adjusted", "regularly checked", "gradually improved", "drew up plans for",
]
EN_OBJECTS = [
    "internal administrative procedures", "the document management and executive system",
    "the service member database", "the digitisation of records and archives", "digital signatures on the network",
    "the MND Public Service Portal", "the “Digital Literacy for All” movement", "the military data network",
    "cutting and simplifying paperwork", "information security", "electronic identification",
    "the “Digital Unit” model at regiment and brigade level", "digital skills for officers and soldiers",
]
EN_RESULTS = [
    "on schedule and to the required quality", "making staff work more effective",
    "bringing a clear change in awareness and action", "cutting the time needed to handle work considerably",
    "which was highly rated by higher levels", "in line with the unit's actual conditions",
    "forming the habit of working in the electronic environment", "saving printing and stationery costs",
]
AUTHORS = ["Tin, ảnh: NGỌC THĂNG", "Bài, ảnh: MINH ĐỨC", "Tin: THU HÀ", "Tin, ảnh: SƠN CA", "Ảnh: QUANG HUY",
           "Nhóm phóng viên: HẢI ĐĂNG"]
SOURCES = [("Báo Quân đội nhân dân", "https://www.qdnd.vn"), ("Cổng thông tin điện tử Bộ Quốc phòng", "https://mod.gov.vn"),
           ("Tạp chí Quốc phòng toàn dân", None), ("Báo Biên phòng", "https://www.bienphong.com.vn")]


def _registry() -> tuple[list[dict], list[dict]]:
    """The units of data/units/ (with the dates each existed) and the topics, as plain mappings."""
    reg = Registry.load(REPO / "data")
    units = [{"id": u.id, "name": {"vi": u.name.vi, "en": u.name.en}, "short": {"vi": u.short.vi, "en": u.short.en},
              "valid_from": u.valid_from,
              "valid_to": u.valid_to} for u in reg.units.values()]
    topics = yaml.safe_load((REPO / "data" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    return units, topics


def _on(unit: dict, date: str, units: list[dict]) -> dict:
    """*unit* if it existed on *date*, else the unit that stood in its place then (its successor or
    predecessor in data/units/, found through the shared name), else the first unit that existed."""
    day = dt.date.fromisoformat(date[:10])

    def exists(u):
        return (u["valid_from"] or dt.date.min) <= day <= (u["valid_to"] or dt.date.max)

    if exists(unit):
        return unit
    reg = _on.registry = getattr(_on, "registry", None) or Registry.load(REPO / "data")
    for uid in lineage.successors_on(reg, unit["id"], day) + lineage.all_predecessors(reg, unit["id"]):
        other = next(u for u in units if u["id"] == uid)
        if exists(other):
            return other
    return next(u for u in units if exists(u))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _words(text: str) -> int:
    return len(text.split())


class _Writer:
    def __init__(self, rng: random.Random, unit: dict, topics: list[dict]):
        self.rng, self.unit, self.topics = rng, unit, topics
        self.person = rng.choice(VI_PEOPLE)
        self.role = rng.randrange(len(VI_ROLES))

    def pair_sentence(self) -> tuple[str, str]:
        r = self.rng
        s, v, o, res = (r.randrange(len(VI_SUBJECTS)), r.randrange(len(VI_VERBS)),
                        r.randrange(len(VI_OBJECTS)), r.randrange(len(VI_RESULTS)))
        vi = f"{VI_SUBJECTS[s][0].upper()}{VI_SUBJECTS[s][1:]} {VI_VERBS[v]} {VI_OBJECTS[o]}, {VI_RESULTS[res]}."
        en = f"{EN_SUBJECTS[s]} {EN_VERBS[v]} {EN_OBJECTS[o]}, {EN_RESULTS[res]}."
        return vi, en

    def paragraph(self, sentences: int) -> tuple[str, str]:
        pairs = [self.pair_sentence() for _ in range(sentences)]
        return " ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs)

    def quote(self) -> tuple[str, str]:
        topic = self.rng.choice(self.topics)
        vi = (f"Phát biểu tại buổi làm việc, {self.person}, {VI_ROLES[self.role]} {self.unit['name']['vi']}, "
              f"yêu cầu các cơ quan, đơn vị tiếp tục coi {topic['name']['vi'].lower()} là nhiệm vụ trọng tâm, "
              "gắn trách nhiệm của người đứng đầu với kết quả thực hiện.")
        en = (f"Speaking at the meeting, {self.person}, {EN_ROLES[self.role]} of the {self.unit['name']['en']}, "
              f"asked agencies and units to keep {topic['name']['en'].lower()} as a key task and to tie the "
              "responsibility of heads to the results.")
        return vi, en

    def caption(self) -> tuple[str, str]:
        i = self.rng.randrange(len(VI_CAPTIONS))
        vi = VI_CAPTIONS[i].format(person=self.person, unit=self.unit["short"]["vi"])
        en = EN_CAPTIONS[i].format(person=self.person, unit=self.unit["short"]["en"])
        return f"{vi}\n{{: .caption }}", f"{en}\n{{: .caption }}"

    def bullet_list(self) -> tuple[str, str]:
        idx = self.rng.sample(range(len(VI_LIST)), self.rng.randint(3, 5))
        nums = [self.rng.randint(3, 98) for _ in idx]
        vi = "\n".join("- " + VI_LIST[i].format(n=n) for i, n in zip(idx, nums))
        en = "\n".join("- " + EN_LIST[i].format(n=n) for i, n in zip(idx, nums))
        return vi, en


def _article(rng: random.Random, index: int, units: list[dict], topics: list[dict], used: set) -> tuple[str, str, str]:
    """→ (relative key path without language, Vietnamese file text, English file text)."""
    # Units: spread over the tree; the ministry and the regions get somewhat more news.
    unit = units[min(int(rng.paretovariate(0.6)) - 1, len(units) - 1)] if rng.random() < 0.3 else rng.choice(units)
    chosen = rng.sample(topics, rng.choice((1, 2, 2, 3)))
    year = rng.choice(YEARS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = f"{year}-{month:02d}-{day:02d}"
    unit = _on(unit, date, units)        # the unit as it was on the article's date
    if rng.random() < 0.4:
        date += f" {rng.randint(6, 21):02d}:{rng.choice((0, 15, 30, 45)):02d}"
    event = rng.randrange(len(VI_EVENTS))
    when = rng.randrange(len(VI_WHEN))
    topic = chosen[0]
    vi_title = f"{unit['name']['vi']}: {VI_EVENTS[event][0]} {topic['name']['vi'].lower()} {VI_WHEN[when]} {year}"
    en_title = (f"{unit['name']['en']}: {VI_EVENTS[event][1]} {topic['name']['en'].lower()} for "
                f"{EN_WHEN[when]} {year}")
    slug = slugify(vi_title)
    explicit_slug = None
    n = 2
    while (date[:7], slug) in used:  # one slug per month: a repeated headline gets its own `slug:`
        slug = explicit_slug = f"{slugify(vi_title, max_length=70)}-{n}"
        n += 1
    used.add((date[:7], slug))

    w = _Writer(rng, unit, chosen)
    vi_parts, en_parts = [], []

    def add(pair):
        vi_parts.append(pair[0])
        en_parts.append(pair[1])

    add(w.paragraph(2))
    add(w.quote())
    add(w.caption())
    add((f"## {VI_HEADINGS[h := rng.randrange(len(VI_HEADINGS))]}", f"## {EN_HEADINGS[h]}"))
    add(w.paragraph(3))
    add(w.bullet_list())
    add(w.paragraph(2))
    heading2 = (h + 1 + rng.randrange(len(VI_HEADINGS) - 1)) % len(VI_HEADINGS)
    add((f"## {VI_HEADINGS[heading2]}", f"## {EN_HEADINGS[heading2]}"))
    while _words("\n".join(vi_parts)) < TARGET_WORDS - 25:
        add(w.paragraph(rng.randint(2, 3)))
        if rng.random() < 0.25:
            add(w.caption())
    vi_body = "\n\n".join(vi_parts) + "\n"
    en_body = "\n\n".join(en_parts) + "\n"

    key = f"{year}-{month:02d}-{day:02d}-{unit['id']}-{slugify(VI_EVENTS[event][0])}-{index:05d}"
    art_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    vi_front = [f"id: {art_id}", f"title: {_q(vi_title)}", f"date: {date}", f"unit: {unit['id']}",
                "topics: [" + ", ".join(t["id"] for t in chosen) + "]"]
    if explicit_slug:
        vi_front.append(f"slug: {explicit_slug}")
    en_front = [f"title: {_q(en_title)}"]
    if rng.random() < 0.5:
        vi_front.append(f"summary: {_q(vi_parts[0].split('. ')[0].rstrip('.') + '.')}")
        en_front.append(f"summary: {_q(en_parts[0].split('. ')[0].rstrip('.') + '.')}")
    if rng.random() < 0.6:
        vi_front.append("authors: [" + ", ".join(_q(a) for a in rng.sample(AUTHORS, rng.choice((1, 1, 2)))) + "]")
    if rng.random() < 0.3:
        name, url = rng.choice(SOURCES)
        vi_front.append(f"source: {{name: {_q(name)}" + (f", url: {_q(url)}" if url else "") + "}")
    en_front.append(f"translated_from: {fingerprint(vi_title, vi_body)}")
    vi_text = "---\n" + "\n".join(vi_front) + "\n---\n\n" + vi_body
    en_text = "---\n" + "\n".join(en_front) + "\n---\n\n" + en_body
    return f"{year}/{key}", vi_text, en_text


def generate(dest: Path, n: int, seed: int = 1) -> None:
    """Write *n* Vietnamese articles and their *n* English translations under *dest*."""
    dest = Path(dest)
    units, topics = _registry()
    rng = random.Random(seed)
    used: set = set()
    for index in range(n):
        rel, vi_text, en_text = _article(rng, index, units, topics, used)
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_name(path.name + ".vi.md").write_text(vi_text, encoding="utf-8", newline="\n")
        path.with_name(path.name + ".en.md").write_text(en_text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write into (laid out like articles/)")
    parser.add_argument("n", type=int, help="number of articles per language")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be zero or more")
    generate(args.dest, args.n, args.seed)
    print(f"wrote {args.n} articles per language (vi + en) into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
