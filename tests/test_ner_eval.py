"""`kg eval ner` on a small IOB file whose figures were computed by hand.

tests/data/ner_small.iob, rules backend:
  s1 عراقچی(pers) ✓, سرگئی لاوروف(pers) ✓, روسیه(loc) ✓ (the country a title names)
  s2 پیتر یانسن(PER) missed (no title, unknown), تهران(LOC) ✓
  s3 خبرگزاری ایرنا(org) ✓
  s4 gold سازمان(S-org) vs found سازمان ملل متحد: one spurious, one missed; ایران(loc) ✓
  pers 2/2 found, 2 of 3 gold; loc 3/3, 3 of 3; org 1 of 2 found, 1 of 2 gold
  micro: tp 6, fp 1, fn 2 → P 6/7 = 0.857, R 6/8 = 0.750, F1 0.800
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import ner_eval
from kg.cli import app
from kg.errors import KgError

GOLD = Path(__file__).parent / "data" / "ner_small.iob"
runner = CliRunner()


def test_hand_computed_figures(res):
    report = ner_eval.evaluate(GOLD, res)
    assert {k: (s.tp, s.fp, s.fn) for k, s in report.per_type.items()} == {
        "loc": (3, 0, 0), "org": (1, 1, 1), "pers": (3, 0, 0)}   # پیتر یانسن: a given name, then a surname
    assert (round(report.micro.precision, 3), round(report.micro.recall, 3), round(report.micro.f1, 3)) == \
        (0.875, 0.875, 0.875)
    assert dict(report.confusion) == {("pers", "pers"): 3, ("loc", "loc"): 3, ("org", "org"): 1,
                                      ("org", "-"): 1, ("-", "org"): 1}


@pytest.mark.parametrize("tags, spans", [
    (["B-PER", "I-PER", "O", "B-LOC"], {(0, 2, "pers"), (3, 4, "loc")}),          # IOB2, upper case
    (["I-org", "I-org", "B-org", "O"], {(0, 2, "org"), (2, 3, "org")}),           # IOB1
    (["B-pers", "E-pers", "S-loc", "O"], {(0, 2, "pers"), (2, 3, "loc")}),        # BIOES
    (["B-pers", "I-loc"], {(0, 1, "pers"), (1, 2, "loc")}),                       # a type change splits
])
def test_spans_of_every_tag_scheme(tags, spans):
    assert ner_eval.spans_of(tags) == spans


def test_cli_prints_the_table():
    result = runner.invoke(app, ["eval", "ner", str(GOLD), "--ner", "rules"])
    assert result.exit_code == 0, result.output
    assert "│ micro │ 0.875     │ 0.875  │ 0.875 │ 8    │ 8     │ 7       │" in result.stdout
    assert result.stdout.rstrip().endswith("errors (gold→found, - = none): -→org: 1, org→-: 1")


def test_malformed_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.iob"
    bad.write_text("عراقچی\tB-pers\nبا\tX-org\n", encoding="utf-8")
    with pytest.raises(KgError) as info:
        ner_eval.read_iob(bad)
    assert str(info.value) == f"{bad}:2: expected 'token TAG' with TAG like O, B-pers or I-ORG, got 'با\\tX-org'"
    result = runner.invoke(app, ["eval", "ner", str(bad), "--ner", "rules"])
    assert result.exit_code == 1 and result.stderr.startswith(f"kg: {bad}:2: expected")


def test_backend_spans_map_to_ontology_types_and_rules_keep_precedence(res):
    """A backend is any callable giving (first, last, label) spans per sentence; Stanza's is kg.ner.StanzaBackend."""
    from kg import mentions

    doc = ner_eval._document([[(w, "O") for w in "عراقچی از فرودگاه مهرآباد عازم ایران شد".split()]])

    def backend(_doc, sentences):
        return [[(0, 1, "org"), (2, 4, "fac"), (5, 6, "loc")]]

    found = [(m.first, m.last, m.type, m.entity, m.source)
             for m in mentions.find_mentions(doc, res, [backend]).mentions]
    assert found == [(0, 1, "Person", "araghchi", "gazetteer"),
                     (2, 4, "Facility", "facility/فرودگاه_مهراباد", "stanza"),
                     (5, 6, "Country", "iran", "gazetteer")]
    assert doc.entities["facility/فرودگاه_مهراباد"].found_by == "stanza"


def test_a_name_the_rules_keep_still_scores_the_models_longer_reading(res):
    """The events keep the dictionary's ایران; kg eval ner scores the organisation the model read
    around it (دانشجویان ایران), not a location."""
    from kg import mentions

    words = "جمعی از دانشجویان ایران در آژانس سخن گفتند".split()
    doc = ner_eval._document([[(w, "O") for w in words]])

    def backend(_doc, sentences):
        return [[(2, 4, "org")]]

    found = mentions.find_mentions(doc, res, [backend])
    [iran] = [m for m in found.mentions if m.entity == "iran"]
    assert (iran.first, iran.last, iran.ner_spans) == (3, 4, ((2, 4, "org"),))
    assert ner_eval.predicted_spans(ner_eval._document([[(w, "O") for w in words]]), res, [backend]) == [{(2, 4, "org"), (5, 6, "org")}]


def _merged(res, sentences: list[str], spans: list[list[tuple[int, int, str]]]):
    """The mentions of sentences (one document) where the model read `spans` in each."""
    from kg import mentions

    doc = ner_eval._document([[(w, "O") for w in s.split()] for s in sentences])
    return [(m.sentence, m.first, m.last, m.entity, m.source)
            for m in mentions.find_mentions(doc, res, [lambda _doc, _sentences: spans]).mentions
            if m.type == "Person"]


def test_a_guessed_name_keeps_its_given_name_over_the_models_shorter_person(res):
    found = _merged(res, ["عراقچی با کاظم علی نژاد دیدار کرد"], [[(3, 5, "pers")]])
    assert (0, 2, 5, "person/کاظم_علی_نژاد", "given-name-rule") in found


def test_a_guessed_name_stays_without_the_model_when_no_dictionary_has_its_words(res):
    """ایمن سوسان and ستاره‌وند are no Persian words: persons although the model is silent, and so
    is the surname after; محل اقامت before a title is a place, gone when the model is silent."""
    found = _merged(res, ["ایمن سوسان معاون وزیر خارجه سوریه وارد تهران شد",
                          "سوسان با کاظم ستاره‌وند دیدار کرد",
                          "خبرنگاران در محل اقامت نخست‌وزیر ژاپن بودند"], [[], [], []])
    assert found == [(0, 0, 2, "person/ایمن_سوسان", "title-rule"), (1, 0, 1, "person/ایمن_سوسان", "surname-rule"),
                     (1, 2, 4, "person/کاظم_ستارهوند", "given-name-rule")]


def test_a_number_or_a_time_word_is_no_named_entity(res):
    from kg import mentions

    doc = ner_eval._document([[(w, "O") for w in "چاشت روز پنجشنبه ۲۶ مهر ۱۴۰۴ وزیر خارجه پاکستان وارد کابل شد".split()]])
    found = mentions.find_mentions(doc, res, [lambda _doc, _sentences: [[(0, 1, "org"), (3, 4, "loc"), (5, 6, "loc")]]])
    assert [m.source for m in found.mentions if m.source == "stanza"] == []
