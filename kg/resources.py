"""Load and check the data files under kg/data once: gazetteer, people,
positions, office holders, event triggers and the closed word classes.

Everything the rules know about the world lives in those files; this module
only turns them into lookup tables keyed by normalize.fold.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from kg.errors import KgError
from kg.model import Entity
from kg.normalize import fold

DATA_DIR = Path(str(importlib_resources.files("kg") / "data"))
MAX_PHRASE_TOKENS = 8


@dataclass(frozen=True)
class Office:
    position: str
    org: str
    person: str
    start: dt.date
    end: dt.date | None
    source: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Position:
    id: str
    fa: str
    en: str
    requires_org: bool
    national: bool


@dataclass
class Resources:
    entities: dict[str, Entity]
    aliases: dict[str, list[tuple[str, bool]]]        # key -> [(entity id, weak)]
    demonyms: dict[str, str]                          # key -> country id
    positions: dict[str, Position]
    position_forms: dict[str, tuple[str, bool]]       # key -> (position id, plural)
    offices: list[Office]
    triggers: list[dict]
    trigger_forms: dict[str, list[dict]]              # key -> trigger entries
    cues: dict
    stands_for: dict[str, str] = field(default_factory=dict)  # city id -> the party it stands for as an actor
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    tables: dict[str, dict] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        """A closed word class of cues.json as a set of folded keys."""
        if name not in self.word_sets:
            value = self.cues[name]
            items = value.keys() if isinstance(value, dict) else value
            self.word_sets[name] = frozenset(fold(w) for w in items)
        return self.word_sets[name]

    def table(self, name: str) -> dict:
        """A mapping of cues.json keyed by folded text (built once, not per sentence or token)."""
        key = "_table:" + name
        if key not in self.tables:
            self.tables[key] = {fold(k): v for k, v in self.cues[name].items()}
        return self.tables[key]

    def finite_verbs(self, compound: bool = False) -> frozenset[str]:
        """Past forms of the light verbs, singular and plural (کرد، کردند، شد، ...); with compound,
        only those of the verbs that make compound verbs with a noun (قرار گرفت, انجام شد)."""
        key = "_compound_verbs" if compound else "_finite_verbs"
        if key not in self.word_sets:
            verbs = self.cues["light_verbs"]
            names = ("kardan", "shodan", "gereftan", "dadan", "dashtan") if compound else verbs
            past = [form for name in names for form in verbs[name]["past"]]
            self.word_sets[key] = frozenset(fold(f) for p in past for f in (p, p + "ند"))
        return self.word_sets[key]

    def holders(self, position: str, org: str, day: dt.date) -> list[Office]:
        return [o for o in self.offices if o.position == position and o.org == org and o.covers(day)]

    def offices_of(self, person: str) -> list[Office]:
        return [o for o in self.offices if o.person == person]


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    raise KgError(f"{path}:{number}: bad JSON line ({exc})") from None
    return rows


def _entity(row: dict, type_: str) -> Entity:
    return Entity(id=row["id"], type=row.get("type", type_), fa=row["fa"], en=row.get("en", ""),
                  aliases=tuple(row.get("aliases", ())), wikidata=row.get("wikidata", ""),
                  country=row.get("country", ""))


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KgError(f"{where}: bad date '{value}'") from None


def read_offices(path: Path) -> list[Office]:
    offices = []
    with path.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            where = f"{path}:{number}"
            start = _date(row["start"], where)
            if start is None:
                raise KgError(f"{where}: office without a start date")
            offices.append(Office(row["position"], row["org"], row["person"], start,
                                  _date(row.get("end") or "", where), row.get("source", "")))
    return offices


def load(data_dir: Path = DATA_DIR) -> Resources:
    entities: dict[str, Entity] = {}
    aliases: dict[str, list[tuple[str, bool]]] = {}
    demonyms: dict[str, str] = {}
    stands_for: dict[str, str] = {}
    rows = [(r, "") for r in _read_jsonl(data_dir / "gazetteer.jsonl")]
    rows += [(r, "Person") for r in _read_jsonl(data_dir / "people.jsonl")]
    for row, type_ in rows:
        entity = _entity(row, type_)
        if entity.id in entities:
            raise KgError(f"duplicate entity id '{entity.id}' in {data_dir}")
        entities[entity.id] = entity
        weak = {fold(w) for w in row.get("weak", ())}
        for name in (entity.fa, *entity.aliases):
            key = fold(name)
            aliases.setdefault(key, []).append((entity.id, key in weak))
        for name in row.get("demonyms", ()):
            demonyms[fold(name)] = entity.id
        if row.get("capital"):
            stands_for.setdefault(row["capital"], entity.id)     # تهران و مسکو ... → Iran and Russia
        if "stands_for" in row:                                   # بروکسل → the EU; وین → no one
            stands_for[entity.id] = row["stands_for"]
    positions, position_forms = {}, {}
    for row in _read_jsonl(data_dir / "positions.jsonl"):
        positions[row["position"]] = Position(row["position"], row["fa"], row["en"],
                                              row["requires_org"], row["national"])
        for form in [row["fa"], *row["forms"]]:
            position_forms.setdefault(fold(form), (row["position"], False))
        for form in row["plural"]:
            position_forms[fold(form)] = (row["position"], True)
    offices = read_offices(data_dir / "offices.tsv")
    for office in offices:
        for ref in (office.org, office.person):
            if ref not in entities:
                raise KgError(f"offices.tsv names unknown entity '{ref}'")
    triggers = _read_jsonl(data_dir / "triggers.jsonl")
    trigger_forms: dict[str, list[dict]] = {}
    for trigger in triggers:
        for key in dict.fromkeys(fold(form) for form in trigger["forms"]):   # spellings that fold alike count once
            trigger_forms.setdefault(key, []).append(trigger)
    cues = json.loads((data_dir / "cues.json").read_text(encoding="utf-8"))
    stands_for = {city: party for city, party in stands_for.items() if party}
    return Resources(entities, aliases, demonyms, positions, position_forms, offices,
                     triggers, trigger_forms, cues, stands_for)


def data_dir() -> Path:
    """The packaged data, or the folder named by KG_DATA_DIR (a user's own dictionaries)."""
    return Path(os.environ["KG_DATA_DIR"]) if os.environ.get("KG_DATA_DIR") else DATA_DIR


@lru_cache(maxsize=1)
def default() -> Resources:
    """The data in use, loaded once per process."""
    return load(data_dir())
