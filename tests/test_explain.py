"""`kg explain`: the evidence for an event, read back from the store built from the seeds."""
from __future__ import annotations

from typer.testing import CliRunner

from kg.cli import app
from kg.explain import explain, find_events

runner = CliRunner()

# Pezeshkian's meeting with Putin in seed 002 is planned (قرار است), its parties named in the sentence.
PLANNED_MEETING = """\
ev:7b248f2750745525  Meeting  planned  2025-01-16
  actor: مسعود پزشکیان (Masoud Pezeshkian)  ent:pezeshkian
  target: ولادیمیر پوتین (Vladimir Putin)  ent:putin
report 1 of 1: 002_012c5d34e2e930a6, sentence 32, characters 4972-5241
  بقایی همچنین در گفتوگویی با نووستی بیان کرد که «{مسعود پزشکیان}» رئیسجمهور ایران که برای امضای توافقنامه شراکت جامع راهبردی ایران و روسیه به مسکو سفر کرده است، در [دیدار] با «{ولادیمیر پوتین}» همتای روس خود قرار است درباره موضوعاتی از جمله تحولات سوریه و نوار غزه گفتوگو کند.
  trigger دیدار (5133-5138), rule meeting-didar/in, confidence 0.8
  modality: planned, set by قرار است
  date: the document's date (the first date in its text)
  actor مسعود پزشکیان <- مسعود پزشکیان (5020-5033): its name, in the dictionary
  target ولادیمیر پوتین <- ولادیمیر پوتین (5143-5157): its name, in the dictionary
"""

# Seed 001's headline: a title resolved to its holder on the article's date, and a group the rules found.
TITLE_BY_DATE = """\
ev:cf91b65cc623a028  Meeting  asserted  2025-11-18
  actor: محمدرضا عارف (Mohammad Reza Aref)  ent:aref
  target: دیپلماتهای ایرانی مقیم روسیه  ent:group/دیپلماتهای_ایرانی_مقیم_روسیه
report 1 of 1: 001_83d44a5f0073696e, sentence 0, characters 17-86
  {معاون اول رئیسجمهور} در [دیدار] با {جمعی از دیپلماتهای ایرانی مقیم روسیه}:
  trigger دیدار (40-45), rule meeting-didar/in, confidence 0.8
  modality: asserted (no cue)
  date: the document's date (its date line)
  actor محمدرضا عارف <- معاون اول رئیسجمهور (17-36): a title, held on the event's date by this person (office holders)
  target دیپلماتهای ایرانی مقیم روسیه <- جمعی از دیپلماتهای ایرانی مقیم روسیه (49-85): its name, found by group-rule
"""


def test_explain_prints_sentence_trigger_rule_cue_and_how_each_party_was_resolved(seed_store):
    result = runner.invoke(app, ["explain", "ev:7b248f", "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert result.output == PLANNED_MEETING


def test_explain_by_document_and_sentence(seed_store):
    result = runner.invoke(app, ["explain", "--doc", "001_83d44a5f0073696e", "--sentence", "0",
                                 "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert result.output == TITLE_BY_DATE


def test_a_planned_signing_reported_twice_keeps_both_reports_and_the_pair_from_the_event_before(seed_store):
    """Sentence 33 of seed 002 says only «۲ کشور»: the pair is that of the event before; its modality is
    the one that sentence 32 set (برای امضای ...)."""
    [iri] = find_events(seed_store, "ev:65002bd9")
    found = explain(seed_store, iri)
    assert (found.type, found.modality, found.date) == ("AgreementSigning", "planned", "2025-01-16")
    assert [(r.sentence_index, r.trigger, r.modality_cue) for r in found.reports] == [
        (32, "امضای", "برای"), (33, "امضای", "sentence 32: برای")]
    assert [(p.role, p.iri.rsplit("/", 1)[1], p.words, p.resolved_by) for p in found.reports[1].parties] == [
        ("actor", "iran", "۲ کشور", "pair-earlier"), ("target", "russia", "۲ کشور", "pair-earlier")]
    assert found.reports[1].highlighted().count("{۲ کشور}") == 1


def test_explain_refuses_what_it_cannot_find_in_one_line(seed_store):
    cases = [(["explain", "ev:ffff0000"], "kg: ev:ffff0000: no event has that id\n"),
             (["explain", "ev:"], "kg: ev:: more than one event begins so; give more of it\n"),
             (["explain"], "kg: give an event (its IRI or ev: id) or both --doc and --sentence\n"),
             (["explain", "--doc", "001_83d44a5f0073696e", "--sentence", "999"],
              "kg: document '001_83d44a5f0073696e', sentence 999: no event is reported there\n")]
    for args, message in cases:
        result = runner.invoke(app, [*args, "--store", str(seed_store)])
        assert (result.exit_code, result.stderr) == (1, message)


def test_the_evidence_queries_take_one_event_by_its_ev_id(seed_store):
    result = runner.invoke(app, ["query", "queries/party-evidence.rq", "--store", str(seed_store),
                                 "--param", "event=ev:7b248f2750745525", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.stdout.strip().splitlines()[1:]]
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        ("actor", "https://kg.example.org/entity/pezeshkian", "name", "مسعود پزشکیان"),
        ("target", "https://kg.example.org/entity/putin", "name", "ولادیمیر پوتین")]
