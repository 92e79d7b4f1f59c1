"""Text nobody controls: odd encodings, control characters, odd file names, mixed into good files.

Each hostile file gets a correct build or one line naming it and the reason; the
rest of the build completes; offsets still slice the original file.
"""
from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ElementTree

import pytest
from pyoxigraph import Store
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.pipeline import extract
from kg.store import current_generation, doc_graph_ids

runner = CliRunner()

MEETING = "عباس عراقچی وزیر امور خارجه ایران روز دوشنبه در تهران با سرگئی لاوروف دیدار کرد."
MEETING_TYPE = ("Meeting", ("araghchi",), ("lavrov",))


def _events(doc):
    return {(e.type, tuple(e.actor_ids), tuple(e.target_ids)) for e in doc.events}


def _original(path) -> str:
    """The file as a user reads it: newline='' keeps CR, utf-8 keeps the BOM."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _assert_offsets_slice_the_file(doc, original: str):
    for event in doc.events:
        sentence = doc.sentences[event.sentence]
        assert original[sentence.start:sentence.end] == sentence.text
        assert original[event.trigger_start:event.trigger_end] in sentence.text


@pytest.mark.parametrize("content", [
    ("date 2025-11-17\r\nخبر\r\n" + MEETING + "\r\n").encode("utf-8"),          # CRLF
    ("date 2025-11-17\rخبر\r" + MEETING + "\r").encode("utf-8"),                # old Mac CR
    ("\ufeffdate 2025-11-17\nخبر\n" + MEETING + "\n").encode("utf-8"),         # BOM
    ("\ufeff\r\n" + MEETING).encode("utf-8"),
])
def test_offsets_count_the_characters_of_the_file_with_crlf_and_bom(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    doc = extract(path)
    assert MEETING_TYPE in _events(doc)
    _assert_offsets_slice_the_file(doc, _original(path))
    meeting = next(e for e in doc.events if e.type == "Meeting")
    assert _original(path)[meeting.trigger_start:meeting.trigger_end] == "دیدار"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_utf16_and_windows_1256_are_decoded(tmp_path, encoding):
    path = tmp_path / "old.txt"
    arabic_letters = MEETING.replace("ی", "ي").replace("ک", "ك")      # as Windows-1256 writes Persian
    path.write_bytes(("date 2025-11-17 " + arabic_letters).encode(encoding))
    doc = extract(path)
    assert MEETING_TYPE in _events(doc)
    text = path.read_bytes().decode(encoding)
    meeting = next(e for e in doc.events if e.type == "Meeting")
    assert text[meeting.trigger_start:meeting.trigger_end] == "ديدار"


def test_control_characters_become_spaces_and_results_stay_valid_xml(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    text = "عباس عراقچی\x01 وزیر امور خارجه ایران \x1b[31mدر تهران با سرگئی لاوروف\x0b دیدار کرد.\x00"
    (sources / "ctl.txt").write_bytes(text.encode("utf-8").replace(b"\x00", b""))
    store = tmp_path / "store"
    build([sources], store)
    result = runner.invoke(app, ["query", "queries/events.rq", "--store", str(store), "--format", "xml"])
    assert result.exit_code == 0, result.output
    tree = ElementTree.parse(io.StringIO(result.stdout))
    sentences = [b.findtext("{*}literal") for b in tree.iter("{http://www.w3.org/2005/sparql-results#}binding")
                 if b.get("name") == "sentence"]
    assert sentences and all("\x1b" not in s and "\x01" not in s and "\x0b" not in s for s in sentences)
    table = runner.invoke(app, ["query", "queries/events.rq", "--store", str(store)])
    assert "\x1b" not in table.stdout


def test_superscript_digits_do_not_break_the_date_reader(tmp_path):
    path = tmp_path / "sup.txt"
    path.write_text("عراقچی در مسکو ² با لاوروف دیدار کرد. ۲۷ ²³ ۱۴۰۴", encoding="utf-8")
    doc = extract(path)
    assert ("Meeting", ("araghchi",), ("lavrov",)) in _events(doc)


NAMES = ["with space", "quote\"d", "angle<b>", "hash#1", "p%20", "bad%zz", "خبر فارسی", "-leading-dash",
         "back\\slash", "x" * 200, "pipe|caret^tick`", "{brace}"]


def test_any_file_name_makes_valid_iris_and_the_id_comes_back(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    for name in NAMES:
        (sources / f"{name}.txt").write_text(MEETING, encoding="utf-8")
    store = tmp_path / "store"
    report = build([sources], store)
    assert not report.skipped and sorted(report.built) == sorted(NAMES)
    current = Store.read_only(str(current_generation(store)))
    assert doc_graph_ids(current) == sorted(NAMES)
    result = runner.invoke(app, ["query", "queries/events.rq", "--store", str(store), "--format", "csv"])
    docs = {line.split(",")[0].strip('"') for line in result.stdout.splitlines()[1:]}
    assert {n for n in NAMES if "," not in n and '"' not in n} <= docs
    export = runner.invoke(app, ["export", "--store", str(store), "--format", "nquads"])
    assert export.exit_code == 0
    Store().load(export.stdout_bytes, format=__import__("pyoxigraph").RdfFormat.N_QUADS)


def test_group_phrases_with_iri_breaking_characters(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("عراقچی با دیپلمات‹های ایرانی و گروه <|^`> دیدار کرد.", encoding="utf-8")
    sources = [path]
    store = tmp_path / "store"
    report = build(sources, store)
    assert report.built == ["g"]


def test_odd_entries_in_a_folder_are_reported_and_the_rest_is_built(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "good.txt").write_text(MEETING, encoding="utf-8")
    (sources / "UPPER.TXT").write_text(MEETING, encoding="utf-8")
    (sources / "folder.txt").mkdir()
    (sources / ".txt").write_text(MEETING, encoding="utf-8")
    os.symlink(sources / "loop.txt", sources / "loop.txt")
    os.symlink(sources / "gone", sources / "dangling.txt")
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(sources), "--store", str(store), "--ner", "rules"])
    assert result.exit_code == 1
    lines = sorted(l for l in result.stderr.splitlines() if l.startswith("kg:"))
    assert lines == sorted([
        f"kg: skipped {sources / '.txt'}: no name before '.txt' to identify the document",
        f"kg: skipped {sources / 'dangling.txt'}: symbolic link that leads nowhere (No such file or directory)",
        f"kg: skipped {sources / 'folder.txt'}: a folder, not a file",
        f"kg: skipped {sources / 'loop.txt'}: symbolic link that leads nowhere (Too many levels of symbolic links)",
    ])
    assert doc_graph_ids(Store.read_only(str(current_generation(store)))) == ["UPPER", "good"]


def test_quotes_angles_and_backslashes_in_the_text_round_trip(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    text = 'عراقچی با لاوروف دیدار کرد و گفت: «""" > < \\ "نقل" \\n» \u202eدیدار\u202c.'
    (sources / "q.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    build([sources], store)
    export = runner.invoke(app, ["export", "--store", str(store), "--format", "turtle"])
    import rdflib
    graph = rdflib.Graph().parse(data=export.stdout, format="turtle")
    assert any(str(o) == text[:-1] + "." or "«" in str(o) for o in graph.objects())


def test_a_long_line_is_read_in_pieces_with_offsets_into_the_file(tmp_path):
    """A file of one 59,000-character line where hazm rewrites '...' (the alignment of a piece
    costs its length squared: read whole, this took minutes)."""
    path, lines = tmp_path / "line.txt", tmp_path / "lines.txt"
    path.write_text(" ... ".join([MEETING] * 700), encoding="utf-8")
    lines.write_text(" ...\n".join([MEETING] * 700), encoding="utf-8")
    doc = extract(path)
    assert len(doc.text) > 59_000 and len(doc.events) == len(extract(lines).events) > 300
    _assert_offsets_slice_the_file(doc, _original(path))
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert doc.text[token.start:token.end].replace("\u200c", "") in sentence.text.replace("\u200c", "")


def test_a_file_too_large_for_an_article_is_refused_in_one_line_and_the_rest_built(tmp_path):
    from kg.read import MAX_ARTICLE_BYTES

    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "good.txt").write_text(MEETING, encoding="utf-8")
    with open(sources / "huge.txt", "wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)          # sparse: no disk, no time
    store = tmp_path / "store"
    report = build([sources], store)
    assert report.built == ["good"]
    assert [str(e) for e in report.skipped] == [
        f"{sources / 'huge.txt'}: 8 MB is too large for one article (the limit is 8 MB): split it, "
        "or give a .jsonl file of one article per line"]


def test_jsonl_is_read_line_by_line_with_a_bom_and_a_bad_line(tmp_path):
    import json as jsonlib

    path = tmp_path / "corpus.jsonl"
    lines = [jsonlib.dumps({"id": "a", "text": MEETING}, ensure_ascii=False).encode(), b"\xff\xfe bad",
             jsonlib.dumps({"id": "b", "text": MEETING}, ensure_ascii=False).encode()]
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    from kg.read import read_documents

    found = list(read_documents(path))
    assert [getattr(d, "id", str(d)) for d in found] == ["a", f"{path}:2: not UTF-8 (bad byte at position 0)", "b"]
