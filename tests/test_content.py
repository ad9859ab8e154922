"""products/content.py: product files are read strictly, like the project's YAML files."""

import pytest

from generator.errors import ConfigError, GeneratorError
from generator.products.content import read_product, read_products

FIGURES = {"cases-solved-2021"}


def product(tmp_path, front: str, body: str = "正文[[fig:cases-solved-2021]]。\n"):
    path = tmp_path / "a-leaflet.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def test_a_duplicate_key_is_an_error_naming_file_and_line(tmp_path):
    """A second title: no longer wins silently."""
    path = product(tmp_path, "title: 第一个标题\ndate: 2022-04-15\ntitle: 第二个标题\n")
    with pytest.raises(ConfigError, match=rf"{path}:4: front matter: duplicate key 'title'"):
        read_product(path, "leaflet", FIGURES)


@pytest.mark.parametrize("written", ["0755", "44.10", "NO", "2022-04-15", "1e3"])
def test_scalars_stay_as_written(tmp_path, written):
    """0755 stays 0755 (not 493), NO stays NO (not False), 44.10 stays 44.10."""
    path = product(tmp_path, f"title: 标题\ndate: 2022-04-15\nshort_title: {written}\ntopics: [{written}]\n")
    meta = read_product(path, "post", FIGURES).meta
    assert meta["short_title"] == written and meta["topics"] == [written]
    assert meta["date"] == "2022-04-15"


@pytest.mark.parametrize("written, value", [("true", True), ("yes", True), ("false", False), ("No", False)])
def test_flags_are_yes_or_no(tmp_path, written, value):
    path = product(tmp_path, f"title: 标题\ndate: 2022-04-15\nlarge_print: {written}\n")
    assert read_product(path, "leaflet", FIGURES).meta["large_print"] is value


def test_a_flag_that_is_neither_is_an_error_with_its_line(tmp_path):
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\nlarge_print: maybe\n")
    with pytest.raises(ConfigError, match=rf"{path}:4: large_print is true or false, not 'maybe'"):
        read_product(path, "leaflet", FIGURES)


def test_a_date_must_be_written_as_a_date(tmp_path):
    path = product(tmp_path, "title: 标题\ndate: 15/04/2022\n")
    with pytest.raises(ConfigError, match="front matter needs a date"):
        read_product(path, "leaflet", FIGURES)


def test_a_mistyped_id_gets_a_did_you_mean_and_a_reference_in_a_title_names_the_field(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: 破获[[fig:cases-solved-2021]]起\ndate: 2024-01-01\nfigures: [cases-solvd-2021]\n"
                    "---\n\n共破获[[fig:cases-solved-2012]]。\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_product(path, "leaflet", {"cases-solved-2021", "calls-blocked-2021"})
    message = str(error.value.message)
    assert f"{path}:7: unknown figure id 'cases-solved-2012'; did you mean 'cases-solved-2021'?" in message
    assert f"{path}:4: front matter lists unknown figure id 'cases-solvd-2021'; did you mean" in message
    assert f"{path}:2: front matter `title` cannot cite a figure" in message


def test_a_number_is_found_on_its_own_line_not_inside_an_id():
    from generator.checking.verify import _written_at

    text = "---\nfigures: [cases-solved-2021]\n---\n见[[fig:cases-solved-2021]]。\n\n今年2021年破获\n"
    assert text.count("\n", 0, _written_at(text, "2021")) + 1 == 6


# --- decoding, line ends, empty products, front-matter types, nesting, images ------------------------

FRONT = "---\ntitle: 标题\ndate: 2022-04-15\n---\n"


def test_a_product_is_decoded_like_a_source(tmp_path):
    """UTF-16 with a BOM and GB18030 read as UTF-8 does; a CR-only file has lines."""
    body = "正文[[fig:cases-solved-2021]]。\n"
    for name, data in (("utf16.md", (FRONT + body).encode("utf-16")), ("gbk.md", (FRONT + body).encode("gb18030")),
                       ("mac.md", (FRONT + body).replace("\n", "\r").encode())):
        path = tmp_path / name
        path.write_bytes(data)
        product = read_product(path, "leaflet", FIGURES)
        assert product.meta["title"] == "标题" and product.refs[0].line == 5, name


@pytest.mark.parametrize("data, message", [
    (FRONT.encode() + "正文".encode() + b"\xff\xfe\x80\x81\xff" * 5, r"cannot be decoded: byte 45 \(0xff\) is not UTF-8"),
    (b"\x00\x01binary\x00" * 20, r"looks like a binary file, not text \(it contains NUL or control bytes: 0x00 at byte 0\)"),
])
def test_a_product_that_cannot_be_decoded_is_one_line_naming_file_and_byte(tmp_path, data, message):
    """A broken byte or a binary file in content/leaflets: one line with the file and the byte."""
    path = tmp_path / "broken.md"
    path.write_bytes(data)
    with pytest.raises(GeneratorError, match=rf"^{path}: {message}"):
        read_product(path, "leaflet", FIGURES)


def test_an_empty_product_is_refused_unless_it_is_a_draft(tmp_path):
    """No text after the front matter: refused, unless the product says draft: true."""
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\n", body="\n  \n")
    with pytest.raises(ConfigError, match=rf"{path}: has no text after its front matter; write it, or mark it "
                                          r"`draft: true`"):
        read_product(path, "leaflet", FIGURES)
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\ndraft: true\n", body="")
    assert read_product(path, "leaflet", FIGURES).meta["draft"] is True


def test_drafts_are_left_out_of_the_build(tmp_path):
    """A draft is read (and checked) but not built or published."""
    (tmp_path / "leaflets").mkdir()
    (tmp_path / "leaflets/ready.md").write_text(FRONT + "正文。\n", encoding="utf-8")
    (tmp_path / "leaflets/later.md").write_text("---\ntitle: 标题\ndate: 2022-04-15\ndraft: yes\n---\n",
                                                encoding="utf-8")
    assert [p.slug for p in read_products(tmp_path, FIGURES)] == ["ready"]


@pytest.mark.parametrize("front, message", [
    ("title: [一, 二]\n", r":2: title is one line of text, not a list"),
    ("title: 标题\ntopics: 全民反诈\n", r":3: topics is a list of texts \(\[a, b\]\), not text \('全民反诈'\)"),
    ("title: 标题\nfigures: [{id: x}]\n", r":3: figures is a list of texts .*, not a list of lists or mappings"),
    ("title: {a: b}\n", r":2: title is one line of text, not a mapping"),
])
def test_front_matter_values_of_the_wrong_type_are_named_with_their_line(tmp_path, front, message):
    """No TypeError from deep inside: the field, its line and what it should be."""
    path = product(tmp_path, front + "date: 2022-04-15\n")
    with pytest.raises(ConfigError, match=rf"{path}{message}"):
        read_product(path, "post", FIGURES)


def test_an_alias_in_front_matter_is_refused_where_it_is_written(tmp_path):
    """&t and *t in front matter: refused with the line of the anchor."""
    path = product(tmp_path, "title: &t 标题\ndate: 2022-04-15\nshort_title: *t\n")
    with pytest.raises(ConfigError, match=rf"{path}:2: front matter: YAML anchors"):
        read_product(path, "post", FIGURES)


@pytest.mark.parametrize("body", ["<table><tr><td>" * 50 + "深" + "</td></tr></table>" * 50,
                                  "> " * 400 + "深\n"])
def test_markdown_nested_too_deeply_is_refused_by_name(tmp_path, body):
    """50 nested tables (a RecursionError in WeasyPrint) or 400 nested quotes: refused before rendering."""
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\n", body=body)
    with pytest.raises(ConfigError, match=rf"^{path}: its Markdown nests .* elements deep .*more than the 24 "
                                          r"allowed \(\[build\] max_nesting in fanzha.toml\)$"):
        read_product(path, "briefing", FIGURES)
    assert read_product(path, "briefing", FIGURES, max_nesting=100_000).body_html


def test_an_image_in_a_products_markdown_is_refused_with_its_line(tmp_path):
    """It used to be dropped without a word (and a remote one is never fetched)."""
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\n", body="正文。\n\n![logo](https://example.org/a.png)\n")
    with pytest.raises(ConfigError, match=rf"{path}:7: an image in a product's Markdown is not shown"):
        read_product(path, "leaflet", FIGURES)
    # after figure references (shorter once replaced), the line is still the file's own
    body = "".join(f"第{n}段[[fig:cases-solved-2021]]。\n\n" for n in range(1, 6)) + "![logo](a.png)\n"
    path = product(tmp_path, "title: 标题\ndate: 2022-04-15\n", body=body)
    with pytest.raises(ConfigError, match=rf"{path}:15: an image in a product's Markdown is not shown"):
        read_product(path, "leaflet", FIGURES)
