"""Plain records passed from one pipeline stage to the next."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Token:
    text: str          # hazm-normalised surface form
    key: str           # folded matching key (see normalize.fold)
    start: int         # offsets into the original document text
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int     # line number in the body: headlines and paragraphs are lines
    start: int
    end: int
    text: str          # the original characters start..end
    tokens: tuple[Token, ...]


@dataclass
class Entity:
    """A canonical entity of the dictionary or one discovered in text."""
    id: str
    type: str                      # Country, City, Organization, Media, Person, Office
    fa: str
    en: str = ""
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    country: str = ""              # for cities: the country's entity id
    discovered: bool = False       # found in text, not in the dictionary
    found_by: str = ""             # discovered entities: the rule or model that found them (title-rule, stanza)


@dataclass
class Mention:
    """A span of a sentence that refers to something.

    kind: name (dictionary or discovered entity), title (a position such as
    وزیر امور خارجه ایران), pronoun (وی، این کشور، دو کشور، کشورمان) or zero
    (a dropped subject, anchored at its clause).
    """
    sentence: int
    first: int                     # token indices [first, last)
    last: int
    start: int                     # character offsets in the original text
    end: int
    text: str
    kind: str
    type: str = ""                 # entity type, or the pronoun's class
    entity: str | None = None      # entity id once known
    source: str = "gazetteer"      # gazetteer, title-rule, honorific-rule, quote-rule, stanza
    position: str | None = None    # titles: the position id
    org: str | None = None         # titles: entity id of the country/organisation
    orgs: tuple[str, ...] = ()     # plural titles: one org per holder (رؤسای جمهور ایران و روسیه)
    plural: bool = False
    counterpart: bool = False      # همتای X خود: same position as the sentence's subject
    former: bool = False           # وزیر خارجه سابق ایران: a past holder of the title, not the one in office
    anchor: int | None = None      # counterparts: index of the clause subject whose counterpart this is
    head: int | None = None        # apposition: index of the name mention this title describes
    members: tuple[str, ...] = ()  # resolved group members (دو کشور, plural titles)
    org_names: tuple[tuple[int, int, str], ...] = ()  # titles: (first, last, entity) of each org named in it
    ner_label: str = ""            # the model's label where it found this span (pers, org, loc, fac, event, pro)
    resolved_by: str = ""          # how resolve chose its entity (see kg.resolve.RESOLVED_BY)
    ner_spans: tuple[tuple[int, int, str], ...] = ()   # the model's own reading here, where this
                                   # mention kept its place (first, last, label): what kg eval ner scores


@dataclass
class Event:
    type: str
    sentence: int
    trigger_start: int
    trigger_end: int
    trigger: str
    actors: list[int]              # mention indices
    targets: list[int]
    rule: str
    modality: str = "asserted"
    confidence: float = 0.8
    place: int | None = None       # mention index
    symmetric_group: bool = False  # actors are one group whose members met each other
    implicit_target: bool = False  # first-person "we agreed": the target is the discourse counterpart
    speaker_plural: bool = False   # "we" of a quoted official: the official's country (resolve.py)
    target_country: bool = False   # the target is the country of the person or office named (سفیر X احضار)
    modality_cue: str = ""         # what set a modality other than asserted (a cue word, the verb's form)
    actor_ids: list[str] = field(default_factory=list)    # filled by resolve
    target_ids: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_source: str = ""          # filled by resolve: the sentence's own date, or the document's and why
    parties: list["Party"] = field(default_factory=list)   # filled by resolve: how each id was found


@dataclass(frozen=True)
class Party:
    """One resolved party of an event and the evidence for it (for `kg explain`)."""
    role: str                      # actor or target
    entity: str                    # entity id
    resolved_by: str               # name, apposition, title-named, title-dated, pronoun, counterpart, ...
    start: int | None              # the mention's characters in the original text (None: implied)
    end: int | None
    text: str = ""


@dataclass
class Role:
    """A person holds a position for a country or organisation, as a sentence says."""
    person: str                    # entity ids
    position: str
    org: str
    sentence: int
    start: int                     # the title's characters in the original text
    end: int
    rule: str


@dataclass
class Membership:
    member: str                    # entity ids
    org: str
    sentence: int
    start: int
    end: int
    rule: str


@dataclass
class Document:
    id: str
    path: str
    text: str                      # the original file text, offsets count in it
    sha256: str
    body_start: int = 0            # where the text starts after the date header
    date: dt.date | None = None
    date_source: str = ""          # header, record (JSONL), default (kg build --date), text, or empty
    title: str = ""                # JSONL metadata (a .txt article's headline is its first line)
    url: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)   # discovered in this document
    sentence_dates: dict[int, dt.date] = field(default_factory=dict)
    sentence_date_kinds: dict[int, str] = field(default_factory=dict)   # "stated" or "relative" (to doc.date)


def mentions_by_sentence(doc: Document) -> dict[int, list[tuple[int, Mention]]]:
    """(index, mention) pairs of each sentence, found in one pass: the stages that read
    sentence by sentence must not scan a long document's every mention for each one."""
    grouped: dict[int, list[tuple[int, Mention]]] = {}
    for index, mention in enumerate(doc.mentions):
        grouped.setdefault(mention.sentence, []).append((index, mention))
    return grouped
