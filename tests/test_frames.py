"""Pages laid out once for every edition (rendering/frames.py).

A page that differs from an earlier edition's only inside its unit blocks (data-unit-slot) has
those blocks laid out alone and set into the earlier page's layout. The PDF must be byte for
byte the one a whole render makes; where a block would come out another size, or cannot be moved
as it is, the page is laid out whole.
"""

import shutil

import pytest
from click.testing import CliRunner
from conftest import CONTENT, make_small_project

from generator.cli import cli
from generator.rendering.fonts import compact_faces
from generator.rendering.frames import frame_key
from generator.rendering.pdf import PdfRenderer

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>提醒</title><meta name="author" content="{name}">
<style>
@page {{ size: 148mm 105mm; margin: 8mm; }}
body {{ font-family: "Fanzha Sans"; font-size: 12pt; }}
.band {{ background: #1f3a93; color: white; padding: 2mm; }}
.unit {{ width: 60mm; }}
.unit .tag {{ background: #ffd400; color: #1f3a93; }}
.row {{ display: flex; }}
.row > div {{ width: 50%; }}
.holder {{ position: relative; height: 20mm; }}
.pinned {{ position: absolute; right: 0; top: 0; }}
{css}
</style></head>
<body>
<div class="band"><div class="unit" data-unit-slot>{name}<span class="tag">反诈</span></div></div>
<p>{body}</p>
{extra}
</body></html>
"""
BODY = "陌生来电不轻信，转账汇款多核实。"


def page(name, body=BODY, css="", extra=""):
    return PAGE.format(name=name, body=body, css=css, extra=extra)


@pytest.fixture(name="renderers", scope="module")
def fixture_renderers(tmp_path_factory):
    """A renderer that shares layouts between pages (as a render worker does) and a fresh one
    for each whole render to compare with."""
    root = tmp_path_factory.mktemp("frames")
    faces = compact_faces()
    return root, (lambda: PdfRenderer([root], faces))


def render(renderer, root, html, shared=True):
    return renderer.render(html, base_dir=root, name="test", tagged=True, shared=shared)


def whole(renderers, html):
    root, make = renderers
    return render(make(), root, html, shared=False)


def test_a_page_differing_only_in_its_unit_block_is_set_into_the_first_pages_layout(renderers):
    root, make = renderers
    renderer = make()
    first, second, third = page("通山县反诈中心"), page("崇阳县反诈中心"), page("赤壁市反诈中心")
    assert render(renderer, root, first) == whole(renderers, first)
    assert render(renderer, root, second) == whole(renderers, second)
    assert render(renderer, root, third) == whole(renderers, third)
    assert (renderer.frames.whole, renderer.frames.set_in) == (1, 2)


def test_a_block_that_comes_out_another_size_lays_the_page_out_whole(renderers):
    root, make = renderers
    renderer = make()
    render(renderer, root, page("通山县反诈中心"))
    wrapped = page("通山县公安局反电信网络诈骗中心城区第一派出所")  # two lines in 60 mm
    assert render(renderer, root, wrapped) == whole(renderers, wrapped)
    assert (renderer.frames.whole, renderer.frames.set_in) == (2, 0)
    # and it is kept: a third page of the wrapped size is set into it
    render(renderer, root, page("崇阳县公安局反电信网络诈骗中心城区第二派出所"))
    assert renderer.frames.set_in == 1


def test_pages_that_differ_outside_their_blocks_never_share(renderers):
    root, make = renderers
    renderer = make()
    render(renderer, root, page("通山县反诈中心"))
    other = page("崇阳县反诈中心", body="个人信息不透露，未知链接不点击。")
    assert render(renderer, root, other) == whole(renderers, other)
    assert renderer.frames.set_in == 0


def test_a_block_stretched_by_its_container_is_never_set_in(renderers):
    """In a flex row the block is as tall as its taller neighbour: laid out alone it is not, so
    its size alone says nothing of its size on the page."""
    root, make = renderers
    renderer = make()
    row = ('<div class="row"><div class="unit-box" data-unit-slot>{}</div>'
           '<div>高<br>高<br>高<br>高</div></div>')
    first, second = (page("甲", extra=row.format(name)) for name in ("通山县反诈中心", "崇阳县反诈中心"))
    render(renderer, root, first)
    assert render(renderer, root, second) == whole(renderers, second)
    assert renderer.frames.set_in == 0


def test_a_block_holding_a_box_placed_from_outside_it_is_never_set_in(renderers):
    """The absolutely positioned tag is placed from .holder, outside the block: moving the block
    would not move it where a whole layout puts it."""
    root, make = renderers
    renderer = make()
    held = '<div class="holder"><div data-unit-slot><span class="pinned">{}</span></div></div>'
    first, second = (page("甲", extra=held.format(name)) for name in ("通山县反诈中心", "崇阳县反诈中心"))
    render(renderer, root, first)
    assert render(renderer, root, second) == whole(renderers, second)
    assert renderer.frames.set_in == 0


def test_a_block_with_backgrounds_below_the_top_is_set_in_with_them(renderers):
    """WeasyPrint places backgrounds when it lays a page out: a block moved from where it was
    laid out alone to where the frame has it gets its backgrounds placed again."""
    root, make = renderers
    renderer = make()
    footer = '<footer data-unit-slot style="background: #eef; margin-top: 20mm"><b class="tag">{}</b></footer>'
    css = ".tag { background: #d7000f; color: white; }"
    first, second = (page("甲", css=css, extra=footer.format(n)) for n in ("0715-2345601", "0715-2345602"))
    render(renderer, root, first)
    assert render(renderer, root, second) == whole(renderers, second)
    assert renderer.frames.set_in == 1


def test_the_key_is_what_the_page_holds_outside_its_blocks():
    import weasyprint

    def key(html):
        return frame_key(weasyprint.HTML(string=html).etree_element, "pdf/ua-1")

    base = key(page("通山县反诈中心"))
    assert key(page("崇阳县反诈中心")) == base  # inside the block, and the author's <meta>
    assert key(page("通山县反诈中心", body="个人信息不透露。")) != base
    assert key(page("通山县反诈中心", css=".unit { color: red; }")) != base
    assert key(page("通山县反诈中心").replace('class="unit" data-unit-slot', 'class="unit wide" data-unit-slot')) != base
    assert frame_key(weasyprint.HTML(string=page("甲")).etree_element, "pdf/x-4") != base


CITY = (('name = "示例县公安局反诈中心（样例，请替换）"', 'name = "咸宁市公安局反诈中心"'),
        ('short_name = "示例县反诈中心"', 'short_name = "咸宁反诈"'),
        ('number = "0000-0000000"', 'number = "0715-8000000"'),
        ('label = "示例派出所值班电话（样例，请替换）"', 'label = "市反诈中心咨询电话"'))
COUNTY = '\n[editions.{key}]\nname = "{name}县公安局反诈中心"\nshort_name = "{name}反诈"\n' \
         '[[editions.{key}.hotlines]]\nnumber = "0715-{number}"\nlabel = "县反诈中心咨询电话"\n'


@pytest.mark.slow
def test_a_city_and_its_counties_build_the_same_files_with_and_without_shared_layouts(tmp_path, monkeypatch):
    """Every product kind (A4 and tri-fold leaflets, screen and print, a post's cards, the briefing,
    the og:image) of three county editions beside the city's own: the same bytes either way, and
    most pages set into layouts another edition's page made."""
    project = make_small_project(tmp_path / "project")
    (project / "content/posts").mkdir()
    shutil.copy(CONTENT / "posts/cases-solved-2021.md", project / "content/posts/")
    shutil.copytree(CONTENT / "briefings", project / "content/briefings")
    toml = (project / "fanzha.toml").read_text(encoding="utf-8")
    for sample, city in CITY:
        toml = toml.replace(sample, city)
    toml += "".join(COUNTY.format(key=key, name=name, number=number) for key, name, number in
                    (("tongshan", "通山", "2345601"), ("chongyang", "崇阳", "2345602"), ("jiayu", "嘉鱼", "2345603")))
    (project / "fanzha.toml").write_text(toml, encoding="utf-8")

    def build(output):
        result = CliRunner().invoke(cli, ["build", "--content", str(project / "content"), "--output", str(output)])
        assert result.exit_code == 0, result.output
        return result.output

    said = build(tmp_path / "shared")
    monkeypatch.setenv("FANZHA_SHARE_LAYOUTS", "0")
    said_whole = build(tmp_path / "whole")
    assert "in layouts shared by editions" not in said_whole
    rendered = int(said.split(" PDF/card page(s) rendered")[0].rsplit(" ", 1)[1])
    shared = int(said.split(" in layouts shared by editions")[0].rsplit("(", 1)[1])
    per_edition = rendered // 4
    assert shared >= 2 * per_edition  # the first county may lay its pages out anew; the next two never
    files = {p.relative_to(tmp_path / "shared"): p.read_bytes() for p in (tmp_path / "shared").rglob("*") if p.is_file()}
    again = {p.relative_to(tmp_path / "whole"): p.read_bytes() for p in (tmp_path / "whole").rglob("*") if p.is_file()}
    assert files.keys() == again.keys()
    assert [str(path) for path in files if files[path] != again[path]] == []
    assert any(str(path).endswith("-trifold-print.pdf") for path in files)


def test_a_worker_keeps_its_first_layouts_when_it_can_keep_no_more(renderers):
    """Editions come one after another: the first pages' layouts are kept for the next edition
    (the latest would each be let go before their page came again)."""
    root, make = renderers
    renderer = make()
    renderer.frames.keep = 2
    bodies = ["未知链接不点击。", "陌生来电不轻信。", "个人信息不透露。"]
    for name in ("通山县反诈中心", "崇阳县反诈中心"):
        for body in bodies:
            render(renderer, root, page(name, body=body))
    assert (renderer.frames.whole, renderer.frames.set_in) == (4, 2)


@pytest.mark.parametrize("extra, css", [
    ('<ol><li>甲</li><li>乙</li><li data-unit-slot>{}</li></ol>', ""),  # numbered from hidden items
    ('<p class="a">前</p><p class="u" data-unit-slot>{}</p>', ".a + .u { color: #d7000f; }"),  # a sibling's class
    ('<p class="u" data-unit-slot>{}</p>', ".u { string-set: u content(); } @page { @top-center { content: string(u); } }"),
    ('<div class="f">浮动</div><p data-unit-slot>{}</p>', ".f { float: left; width: 30mm; height: 20mm; }"),
    ('<p style="break-before: page" data-unit-slot>{}<span class="n"></span></p>', ".n::after { content: counter(page); }"),
    ('<p data-unit-slot>{}<span style="float: footnote">注</span></p>', ""),
])
def test_what_a_block_owes_to_the_rest_of_the_page_is_never_lost(renderers, extra, css):
    """A block's list number, a selector on its neighbour, its text in the page margin, a float
    beside it, its page number, its footnote: set into another edition's layout or laid out
    whole, the page comes out as a whole render makes it."""
    root, make = renderers
    renderer = make()
    first, second = (page("甲", css=css, extra=extra.format(name)) for name in ("通山县反诈中心", "崇阳县反诈中心"))
    render(renderer, root, first)
    assert render(renderer, root, second) == whole(renderers, second)


def test_a_worker_out_of_memory_lets_its_kept_layouts_go_and_tries_the_page_again(renderers, monkeypatch):
    from generator.rendering import pool

    root, make = renderers
    renderer = make()
    render(renderer, root, page("通山县反诈中心"))
    assert renderer.frames.frames
    tries = []

    def short_of_memory(renderer, job, base_dir):
        tries.append(bool(renderer.frames.frames))
        if len(tries) == 1:
            raise MemoryError
        return "rendered"

    monkeypatch.setattr(pool, "run_job", short_of_memory)
    assert pool._run_with_room(renderer, None, root) == "rendered"
    assert tries == [True, False]
    with pytest.raises(MemoryError):  # nothing kept now: the page itself needed the memory

        def always_short(renderer, job, base_dir):
            raise MemoryError

        monkeypatch.setattr(pool, "run_job", always_short)
        pool._run_with_room(renderer, None, root)
