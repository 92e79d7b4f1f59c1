"""Give every mention one canonical entity, then every event its parties.

Names come resolved from the dictionary.  What is left is context:

* titles: the person the same document named with that title
  (`عراقچی وزیر امور خارجه ...` then `رئیس دستگاه دیپلماسی`), else the
  office holder on the document's date (kg/data/offices.tsv), else the
  office itself as an entity (`وزیر امور خارجه ایران`);
* `همتای روس خود`: the holder of the subject's own office in that country;
* pronouns: وی/او → the current topic person, این کشور → the last country,
  دو کشور/طرفین → the pair named before, کشورمان → the home country,
  طرف هلندی → the last Dutch person or office named, else the Netherlands;
* "we" of a quoted official (توافق کردیم) → the official's country;
* a capital as a political actor (تهران و مسکو ... امضا کردند) → its country;
  as the target of a visit it stays a place;
* short names (`گروسی`) → the fuller name found earlier in the document.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kg.model import Document, Entity, Event, Mention, Party, Role, mentions_by_sentence
from kg.normalize import fold, normalize_text
from kg.resources import Resources

_PERSONISH = {"Person", "Office"}
_IN_PERSON = {"Meeting", "PhoneCall", "Visit"}   # "we met" is the speaker's delegation, not the country


class _Context:
    """What the document has said so far, in reading order."""

    def __init__(self, doc: Document, res: Resources):
        self.doc, self.res = doc, res
        self.home = res.cues["home_country"]
        self.topic: str | None = None
        self.topic_sentence = -1                            # a sentence's topic is its first subject
        self.countries: list[str] = []
        self.orgs: list[str] = []
        self.pair: tuple[str, str] | None = None
        self.pair_sentence = -1                             # where the pair was last named
        self.pairs_named_here: set[int] = set()             # id() of pair mentions whose sentence names the pair
        self.named_titles: dict[tuple[str, str], str] = {}   # (position, org) -> person
        self.persons: dict[str, int] = {}                    # person → order of first appearance
        self.last_by_surname: dict[str, str] = {}           # last word of a full name → that person
        self.mentions_of = mentions_by_sentence(doc)        # sentence → its (index, mention) pairs
        self.officials: list[str] = []                        # persons and offices, reading order
        self._era: list[tuple[dt.date, dt.date]] | None = None

    def entity(self, entity_id: str) -> Entity | None:
        return self.doc.entities.get(entity_id) or self.res.entities.get(entity_id)

    def date_of(self, mention: Mention) -> dt.date | None:
        return self.doc.sentence_dates.get(mention.sentence, self.doc.date)

    def country_of(self, entity_id: str, day: dt.date | None) -> str | None:
        """The country a person or office acts for: its title here, else its office on that day."""
        entity = self.entity(entity_id)
        if entity is None or entity.type == "Country":
            return entity.id if entity else None
        orgs = [org for (_pos, org), holder in self.named_titles.items() if holder == entity_id]
        if entity.type == "Office":
            orgs.append(entity_id.rsplit("/", 1)[-1])
        orgs += [o.org for o in self.res.offices_of(entity_id) if day is None or o.covers(day)]
        return next((org for org in orgs if self.is_country(org)), None)

    def era_terms(self) -> list[tuple[dt.date, dt.date]]:
        """The terms of office of every person the document names (for undated documents)."""
        if self._era is None:
            named = {m.entity for m in self.doc.mentions if m.kind == "name" and m.entity}
            titled = {m.position for m in self.doc.mentions if m.kind == "title" and m.position}
            offices = [o for person in named for o in self.res.offices_of(person)]
            # عراقچی was a spokesman in 2013 and is foreign minister since 2024: a text that speaks
            # of foreign ministers dates him by the second term
            offices = [o for o in offices if o.position in titled] or offices
            today = dt.date.today()
            self._era = [(o.start, o.end or today) for o in offices]
        return self._era

    def is_country(self, entity_id: str | None) -> bool:
        entity = self.entity(entity_id) if entity_id else None
        return entity is not None and entity.type == "Country"


def resolve_document(doc: Document, res: Resources) -> Document:
    ctx = _Context(doc, res)
    _collect_appositions(doc, ctx)
    order = sorted(range(len(doc.mentions)), key=lambda i: (doc.mentions[i].sentence, doc.mentions[i].first))
    sentence = -1
    for i in order:
        mention = doc.mentions[i]
        if mention.sentence != sentence:
            sentence = mention.sentence
            _note_pairs(doc, ctx, sentence)
        _resolve_mention(doc, ctx, mention)
        _remember(ctx, mention, doc)
    _resolve_events(doc, ctx)
    _share_modality(doc, ctx)
    _calls_talked_of(doc)
    doc.roles = _roles(doc, ctx)
    return doc


def _collect_appositions(doc: Document, ctx: _Context) -> None:
    """Titles attached to a name anywhere in the document, for later bare titles."""
    for mention in doc.mentions:
        if mention.kind == "title" and mention.head is not None:
            name = doc.mentions[mention.head]
            person = _merge_short_name(doc, ctx, name)
            if mention.org and (holder := _holder_by_name(ctx, name, person, mention.position, mention.org)):
                _rename(doc, name, person, holder)
                person = holder
            org = mention.org or _own_org(ctx, person, mention.position)
            if mention.org is None and org != ctx.home:
                mention.org = org
            if mention.position and org and not mention.former:    # a former title names no holder now
                ctx.named_titles.setdefault((mention.position, org), person)


def _holder_by_name(ctx: _Context, name: Mention, person: str, position: str | None, org: str) -> str | None:
    """ملک عبدالله پادشاه اردن: a name that several people share is the one who held the office its title
    names (the dictionary's عبدالله is the Saudi king; the title makes him Jordan's)."""
    if not position or any(o.position == position and o.org == org for o in ctx.res.offices_of(person)):
        return None
    words = _words(name.text)
    holders = {o.person for o in ctx.res.offices if o.position == position and o.org == org}
    matching = [h for h in sorted(holders) if words <= _name_words(ctx, h)]
    return matching[0] if len(matching) == 1 else None


def _rename(doc: Document, name: Mention, wrong: str, right: str) -> None:
    """The name, and its later uses in the document (ملک عبدالله after ملک عبدالله پادشاه اردن), are `right`."""
    words = _words(name.text)
    for other in doc.mentions:
        if other is name or (other.kind == "name" and other.entity == wrong and other.sentence >= name.sentence
                             and words <= _words(other.text)):
            other.entity = right


def _name_words(ctx: _Context, entity_id: str) -> set[str]:
    entity = ctx.entity(entity_id)
    if entity is None:
        return set()
    return set().union(*(_words(label) for label in (entity.fa, *entity.aliases)))


def _words(text: str) -> set[str]:
    """The folded words of a name, to compare names word by word (عبدالله ⊂ ملک عبدالله دوم)."""
    return {fold(word) for word in normalize_text(text).split()}


def _own_org(ctx: _Context, person: str, position: str | None) -> str | None:
    """A bare title after a name (فیصل المقداد وزیر خارجه) is that person's office: the country
    the dictionary has them hold it for, else the home country."""
    orgs = {o.org for o in ctx.res.offices_of(person) if o.position == position}
    if len(orgs) == 1:
        return orgs.pop()
    return ctx.home if _national(ctx, position) else None


def _national(ctx: _Context, position: str | None) -> bool:
    return bool(position) and ctx.res.positions[position].national


def _note_pairs(doc: Document, ctx: _Context, sentence: int) -> None:
    """The pair that دو کشور / طرفین refers to: countries joined by و (ایران و تاجیکستان), else
    the two countries a sentence names, by name or in titles (پوتین رئیس‌جمهور روسیه میزبان
    نخست‌وزیر هند بود)."""
    here = [m for _i, m in ctx.mentions_of.get(sentence, [])]
    mentions = [m for m in here if m.kind == "name" and m.type == "Country"]
    for a, b in zip(mentions, mentions[1:]):
        keys = [t.key for t in doc.sentences[sentence].tokens[a.last:b.first]]
        if keys == ["و"] and a.entity != b.entity:
            ctx.pair, ctx.pair_sentence = (a.entity, b.entity), sentence
            return
    countries = list(dict.fromkeys([m.entity for m in mentions] + [m.org for m in here if m.kind == "title"
                                   and ctx.is_country(m.org)]))
    if len(countries) == 2:
        ctx.pair, ctx.pair_sentence = (countries[0], countries[1]), sentence


def _merge_short_name(doc: Document, ctx: _Context, mention: Mention) -> str:
    """A discovered name that ends a fuller name seen before is that person (گروسی ← رافائل گروسی)."""
    entity = mention.entity or ""
    if not entity.startswith("person/") or "_" in entity:
        return entity
    surname = entity.split("/", 1)[1]
    fuller = ctx.last_by_surname.get(surname)
    if entity in ctx.persons and (fuller is None or ctx.persons[entity] > ctx.persons[fuller]):
        return entity
    return fuller or entity


def _resolve_mention(doc: Document, ctx: _Context, mention: Mention) -> None:
    if mention.kind == "name":
        named = mention.entity
        mention.entity = _merge_short_name(doc, ctx, mention)
        mention.resolved_by = "name" if mention.entity == named else "surname"
    elif mention.kind == "title":
        if mention.head is not None:
            mention.entity = doc.mentions[mention.head].entity
            mention.resolved_by = "apposition"
        elif mention.plural:
            if ctx.pair_sentence == mention.sentence:
                ctx.pairs_named_here.add(id(mention))
            orgs = [o for org in mention.orgs for o in (ctx.pair or () if org == "@pair" else (org,))]
            mention.members = tuple(_holder(doc, ctx, mention, mention.position, org) for org in orgs)
        elif mention.counterpart:
            mention.entity = _counterpart(doc, ctx, mention)
            mention.resolved_by = "counterpart/" + mention.resolved_by if mention.entity else ""
        else:
            org = mention.org or (ctx.home if _national(ctx, mention.position) else None)
            mention.entity = _holder(doc, ctx, mention, mention.position, org) if org else None
    elif mention.kind in ("pronoun", "zero"):
        _resolve_pronoun(ctx, mention)
        mention.resolved_by = "dropped-subject" if mention.kind == "zero" else f"pronoun-{mention.type}"
        if mention.type == "party":
            day = ctx.date_of(mention)
            mention.entity = next((e for e in reversed(ctx.officials) if ctx.country_of(e, day) == mention.org),
                                  mention.org)


def _holder(doc: Document, ctx: _Context, mention: Mention, position: str | None, org: str) -> str:
    """Who held `position` for `org`: named in this document, else on its date, else the office.
    How it was decided goes to mention.resolved_by (title-named, -dated, -era or -office)."""
    if position is None:
        mention.resolved_by = "title-org"
        return org
    if mention.former:
        return _former_holder(doc, ctx, mention, position, org)
    if (position, org) in ctx.named_titles:
        mention.resolved_by = "title-named"
        return ctx.named_titles[(position, org)]
    day = ctx.date_of(mention)
    if day is not None:
        holders = ctx.res.holders(position, org, day)
        if len(holders) == 1:
            mention.resolved_by = "title-dated"
            return holders[0].person
    elif (holder := _holder_in_era(ctx, position, org)) is not None:
        mention.resolved_by = "title-era"
        return holder
    mention.resolved_by = "title-office"
    return _office_entity(doc, ctx, position, org)


def _former_holder(doc: Document, ctx: _Context, mention: Mention, position: str, org: str) -> str:
    """شاه سابق افغانستان in 2000: an office nobody held on the date was last held by the one former
    holder there can be.  Where someone held it then, 'former' could be any of the others: the
    former office, never the holder of the day."""
    day = ctx.date_of(mention)
    if day is not None and not ctx.res.holders(position, org, day):
        ended = [o for o in ctx.res.offices if o.position == position and o.org == org and o.end and o.end <= day]
        if ended:
            mention.resolved_by = "title-former"
            return max(ended, key=lambda o: o.end).person
    mention.resolved_by = "title-office"
    return _office_entity(doc, ctx, position, org, former=True)


def _holder_in_era(ctx: _Context, position: str, org: str) -> str | None:
    """An undated document still has an era: the terms of the office holders it names.
    The holder whose term overlaps most of them (and at least one) held the title then
    (an undated text naming عراقچی and لاوروف makes وزیر خارجه ترکیه Fidan)."""
    terms = ctx.era_terms()
    if not terms:
        return None
    scores: dict[str, int] = {}
    for office in ctx.res.offices:
        if office.position == position and office.org == org:
            overlap = sum(1 for start, end in terms if _overlaps(office, start, end))
            scores[office.person] = max(scores.get(office.person, 0), overlap)
    best = max(scores.values(), default=0)
    winners = [person for person, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _overlaps(office, start: dt.date, end: dt.date) -> bool:
    """Strictly: a successor whose term starts on the day another ends shares no era with it."""
    return office.start < end and (office.end is None or start < office.end)


def _office_entity(doc: Document, ctx: _Context, position: str, org: str, former: bool = False) -> str:
    entity_id = f"office/{position}/{org}" + ("/former" if former else "")
    org_entity = ctx.entity(org)
    title = ctx.res.positions[position]
    label = f"{title.fa}{' سابق' if former else ''} {org_entity.fa if org_entity else ''}".strip()
    english = f"{'former ' if former else ''}{title.en} of {org_entity.en if org_entity else org}"
    doc.entities.setdefault(entity_id, Entity(id=entity_id, type="Office", fa=label, en=english, discovered=True))
    return entity_id


def _counterpart(doc: Document, ctx: _Context, mention: Mention) -> str | None:
    """همتای روس خود: the subject's own position, held in the named country."""
    anchor = doc.mentions[mention.anchor].entity if mention.anchor is not None else ctx.topic
    position = _position_of(doc, ctx, anchor, mention)
    if position is None or mention.org is None:
        return None
    return _holder(doc, ctx, mention, position, mention.org)


def _position_of(doc: Document, ctx: _Context, person: str | None, mention: Mention) -> str | None:
    if person is None:
        return None
    if person.startswith("office/"):                    # وزیر خارجه (undated) ... همتای ترک خود
        return person.split("/")[1]
    for (position, _org), holder in ctx.named_titles.items():
        if holder == person:
            return position
    day = ctx.date_of(mention)
    for office in ctx.res.offices_of(person):
        if day is None or office.covers(day):
            return office.position
    return None


def _resolve_pronoun(ctx: _Context, mention: Mention) -> None:
    kind = mention.type
    if kind == "person":
        mention.entity = ctx.topic
    elif kind == "country":
        mention.entity = ctx.countries[-1] if ctx.countries else None
    elif kind == "organization":
        mention.entity = ctx.orgs[-1] if ctx.orgs else None
    elif kind == "home":
        mention.entity = ctx.home
    elif kind == "pair":
        if ctx.pair_sentence == mention.sentence:
            ctx.pairs_named_here.add(id(mention))
        pair = ctx.pair or (tuple(ctx.countries[-2:]) if len(ctx.countries) >= 2 else ())
        mention.members = tuple(pair)


def _remember(ctx: _Context, mention: Mention, doc: Document) -> None:
    entity = ctx.entity(mention.entity) if mention.entity else None
    if entity is None:
        return
    if entity.type in _PERSONISH and mention.kind in ("name", "title") and _is_subject(doc, mention, ctx) \
            and (ctx.topic_sentence != mention.sentence or entity.id == ctx.topic):
        # وی in the next sentence is this sentence's subject, not a name inside its object
        # (بقایی ادعای ... درباره دیدار عراقچی را رد کرد. وی گفت ... → بقایی)
        ctx.topic, ctx.topic_sentence = entity.id, mention.sentence
    if entity.type == "Person" and entity.id not in ctx.persons:
        ctx.persons[entity.id] = len(ctx.persons)
        if "_" in entity.id:
            ctx.last_by_surname[entity.id.rsplit("_", 1)[1]] = entity.id
    if entity.type in _PERSONISH and mention.kind in ("name", "title"):
        ctx.officials.append(entity.id)
    if entity.type == "Country" and mention.kind == "name":
        ctx.countries = [c for c in ctx.countries if c != entity.id] + [entity.id]
    if entity.type == "Organization":
        ctx.orgs.append(entity.id)


def _is_subject(doc: Document, mention: Mention, ctx: _Context) -> bool:
    """Not inside a prepositional phrase: a candidate for what وی refers to."""
    tokens = doc.sentences[mention.sentence].tokens
    k = mention.first - 1
    skip = ctx.res.words("honorifics") | ctx.res.words("name_prefixes") | {"«", "»"}
    while k >= 0 and tokens[k].key in skip:
        k -= 1
    return k < 0 or tokens[k].key not in ctx.res.words("prepositions")


def _parties(doc: Document, indices: list[int], role: str, found: dict[str, Party]) -> list[str]:
    """The entity ids that these mentions stand for; `found` learns the evidence of each."""
    ids: list[str] = []
    for i in indices:
        mention = doc.mentions[i]
        for entity in (mention.members or ((mention.entity,) if mention.entity else ())):
            if entity and entity not in ids:
                ids.append(entity)
                spoken = mention.end > mention.start       # a dropped subject has no words of its own
                found.setdefault(entity, Party(role, entity, mention.resolved_by or mention.kind,
                                               mention.start if spoken else None, mention.end if spoken else None,
                                               mention.text))
    return ids


def _mapped(ids: list[str], to, how: str, found: dict[str, Party]) -> list[str]:
    """ids replaced by to(id) where it gives another: the evidence keeps its mention and says how."""
    result = []
    for old in ids:
        new = to(old) or old
        if new != old and new not in found and old in found:
            found[new] = replace(found[old], entity=new, resolved_by=f"{found[old].resolved_by}+{how}")
        result.append(new)
    return _unique(result)


def _resolve_events(doc: Document, ctx: _Context) -> None:
    kept: list[Event] = []
    for event in doc.events:
        day = doc.sentence_dates.get(event.sentence, doc.date)
        _rebind_pairs(doc, ctx, event, kept, day)
        found: dict[str, Party] = {}
        actors = _parties(doc, event.actors, "actor", found)
        targets = _parties(doc, event.targets, "target", found)
        if event.symmetric_group and not targets and len(actors) >= 2:
            actors, targets = actors[:1], actors[1:]
        if event.implicit_target and not targets:
            targets = _counterparty(kept, actors)
            for target in targets:
                found.setdefault(target, Party("target", target, "counterparty", None, None))
        if event.speaker_plural and event.type not in _IN_PERSON:
            # "we agreed": country and country, not country and person
            actors = _mapped(actors, lambda a: ctx.country_of(a, day), "country", found)
            targets = _mapped(targets, lambda t: ctx.country_of(t, day), "country", found)
        if event.target_country:
            targets = _mapped(targets, lambda t: ctx.country_of(t, day), "country", found)
        actors = _mapped(actors, ctx.res.stands_for.get, "stands-for", found)
        if event.type != "Visit":
            targets = _mapped(targets, ctx.res.stands_for.get, "stands-for", found)
        targets = [t for t in targets if t not in actors]
        if event.type == "Visit":
            targets = [t for t in targets if not _home_of(ctx, actors, t, day)]
        if not actors or not targets:
            continue
        event.actor_ids, event.target_ids = actors, targets
        event.parties = [replace(found[i], role=role) for role, ids in (("actor", actors), ("target", targets))
                         for i in ids]
        event.date = day
        event.date_source = _date_source(doc, event.sentence)
        kept.append(event)
    doc.events = kept


def _date_source(doc: Document, sentence: int) -> str:
    """Where an event's date comes from: its sentence (a date stated there, or one relative to the
    document's: دیروز) or the document (its header, record, --date default or first date in the text)."""
    if sentence in doc.sentence_dates:
        return f"sentence-{doc.sentence_date_kinds.get(sentence, 'stated')}"
    return f"document-{doc.date_source}" if doc.date else ""


_RANK = {"asserted": 0, "planned": 1, "reported": 2, "hypothetical": 3, "denied": 4}


def _share_modality(doc: Document, ctx: _Context) -> None:
    """A noun phrase has no tense: سفر X به Y in a headline or in «از سفر X خبر داد» is the trip
    that a verb elsewhere in the document plans, reports or denies (سفر خواهد کرد، را تکذیب کرد)."""
    by_type: dict[str, list[Event]] = {}
    for event in doc.events:
        by_type.setdefault(event.type, []).append(event)
    for event in doc.events:
        if "/nominal" not in event.rule or event.modality != "asserted":
            continue
        twins = [e for e in by_type[event.type] if e is not event and _same_happening(ctx, e, event)]
        strongest = max(twins, key=lambda e: _RANK[e.modality], default=None)
        if strongest is not None and _RANK[strongest.modality] > _RANK[event.modality]:
            event.modality = strongest.modality
            event.modality_cue = f"sentence {strongest.sentence}: {strongest.modality_cue or strongest.modality}"


def _calls_talked_of(doc: Document) -> None:
    """رایزنی X و Y in a headline, تلفنی گفت‌وگو کردند in the body: talk between the parties
    of a phone call of the same document is that call."""
    calls = {frozenset(e.actor_ids + e.target_ids) for e in doc.events if e.type == "PhoneCall"}
    for event in doc.events:
        if event.type == "Meeting" and event.rule.startswith("meeting-talk/") \
                and frozenset(event.actor_ids + event.target_ids) in calls:
            event.type = "PhoneCall"


def _same_happening(ctx: _Context, a: Event, b: Event) -> bool:
    """Same type; the same party or two unnamed groups (هیأت ایرانی، هیأت دیپلماتیک ایرانی);
    the same target, a city counting as its country (تهران = ایران)."""
    if a.type != b.type:
        return False
    groups = all(i.startswith("group/") for i in a.actor_ids + b.actor_ids)
    if not (set(a.actor_ids) & set(b.actor_ids) or groups):
        return False
    return bool({_country(ctx, t) for t in a.target_ids} & {_country(ctx, t) for t in b.target_ids})


def _country(ctx: _Context, entity_id: str) -> str:
    entity = ctx.entity(entity_id)
    return entity.country if entity is not None and entity.type == "City" and entity.country else entity_id


_BILATERAL = {"Meeting", "PhoneCall", "Negotiation", "Visit", "Agreement", "AgreementSigning"}


def _rebind_pairs(doc: Document, ctx: _Context, event: Event, earlier: list[Event], day: dt.date | None) -> None:
    """دو طرف / دو کشور / وزیران خارجه دو کشور, when their own sentence names no pair: the two
    countries of the last meeting, call or visit before (پزشکیان با اردوغان تلفنی گفت‌وگو کرد ...
    دو طرف توافق کردند → Iran and Turkey)."""
    for index in (*event.actors, *event.targets):
        mention = doc.mentions[index]
        is_pair = mention.type == "pair" or "@pair" in mention.orgs
        if not is_pair or id(mention) in ctx.pairs_named_here:
            continue
        pair = _last_pair(ctx, earlier, day)
        if pair is None:
            continue
        if mention.plural:
            mention.members = tuple(_holder(doc, ctx, mention, mention.position, org) for org in pair)
            mention.resolved_by = "pair-earlier/" + mention.resolved_by
        else:
            mention.members = pair
            mention.resolved_by = "pair-earlier"


def _last_pair(ctx: _Context, earlier: list[Event], day: dt.date | None) -> tuple[str, str] | None:
    for event in reversed(earlier):
        if event.type not in _BILATERAL or not event.actor_ids or not event.target_ids:
            continue
        target = event.target_ids[0]
        place = ctx.entity(target)
        a = ctx.country_of(event.actor_ids[0], day)
        b = place.country if place is not None and place.type == "City" else ctx.country_of(target, day)
        if a and b and a != b:
            return a, b
    return None


def _home_of(ctx: _Context, actors: list[str], place: str, day: dt.date | None) -> bool:
    """وارد تهران شد of an Iranian official is a return home, not a visit."""
    entity = ctx.entity(place)
    country = entity.country if entity is not None and entity.type == "City" else place
    return any(ctx.country_of(a, day) == country for a in actors)


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _counterparty(earlier: list[Event], actors: list[str]) -> list[str]:
    """"We agreed": the party the speaker last met or called in this document."""
    for event in reversed(earlier):
        if event.type in ("Meeting", "PhoneCall", "Negotiation") and set(actors) & set(event.actor_ids):
            return list(event.target_ids)
        if event.type in ("Meeting", "PhoneCall", "Negotiation") and set(actors) & set(event.target_ids):
            return list(event.actor_ids)
    return []


def _roles(doc: Document, ctx: _Context) -> list[Role]:
    """Who holds which office, as the document says (apposition) or implies (a resolved title)."""
    roles, seen = [], set()
    for mention in doc.mentions:
        if mention.kind != "title" or not mention.position or not mention.entity:
            continue
        person = ctx.entity(mention.entity)
        org = mention.org or (ctx.home if _national(ctx, mention.position) else None)
        if person is None or person.type != "Person" or org is None:
            continue
        rule = "apposition" if mention.head is not None else "office-holder"
        key = (person.id, mention.position, org)
        if key not in seen:
            seen.add(key)
            roles.append(Role(person.id, mention.position, org, mention.sentence, mention.start, mention.end, rule))
    return roles
