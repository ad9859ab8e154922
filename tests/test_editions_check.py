"""`fanzha check` and `publish` read every edition's output again, not only the default one's:
a number put into another edition's page after the build is found, and a copy of an edition's
site that differs from the one the check read is never published."""

import pytest
from click.testing import CliRunner
from test_editions import build, make_project

from generator.cli import cli

pytestmark = pytest.mark.slow

COUNTY_PAGE = "editions/county/site/leaflets/county-notice.html"


@pytest.fixture(name="built", scope="module")
def fixture_built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("editions-check") / "project")
    result = build(project)
    assert result.exit_code == 0, result.output
    return project


def run(project, *args):
    return CliRunner().invoke(cli, [*args, "--content", str(project / "content"), "--output", str(project / "output")])


def planted(project, path):
    """Put an untraced statistic into a built page; return a function that takes it out again."""
    page = project / "output" / path
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</main>", "<p>全县共立电信网络诈骗案件99起。</p></main>".encode(), 1))
    assert page.read_bytes() != original
    return lambda: page.write_bytes(original)


def test_check_reads_every_editions_files(built):
    result = run(built, "check")
    assert result.exit_code == 0, result.output
    checked = int(result.output.split("checked ")[1].split(" ")[0])
    manifests = sorted(p.relative_to(built / "output").as_posix() for p in (built / "output").rglob("manifest.json"))
    assert manifests == ["editions/county/manifest.json", "editions/hk/manifest.json", "manifest.json"]
    import json
    assert checked == sum(len(json.loads((built / "output" / m).read_text(encoding="utf-8"))) for m in manifests)


def test_a_number_put_into_another_editions_page_is_found(built, tmp_path):
    restore = planted(built, COUNTY_PAGE)
    try:
        result = run(built, "check")
        assert result.exit_code == 1
        assert f"{COUNTY_PAGE}: “99起”" in result.output, result.output
        published = run(built, "publish", "--to", str(tmp_path / "public"))
        assert published.exit_code == 1 and not (tmp_path / "public").exists(), published.output
    finally:
        restore()
    assert run(built, "check").exit_code == 0


def test_an_editions_copy_in_the_site_that_differs_is_not_published(built, tmp_path):
    restore = planted(built, "site/" + COUNTY_PAGE.replace("/site/", "/", 1))
    try:
        published = run(built, "publish", "--to", str(tmp_path / "public"))
        assert published.exit_code == 1 and "differs from" in published.output, published.output
        assert not (tmp_path / "public").exists()
    finally:
        restore()
