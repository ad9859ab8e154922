"""Sample values of the shipped fanzha.toml are named on every build until they are replaced, and an
edition that names another unit keeps neither the [unit]'s short name nor its logo."""

from conftest import CONTENT

from generator.config import load_config
from generator.samples import sample_values, summary

SAMPLE_UNIT = """[unit]
name = "示例县公安局反诈中心（样例，请替换）"
short_name = "示例县反诈中心"
logo = "logo.svg"
[[unit.hotlines]]
number = "0000-0000000"
label = "值班电话"
[[unit.qr]]
url = "https://fanzha.example.org/{page}"
label = "扫码核对数据来源"

[editions.county]
name = "通山县公安局反诈中心"
[[editions.county.hotlines]]
number = "0715-2345678"
label = "县反诈中心咨询电话"

[editions.town]
name = "通山县公安局某某派出所"
short_name = "某某派出所"
[[editions.town.qr]]
url = "https://tongshan.example.gov.cn/{page}"
label = "扫码核对"

[briefing]
send_to = ["各派出所（样例，请替换）", "县委政法委"]
"""


def test_every_sample_value_is_named_with_its_table(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (tmp_path / "fanzha.toml").write_text(SAMPLE_UNIT, encoding="utf-8")
    samples = sample_values(load_config(tmp_path))
    assert [(s.table, s.field, s.kept) for s in samples] == [
        ("unit", "name", False), ("unit", "short_name", False), ("unit", "hotlines[0] number", False),
        ("unit", "qr[0] url", False),
        ("editions.county", "qr[0] url", True),  # its own hotline replaces the sample; the QR is the [unit]'s
        ("editions.town", "hotlines[0] number", True),  # its own QR address is no sample (example.gov.cn)
        ("briefing", "send_to", False),
    ]
    assert "kept from [unit]" in str(samples[4]) and "'https://fanzha.example.org/{page}'" in str(samples[4])
    assert "7 sample value(s)" in summary(samples)
    assert "[unit], [editions.county], [editions.town], [briefing]" in summary(samples)


def test_an_edition_of_another_unit_keeps_neither_short_name_nor_logo(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (tmp_path / "fanzha.toml").write_text(SAMPLE_UNIT, encoding="utf-8")
    settings = load_config(tmp_path)
    county, town = settings.editions["county"].unit, settings.editions["town"].unit
    assert (county.short_name, county.logo) == ("", "")  # not 示例县反诈中心 nor the sample unit's emblem
    assert (town.short_name, town.logo) == ("某某派出所", "")
    assert county.qr == settings.unit.qr and town.hotlines == settings.unit.hotlines  # contacts are kept


def test_the_shipped_file_names_its_samples():
    """The shipped fanzha.toml is a sample on purpose: its samples are named, none is missed."""
    samples = sample_values(load_config(CONTENT.parent))
    assert {s.table for s in samples} == {"unit", "briefing"}
    assert {"name", "short_name", "hotlines[0] number", "hotlines[0] label", "qr[0] url"} <= {s.field for s in samples}


def test_strict_refuses_to_build_while_a_sample_value_would_be_printed(tmp_path):
    """--strict is the gate before printing: a sample unit stops it before any work, naming each value."""
    from click.testing import CliRunner

    from generator.cli import cli

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (tmp_path / "fanzha.toml").write_text(SAMPLE_UNIT, encoding="utf-8")
    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(cli, ["build", "--strict", "--content", str(tmp_path / "content"),
                                      "--output", str(tmp_path / "output")])
    assert result.exit_code == 1, result.output
    assert "--strict: 7 warning(s) fail the build:" in result.output
    assert "fanzha.toml [editions.county] qr[0] url is a sample value" in result.output
    assert not (tmp_path / "output").exists()
