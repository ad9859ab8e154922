"""fonts.py: the compact cuts of Noto CJK SC that PDFs and cards are set in."""

import pytest
from fontTools.ttLib import TTFont

from generator.rendering import fonts
from generator.rendering.pdf import render_pdf
from generator.rendering.readback import pdf_fonts, pdf_text

SANS = '<p lang="zh-CN" style="font-family: \'Fanzha Sans\', \'Noto Sans CJK SC\'">{}</p>'


GB2312 = {ord(bytes((row, cell)).decode("gb2312", "ignore") or "\0") for row in range(0xA1, 0xF8)
          for cell in range(0xA1, 0xFF)} - {0}


@pytest.fixture(name="fresh_fonts")
def fixture_fresh_fonts():
    """A test that changes the cache folder or the installed faces. Nothing to forget: the
    fonts are looked up anew by each build (no module keeps them), as in a new process."""
    yield


def embedded_families(pdf: bytes) -> set[str]:
    return {name.split("+", 1)[1] for name, _ in pdf_fonts(pdf)}


def test_every_face_is_cut_from_its_noto_cjk_sc_face():
    for face in fonts.compact_faces():
        font = TTFont(face.path)
        family = font["name"].getDebugName(1)
        assert family.startswith(("Noto Sans CJK SC", "Noto Serif CJK SC")), family
        assert ("Sans" in family) == (face.family == "Fanzha Sans")
        assert 10_000 < font["maxp"].numGlyphs < 13_000  # the installed face has 65,535
        cmap = font.getBestCmap()
        # every character of GB 2312 (6,763 hanzi and 682 symbols) and of the guidance is there
        assert len(GB2312) == 7445 and all(code in cmap for code in GB2312)
        assert all(ord(c) in cmap for c in "未知链接不点击，陌生来电不轻信。96110「」《》％")


def test_a_cut_is_the_same_bytes_every_time():
    face = fonts.compact_faces()[0]
    source, index = fonts.installed_face(fonts.FACES[(face.family, face.weight)])
    assert fonts.cut(source, index, fonts.characters()) == face.path.read_bytes()


def test_pages_are_set_in_the_compact_cut(tmp_path):
    pdf = render_pdf(SANS.format("防范电信网络诈骗，请拨打96110"), base_dir=tmp_path, roots=[tmp_path], name="p.html")
    assert embedded_families(pdf) == {"Fanzha-Sans"}
    assert "防范电信网络诈骗，请拨打96110" in pdf_text(pdf)


def test_a_character_outside_the_cut_is_set_from_the_installed_font(tmp_path):
    """A rare character is not in the cut: it comes from the full Noto CJK SC."""
    text = "诈骗龘靐齉"  # the first two from the cut, the others from the installed font
    assert [ord(c) in fonts.characters() for c in text] == [True, True, False, False, False]
    pdf = render_pdf(SANS.format(text), base_dir=tmp_path, roots=[tmp_path], name="p.html")
    assert embedded_families(pdf) == {"Fanzha-Sans", "Noto-Sans-CJK-SC"}
    assert text in pdf_text(pdf)


def test_traditional_forms_are_in_the_cut(tmp_path):
    """A traditional-character edition is set in the same cut as the simplified one."""
    text = "電信網絡詐騙立案數下降"
    assert all(ord(c) in fonts.characters() for c in text)
    pdf = render_pdf(SANS.format(text), base_dir=tmp_path, roots=[tmp_path], name="p.html")
    assert embedded_families(pdf) == {"Fanzha-Sans"}
    assert text in pdf_text(pdf)


def test_a_missing_installed_font_is_named_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setitem(fonts.FACES, ("Fanzha Sans", 400), "No Such Font CJK:style=Regular")
    with pytest.raises(fonts.FontsMissing, match=r"No Such Font CJK:style=Regular is not installed .*fonts-noto-cjk"):
        fonts.installed_face(fonts.FACES[("Fanzha Sans", 400)])


def test_cuts_are_cached_under_a_name_that_follows_the_installed_font(monkeypatch, tmp_path, fresh_fonts):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = fonts.compact_faces()
    assert {face.path.parent for face in made} == {tmp_path / "fanzha" / "fonts"}
    assert all(face.path.is_file() for face in made)
    assert not list((tmp_path / "fanzha" / "fonts").glob("*.part"))  # written whole, then renamed
    names = [face.path.name for face in made]
    assert len(set(names)) == 4 and all(name.endswith(".otf") for name in names)


def test_one_font_configuration_a_process_gives_the_same_bytes_as_a_fresh_one(tmp_path):
    """The font configuration is kept for the life of a process: what was rendered before
    must not change a page's bytes, here or in a new process."""
    import subprocess
    import sys

    first, other = SANS.format("转账汇款多核实"), '<p style="font-weight: bold">个人信息不透露 詐騙</p>'
    before = render_pdf(first, base_dir=tmp_path, roots=[tmp_path], name="a.html")
    render_pdf(other, base_dir=tmp_path, roots=[tmp_path], name="b.html")
    assert render_pdf(first, base_dir=tmp_path, roots=[tmp_path], name="a.html") == before
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from generator.rendering.pdf import render_pdf; "
         "sys.stdout.buffer.write(render_pdf(sys.argv[1], base_dir=Path(sys.argv[2]), roots=[Path(sys.argv[2])], "
         "name='a.html'))", first, str(tmp_path)], capture_output=True, check=True).stdout
    assert fresh == before


def test_a_cut_unused_for_a_month_is_removed_a_recent_one_kept(monkeypatch, tmp_path, fresh_fonts):
    """Another version's cut may be in use by another checkout's build: only a cut unused for
    UNUSED_DAYS goes when a new one is made."""
    import os
    import time

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "fanzha" / "fonts"
    folder.mkdir(parents=True)
    old, recent = folder / "fanzha-sans-400-0000000000000000.otf", folder / "fanzha-sans-700-1111111111111111.otf"
    old.write_bytes(b"an older cut")
    recent.write_bytes(b"another checkout's cut")
    month_ago = time.time() - (fonts.UNUSED_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    made = fonts.compact_faces()
    assert sorted(folder.iterdir()) == sorted([recent, *(face.path for face in made)])


def test_a_build_without_the_installed_font_stops_and_keeps_the_output(project, monkeypatch, fresh_fonts):
    from click.testing import CliRunner

    from generator.cli import cli

    args = ["build", "--content", str(project / "content"), "--output", str(project / "output")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    before = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    monkeypatch.setitem(fonts.FACES, ("Fanzha Sans", 700), "No Such Font CJK:style=Bold")
    result = CliRunner().invoke(cli, args + ["--force"])
    assert result.exit_code == 2, result.output
    assert "No Such Font CJK:style=Bold is not installed" in result.output and "fonts-noto-cjk" in result.output
    assert {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()} == before


def test_an_unwritable_cache_is_a_clear_error(monkeypatch, tmp_path, fresh_fonts):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with pytest.raises(fonts.FontsMissing, match=r"could not keep the compact font in .*not-a-folder.*XDG_CACHE_HOME"):
        fonts.compact_faces()
