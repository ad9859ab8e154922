"""output/memory.py: what a build remembers for the next one, and the one scheme of keys."""

import json

from generator.output.memory import MARKER, BuildMemory, Counts, Keys, RenderEntry, input_digest, up_to_date


def project(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "content/a.md").write_text("一", encoding="utf-8")
    (tmp_path / "templates/t.html.j2").write_text("<p>{{ x }}</p>", encoding="utf-8")
    return tmp_path / "content", tmp_path / "templates"


def test_the_input_digest_sees_content_templates_and_configuration(tmp_path):
    content, templates = project(tmp_path)
    first = input_digest(content, templates)
    assert input_digest(content, templates) == first
    for path, text in ((content / "a.md", "二"), (templates / "t.html.j2", "<p></p>"),
                       (tmp_path / "fanzha.toml", "[site]\n")):
        path.write_text(text, encoding="utf-8")
        assert input_digest(content, templates) != first, path
        first = input_digest(content, templates)
    (content / "a.md").rename(content / "b.md")  # a renamed file is another input
    assert input_digest(content, templates) != first


def test_keys_differ_by_kind_and_parts():
    keys = Keys(["fanzha-sans-400-abc.otf"])
    assert keys.key("render", "<p>") == Keys(["fanzha-sans-400-abc.otf"]).key("render", "<p>")
    assert keys.key("render", "<p>") != keys.key("check", "<p>")
    assert keys.key("check", "a", "b") != keys.key("check", "ab")
    assert keys.key("render", "<p>") != Keys(["fanzha-sans-400-def.otf"]).key("render", "<p>")  # another font


def test_memory_round_trip_and_an_unreadable_one_is_empty(tmp_path):
    memory = BuildMemory("digest", Counts(5, 248, 155, 56), {"leaflets/a.html": RenderEntry("k", ("leaflets/a.pdf",))},
                         {"x": 42})
    (tmp_path / MARKER).write_text(memory.to_json(), encoding="utf-8")
    assert BuildMemory.read(tmp_path) == memory
    (tmp_path / MARKER).write_text(json.dumps({"inputs": "old format"}), encoding="utf-8")
    assert BuildMemory.read(tmp_path) == BuildMemory()
    assert BuildMemory.read(tmp_path / "missing") == BuildMemory()


def test_up_to_date_only_when_the_inputs_are_those_of_the_last_build(tmp_path):
    content, templates = project(tmp_path)
    output = tmp_path / "output"
    output.mkdir()
    assert not up_to_date(content, templates, output)
    (output / MARKER).write_text(BuildMemory(input_digest(content, templates)).to_json(), encoding="utf-8")
    assert up_to_date(content, templates, output)
    (content / "a.md").write_text("改", encoding="utf-8")
    assert not up_to_date(content, templates, output)
