"""The unit registry of data/units/: what it holds, its history, and how it checks itself.

The registry's own checks are exercised on small registries written here (each a folder
data/units/ with files of its own), and each error must come as ``file:line: field: message``.
The real registry is checked for the facts the bulletin depends on (seven military regions, both
provincial maps, the merger dates), and a real build shows a broken registry's errors.
"""

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from bulletin.content import lineage
from bulletin.content.registry import Registry, RegistryError

from support import sites

REPO = Path(__file__).resolve().parents[2]
HEAD = "sources:\n  - {url: 'https://example.invalid/decision', what: test}\nunits:\n"
ROOT = "      - id: bqp\n        name: {vi: Bộ Quốc phòng, en: Ministry of National Defence}\n        parent: null\n"


@pytest.fixture(scope="module")
def real():
    return Registry.load(REPO / "data")


def write(tmp_path: Path, **files: str) -> Path:
    """A data folder: topics.yml and data/units/<name>.yml for each keyword (text after HEAD)."""
    data = tmp_path / "data"
    (data / "units").mkdir(parents=True)
    (data / "topics.yml").write_text("topics: []\n", "utf-8")
    for name, body in files.items():
        (data / "units" / f"{name}.yml").write_text(HEAD + textwrap.indent(textwrap.dedent(body), "  "), "utf-8")
    return data


def problems(data: Path) -> list[str]:
    with pytest.raises(RegistryError) as exc:
        Registry.load(data)
    return [str(p) for p in exc.value.problems]


# -- the real registry ---------------------------------------------------------------------------

def test_seven_military_regions_and_no_region_6_or_8(real):
    regions = sorted(u.id for u in real.units.values() if u.parent == "bqp" and u.id.startswith("qk")
                     and u.id[2:].isdigit())
    assert regions == ["qk1", "qk2", "qk3", "qk4", "qk5", "qk7", "qk9"]
    assert "qk6" not in real.units and "qk8" not in real.units
    assert set(real.removed) == {"qk6", "qk8"}
    assert "btl-thu-do" in real.units


def _commands(real, day):
    kinds = ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự thành phố", "Bộ Tư lệnh Thành phố Hồ Chí Minh",
             "Bộ Tư lệnh Thủ đô Hà Nội")
    return [u for u in real.units.values() if u.name.vi.startswith(kinds) and lineage.exists_on(u, day)]


def test_both_provincial_maps(real):
    # 63 provinces and cities until 30 June 2025 (Hà Nội's is the Capital command), 34 from 1 July 2025
    assert len(_commands(real, dt.date(2024, 6, 1))) == 63
    assert len(_commands(real, dt.date(2025, 6, 30))) == 63
    assert len(_commands(real, dt.date(2025, 7, 1))) == 34
    # the four examples of the published merger plan
    for old, new in (("qk2-ha-giang", "qk2-tuyen-quang"), ("qk2-yen-bai", "qk2-lao-cai"),
                     ("qk2-vinh-phuc", "qk2-phu-tho"), ("qk3-hoa-binh", "qk2-phu-tho"),
                     ("qk4-quang-binh", "qk4-quang-tri")):
        assert real.units[old].valid_to == dt.date(2025, 6, 30) and real.units[old].successors == (new,)
        assert lineage.exists_on(real.units[new], dt.date(2025, 7, 1))


def test_border_guard_44_commands_then_30_boards(real):
    guards = [u for u in real.units.values()
              if u.name.vi.startswith(("Bộ Chỉ huy Bộ đội Biên phòng", "Ban Chỉ huy Bộ đội Biên phòng"))]
    assert len([u for u in guards if lineage.exists_on(u, dt.date(2025, 6, 30))]) == 44
    board = [u for u in guards if lineage.exists_on(u, dt.date(2025, 7, 1))]
    assert len(board) == 30 and all(real.units[u.parent].name.vi.startswith(("Bộ Chỉ huy Quân sự", "Bộ Tư lệnh"))
                                    for u in board)


def test_corps_as_reorganised(real):
    assert real.units["qd-12"].valid_from == dt.date(2023, 12, 2)
    assert {p for p in lineage.predecessors(real, "qd-12")} == {"qd-1", "qd-2"}
    assert {p for p in lineage.predecessors(real, "qd-34")} == {"qd-3", "qd-4"}
    assert lineage.predecessors(real, "tchc-kt") == ["tchc", "tckt"]


def test_every_units_file_cites_sources(real):
    files = sorted((REPO / "data" / "units").glob("*.yml"))
    assert len(files) >= 8
    import yaml
    for f in files:
        raw = yaml.safe_load(f.read_text("utf-8"))
        assert raw["sources"] and all(s["url"].startswith(("https://", "http://", "../shared/")) for s in raw["sources"]), f


def test_names_find_the_unit_of_the_date(real):
    assert lineage.find(real, "Bộ đội Biên phòng tỉnh Lạng Sơn", dt.date(2023, 5, 4)) == ["bdbp-lang-son"]
    assert lineage.find(real, "Bo doi Bien phong tinh Lang Son", dt.date(2025, 11, 13)) == ["qk1-lang-son-bdbp"]
    # an old name leads to the unit that carried it on
    assert lineage.find(real, "Bộ CHQS tỉnh Hà Giang", dt.date(2026, 1, 5)) == ["qk2-tuyen-quang"]


def test_removed_id_suggests_the_real_regions(real):
    assert real.suggest_unit("qk6") == ["qk5", "qk7"]
    assert real.suggest_unit("qk8") == ["qk9", "qk7"]


# -- self-validation -----------------------------------------------------------------------------

def test_valid_small_registry_loads(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: old
        name: {vi: Đơn vị cũ, en: Old unit}
        parent: bqp
        valid_to: 2025-06-30
        successors: [new]
        change: merged
      - id: new
        name: {vi: Đơn vị mới, en: New unit}
        parent: bqp
    """)
    reg = Registry.load(data)
    assert lineage.unit_problem(reg, "old", dt.date(2025, 6, 30)) is None
    assert "merged into 'new' (Đơn vị mới) on 2025-07-01" in lineage.unit_problem(reg, "old", dt.date(2025, 7, 1))


def test_dangling_parent_and_successor_with_file_and_line(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: qk4
        name: {vi: Quân khu 4, en: Military Region 4}
        parent: bqpp
      - id: old
        name: {vi: Cũ, en: Old}
        parent: bqp
        valid_to: 2025-06-30
        successors: [qk44]
        change: merged
    """)
    found = problems(data)
    assert "data/units/a.yml:9: qk4.parent: unknown parent unit 'bqpp'; did you mean 'bqp'?" in found
    assert "data/units/a.yml:14: old.successors: unknown successor unit 'qk44'; did you mean 'qk4'?" in found


def test_parent_cycle(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: x
        name: {vi: X, en: X}
        parent: y
      - id: y
        name: {vi: Y, en: Y}
        parent: x
    """)
    found = problems(data)
    assert any(p.startswith("data/units/a.yml:") and "the parent chain forms a cycle: " in p for p in found), found


def test_successor_cycle(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: x
        name: {vi: X, en: X}
        parent: bqp
        valid_to: 2024-12-31
        successors: [y]
        change: renamed
      - id: y
        name: {vi: Y, en: Y}
        parent: bqp
        valid_from: 2025-01-01
        valid_to: 2025-06-30
        successors: [x]
        change: renamed
    """)
    found = problems(data)
    assert any("the successors form a cycle: " in p and ("x → y → x" in p or "y → x → y" in p) for p in found), found


def test_overlapping_validity_of_a_renamed_unit(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: old
        name: {vi: Tên cũ, en: Old name}
        parent: bqp
        valid_to: 2025-01-31
        successors: [new]
        change: renamed
      - id: new
        name: {vi: Tên mới, en: New name}
        parent: bqp
        valid_from: 2025-01-01
    """)
    found = problems(data)
    assert ("data/units/a.yml:10: old.valid_to: overlapping validity: 'old' (— – 2025-01-31) was renamed 'new', "
            "which exists 2025-01-01 – —") in found


def test_successor_must_take_over_the_next_day(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: old
        name: {vi: Cũ, en: Old}
        parent: bqp
        valid_to: 2025-06-30
        successors: [new]
        change: merged
      - id: new
        name: {vi: Mới, en: New}
        parent: bqp
        valid_from: 2025-09-01
    """)
    assert any("successor 'new' does not exist on 2025-07-01, the day after 'old' ended" in p for p in problems(data))


def test_alias_of_two_units_at_the_same_time_is_an_error_in_both_files(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: bp-a
        name: {vi: Bộ đội Biên phòng tỉnh A, en: A Border Guard}
        aliases: [Biên phòng A]
        parent: bqp
    """, b="""\
      - id: bp-b
        name: {vi: Đồn Biên phòng B, en: B Post}
        aliases: [Bien phong A]
        parent: bqp
    """)
    found = problems(data)
    assert any(p.startswith("data/units/b.yml:") and "'Bien phong A' is also a name of 'bp-a' (data/units/a.yml:" in p
               for p in found), found


def test_same_alias_at_different_times_is_fine(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: bp-old
        name: {vi: Bộ Chỉ huy Bộ đội Biên phòng tỉnh A, en: A Border Guard Command}
        aliases: [Bộ đội Biên phòng tỉnh A]
        parent: bqp
        valid_to: 2025-06-30
        successors: [bp-new]
        change: merged
      - id: bp-new
        name: {vi: Ban Chỉ huy Bộ đội Biên phòng tỉnh A, en: A Border Guard Board}
        aliases: [Bộ đội Biên phòng tỉnh A]
        parent: bqp
        valid_from: 2025-07-01
    """)
    reg = Registry.load(data)
    assert lineage.find(reg, "bo doi bien phong tinh a", dt.date(2025, 7, 1)) == ["bp-new"]
    assert lineage.find(reg, "bo doi bien phong tinh a", dt.date(2025, 6, 30)) == ["bp-old"]


def test_parent_that_ended_before_its_unit(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: dept
        name: {vi: Tổng cục cũ, en: Old department}
        parent: bqp
        valid_to: 2025-02-04
        successors: [dept2]
        change: merged
      - id: dept2
        name: {vi: Tổng cục mới, en: New department}
        parent: bqp
        valid_from: 2025-02-05
      - id: hospital
        name: {vi: Bệnh viện, en: Hospital}
        parent: dept
    """)
    assert ("data/units/a.yml:19: hospital.parent: parent 'dept' ended on 2025-02-04 but 'hospital' still exists: "
            "set parent to its successor 'dept2'") in problems(data)


def test_reusing_a_removed_id_and_missing_sources(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: qk6
        name: {vi: Quân khu 6, en: Military Region 6}
        parent: bqp
    """)
    with (data / "units" / "a.yml").open("a", encoding="utf-8") as f:
        f.write("removed:\n  - id: qk6\n    reason: {vi: không có Quân khu 6, en: there is no Military Region 6}\n")
    (data / "units" / "b.yml").write_text("units:\n  - id: x\n    name: {vi: X, en: X}\n    parent: bqp\n", "utf-8")
    found = problems(data)
    assert any(p.startswith("data/units/a.yml:7: qk6.id: id 'qk6' was removed (data/units/a.yml:") for p in found), found
    assert ("data/units/b.yml:1: sources: expected a list of public sources [{url: …, what: …}] for the units of "
            "this file") in found


def test_unknown_field_and_bad_date(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: x
        name: {vi: X, en: X}
        parent: bqp
        valid_until: 2025-06-30
      - id: y
        name: {vi: Y, en: Y}
        parent: bqp
        valid_to: "30/6/2025"
    """)
    found = problems(data)
    assert "data/units/a.yml:10: x.valid_until: unknown field; did you mean 'valid_to'?" in found
    assert "data/units/a.yml:14: y.valid_to: expected a date like 2025-07-01 but received '30/6/2025'" in found


def test_a_build_with_a_broken_registry_reports_file_and_line(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    broken = project / "data" / "units" / "quan-khu-2.yml"
    text = broken.read_text("utf-8").replace("successors: [qk2-tuyen-quang]", "successors: [qk2-tuyen-quag]", 1)
    broken.write_text(text, "utf-8")
    line = text.splitlines().index("    successors: [qk2-tuyen-quag]") + 1
    result = sites.build(project)
    assert not result.ok
    assert (f"data/units/quan-khu-2.yml:{line}: qk2-ha-giang.successors: unknown successor unit 'qk2-tuyen-quag'; "
            "did you mean 'qk2-tuyen-quang'?") in result.log + result.error
    assert "Traceback" not in result.log + result.error


def test_an_unquoted_name_with_a_comma_is_an_error(tmp_path):
    data = write(tmp_path, a=ROOT + """\
      - id: ld-171
        name: {vi: Lữ đoàn 171, Vùng 2 Hải quân, en: Brigade 171}
        parent: bqp
    """)
    assert any(p.startswith("data/units/a.yml:8: ld-171.name: unexpected key(s) ['Vùng 2 Hải quân'] beside vi and en")
               for p in problems(data))
