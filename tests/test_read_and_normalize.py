"""Reading files, the date header, folding and the offset map back to the original text."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import InputError
from kg.normalize import align, fold, split_sentences
from kg.read import read_document
from tests.conftest import SEEDS


def test_fold_ignores_zwnj_spaces_and_arabic_letters():
    assert fold("رئیس‌جمهور") == fold("رئیسجمهور") == fold("رييس جمهور") == "رییسجمهور"
    assert fold("۲۷ آبان") == "27ابان"


def test_date_header_shares_the_headline_line():
    doc = read_document(SEEDS / "001_83d44a5f0073696e.txt")
    assert doc.date == dt.date(2025, 11, 18) and doc.date_source == "header"
    assert doc.text[doc.body_start:].startswith("معاون اول رئیسجمهور")


def test_every_token_points_at_its_characters_in_the_original_file():
    doc = read_document(SEEDS / "000_24ab0886f2815aba.txt")   # Arabic ي/ك, double spaces
    sentences = split_sentences(doc.text, doc.body_start)
    for sentence in sentences:
        for token in sentence.tokens:
            assert fold(doc.text[token.start:token.end]) == token.key
    first = sentences[0]
    assert first.text.startswith("گردهمايي روساي نمايندگي هاي")


def test_headlines_are_sentences_of_their_own():
    doc = read_document(SEEDS / "002_012c5d34e2e930a6.txt")
    texts = [s.text for s in split_sentences(doc.text, doc.body_start)]
    assert "بررسی آخرین تحولات غزه در گفتوگوی عراقچی و رئیس دفتر سیاسی حماس" in texts


def test_align_bridges_length_changes():
    original, normalized = "a...b  ك", "a…b ک"
    mapping = align(original, normalized)
    assert mapping[0] == 0 and mapping[2] == 4 and mapping[4] == 7


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"\x00\x01binary", "binary file, not text"),
    ("ñandú".encode("latin-1"), "not UTF-8 (bad byte at position 0) nor Windows-1256 Persian"),
    (b"date 2025-13-01 x", "malformed date line: '2025-13-01' is not a calendar date"),
    (b"date 18/11/2025 x", "malformed date line: expected 'date YYYY-MM-DD', got 'date 18/11/2025'"),
    (b"date 2025-11-18\n  \n", "no text after the date line"),
    ("\u200c\u200f \u200c\n\u200f".encode("utf-8"), "empty file"),
    ("\ufeff".encode("utf-8"), "empty file"),
    ("café au lait".encode("latin-1"), "not UTF-8 (bad byte at position 3) nor Windows-1256 Persian"),
    (bytes(range(256)) * 4, "binary file, not text"),
    (b"\xff\xfe\x00\xd8", "UTF-16 that does not decode (bad bytes at position 2)"),
])
def test_bad_input_is_one_clear_error_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: {reason}"


def test_presentation_forms_and_persian_percent_fold_like_letters_and_percent():
    assert fold("ﺳﻼﻡ") == fold("سلام") and fold("۵٪") == fold("5%")
    text = "ﺳﻼﻡ ۵٪ “نقل”"
    for sentence in split_sentences(text):
        for token in sentence.tokens:
            assert fold(text[token.start:token.end]) == token.key
