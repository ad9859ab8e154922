"""products/content.py: product files are read strictly, like the project's YAML files."""

import pytest

from generator.errors import ConfigError
from generator.products.content import read_product

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
