"""pdf.py: the sealed renderer."""

import re

import pytest

from generator.rendering.pdf import RenderError, render_pdf, subsetter_available
from generator.rendering.readback import pdf_fonts, pdf_text


def render(tmp_path, html):
    return render_pdf(html, base_dir=tmp_path, roots=[tmp_path], name="page.html")


def test_project_files_are_served_and_text_reads_back(tmp_path):
    (tmp_path / "style.css").write_text("p { color: #b00 }", encoding="utf-8")
    pdf = render(tmp_path, '<link rel="stylesheet" href="style.css"><p lang="zh-CN">拦截诈骗电话15.5亿次</p>')
    assert pdf.startswith(b"%PDF") and "拦截诈骗电话15.5亿次" in pdf_text(pdf)


@pytest.mark.parametrize("url", ["https://n.sinaimg.cn/finance/x.png", "http://127.0.0.1:9/x.css",
                                 "file:///etc/passwd", "ftp://example.org/x.png"])
def test_everything_outside_the_project_is_refused(tmp_path, url):
    tag = f'<link rel="stylesheet" href="{url}">' if url.endswith(("css", "passwd")) else f'<img src="{url}">'
    with pytest.raises(RenderError, match="was refused"):
        render(tmp_path, tag + "<p>正文</p>")


def test_a_missing_glyph_stops_the_render(tmp_path):
    """WeasyPrint only warns and the text still extracts: the render must fail instead."""
    with pytest.raises(RenderError, match="no installed font has a glyph"):
        render(tmp_path, '<p lang="zh-CN">测试 \U00013000</p>')


def test_cjk_font_is_embedded_as_a_subset(tmp_path):
    """Noto CJK is found and embedded as a subset (a full font would be about 32 MB)."""
    pdf = render(tmp_path, '<p lang="zh-CN" style="font-family: \'Noto Sans CJK SC\'">防范电信网络诈骗</p>')
    fonts = pdf_fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts)
    names = [name for name, _ in fonts]
    assert any(re.fullmatch(r"[A-Z]{6}\+Noto-Sans-CJK-SC", name) for name in names), names  # ABCDEF+ = a subset
    assert len(pdf) < 600_000
    assert subsetter_available(), "libharfbuzz-subset0 is missing: scripts/setup.sh installs it"


def test_png_bytes_are_a_valid_png_with_the_same_pixels():
    import io

    from PIL import Image, ImageDraw

    from generator.rendering.images import png_bytes

    image = Image.new("RGB", (301, 97), "#fffaf5")
    ImageDraw.Draw(image).rectangle((10, 10, 120, 60), fill="#a00000")
    ImageDraw.Draw(image).text((130, 30), "96110 ok", fill="#1a1a1a")
    data = png_bytes(image)
    assert data == png_bytes(image)  # the same bytes every time
    Image.open(io.BytesIO(data)).verify()  # chunk CRCs and structure
    back = Image.open(io.BytesIO(data))
    assert (back.mode, back.size) == ("RGB", (301, 97)) and back.tobytes() == image.tobytes()
    grey = png_bytes(image.convert("L"))  # other modes are written as RGB
    assert Image.open(io.BytesIO(grey)).convert("L").tobytes() == image.convert("L").tobytes()
