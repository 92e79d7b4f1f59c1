"""Trigger lexicon + argument frames → event candidates with modality.

Each trigger entry of kg/data/triggers.jsonl names its event type, its forms,
the light verbs it takes and the frames it may appear in:

  verbal        X با Y دیدار کرد / از Y قدردانی کرد / Y را تکذیب کرد
  in            X در دیدار با Y ...  (X در تماس تلفنی با Y)
  nominal       دیدار X با Y / گفت‌وگوی تلفنی X و Y (headlines)
  nominal-sign  (با/برای) امضای توافق‌نامه ... X و Y
  passive       ... میان X و Y به امضا رسید
  parties       توافق ... X و Y حاصل شد
  nominal-az    ضمن قدردانی از Y
  nominal-agent حمایت X از Y
  inviter       Y به دعوت X ...
  summoned      سفیر X به وزارت خارجه احضار شد
  adjective     گلایه‌مندیم (first person in the trigger itself)
  bare-verb     X از Y خواست
  verbal-first  انتظار داریم Y ...

Arguments are mention indices; pronouns, titles and dropped subjects are
resolved later (resolve.py).  Modality comes from the verb (future, negation,
subjunctive) and from cues around the trigger (قرار است، آیا، مدعی، تکذیب).
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.clauses import Clause, Group
from kg.mentions import match_longest, phrase_at
from kg.model import Document, Event, Mention, Sentence
from kg.normalize import fold
from kg.resources import Resources

SYMMETRIC = {"Meeting", "PhoneCall", "Negotiation", "Agreement", "AgreementSigning"}
_MODALITY_RANK = {"asserted": 0, "planned": 1, "reported": 2, "hypothetical": 3, "denied": 4}


@dataclass
class Hit:
    """A trigger form found in a sentence."""
    entry: dict
    first: int
    last: int


def find_events(doc: Document, res: Resources) -> Document:
    """Fill doc.events (and mark speakers and dropped subjects as zero mentions)."""
    speaker: int | None = None
    paragraph = -1
    for sentence in doc.sentences:
        if sentence.paragraph != paragraph:
            paragraph, speaker = sentence.paragraph, None
        mentions = [(i, m) for i, m in enumerate(doc.mentions) if m.sentence == sentence.index]
        clause = Clause(sentence, mentions, res)
        speaker = _speaker(doc, clause, speaker)
        reader = _SentenceEvents(doc, sentence, clause, res, speaker)
        doc.events.extend(reader.read())
    return doc


def _speaker(doc: Document, clause: Clause, previous: int | None) -> int | None:
    """Who the quotation of this sentence belongs to: `X گفت: ...` carries on in its paragraph."""
    if ":" not in clause.keys:
        return previous
    colon = clause.keys.index(":")
    group = clause.subject(colon)
    if group is None:
        return _zero(doc, clause.sentence, 0)
    return group.mentions[0]


def _zero(doc: Document, sentence: Sentence, at: int, kind: str = "person") -> int:
    """A dropped party, anchored at token `at`, resolved later like وی (or like کشورمان: kind home)."""
    token = sentence.tokens[min(at, len(sentence.tokens) - 1)]
    doc.mentions.append(Mention(sentence=sentence.index, first=at, last=at, start=token.start, end=token.start,
                                text="", kind="zero", type=kind, source="zero-rule"))
    return len(doc.mentions) - 1


class _SentenceEvents:
    def __init__(self, doc: Document, sentence: Sentence, clause: Clause, res: Resources, speaker: int | None):
        self.doc, self.sentence, self.clause, self.res, self.speaker = doc, sentence, clause, res, speaker
        self.keys = clause.keys
        self.denial_spans: list[tuple[int, int]] = []
        self.window_end: dict[int, int] = {}      # id(event) -> end of its modality window

    def read(self) -> list[Event]:
        events = [e for hit in self.hits() for e in self.frame(hit)]
        events = self.drop_yielding(events)
        for event in events:
            event.modality = self.modality(event)
        return [e for e in events if self.keep(e)]

    def hits(self) -> list[Hit]:
        hits, i = [], 0
        while i < len(self.keys):
            found = match_longest(self.sentence.tokens, i, self.res.trigger_forms)
            if found:
                end, entries = found
                hits.extend(Hit(entry, i, end) for entry in entries)
                i = end
            else:
                i += 1
        return hits

    # -- frames ----------------------------------------------------------------
    def frame(self, hit: Hit) -> list[Event]:
        entry = hit.entry
        for frame in entry["frames"]:
            events = getattr(self, "frame_" + frame.replace("-", "_"))(hit)
            if events:
                return events
        return []

    def frame_verbal(self, hit: Hit) -> list[Event]:
        gap = 4 if hit.last < len(self.keys) and self.keys[hit.last] == fold("و") else 1
        if hit.entry["prep"] == "between":      # خواستار ... شد, عازم ... شد: the verb closes the clause
            gap = max(4, self._clause_end(hit.last) - hit.last)
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], gap)
        if verb is None:
            return []
        lo = self.clause.quote_start(hit.first)
        actors = self.actors(hit, lo, verb.person)
        if not actors:
            return []
        targets = self.targets(hit, lo, verb.first, actors)
        event = self.event(hit, actors, targets, f"{hit.entry['id']}/verbal")
        event.confidence = 0.85
        event.implicit_target = not targets and verb.person.startswith("1") and event.type in SYMMETRIC
        event.symmetric_group = not targets and event.type in SYMMETRIC and self._collective(actors, verb)
        event.speaker_plural = verb.person == "1pl"
        self._verb_modality(event, verb)
        return [event]

    def frame_verbal_first(self, hit: Hit) -> list[Event]:
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], 0)
        if verb is None or not verb.person.startswith("1"):
            return []
        group = self.clause.group_at(verb.last, 2)
        event = self.event(hit, self.first_person_actor(hit), group.mentions if group else [],
                           f"{hit.entry['id']}/first-person")
        event.speaker_plural = verb.person == "1pl"
        return [event]

    def frame_adjective(self, hit: Hit) -> list[Event]:
        if not self.keys[hit.last - 1].endswith(fold("یم")):
            return []
        lo = self.clause.quote_start(hit.first)
        target = self.clause.after_preposition(hit.entry["prep"], lo, hit.first, max_gap=3)
        event = self.event(hit, self.first_person_actor(hit), target.mentions if target else [],
                           f"{hit.entry['id']}/first-person")
        event.speaker_plural = True
        return [event]

    def frame_bare_verb(self, hit: Hit) -> list[Event]:
        lo = self.clause.quote_start(hit.first)
        actors = self.actors(hit, lo, "3sg")
        target = self.clause.after_preposition(hit.entry["prep"], lo, hit.first, max_gap=1)
        return [self.event(hit, actors, target.mentions if target else [], f"{hit.entry['id']}/verbal")] \
            if actors else []

    def frame_in(self, hit: Hit) -> list[Event]:
        k = self.clause.before(hit.first)
        if k < 0 or self.keys[k] not in {fold("در"), fold("طی")}:
            return []
        lo = self.clause.quote_start(hit.first)
        subject = self.clause.subject(k, lo)
        target = None
        for skip in range(3):
            at = hit.last + skip
            if at < len(self.keys) and self.keys[at] == fold(hit.entry.get("prep", "با")):
                target = self.clause.group_at(at + 1, 1)
                break
        if target is None and subject and len(subject.units) >= 2:
            subject, target = Group(subject.units[:1]), Group(subject.units[1:])
        if target is None:
            return []
        actors = subject.mentions if subject else [_zero(self.doc, self.sentence, k)]
        events = [self.event(hit, actors[:1], target.mentions, f"{hit.entry['id']}/in")]
        companion = self._accompanied(lo, k, hit.last)
        if companion and companion.mentions[0] not in actors:
            events.append(self.event(hit, companion.mentions[:1], target.mentions, f"{hit.entry['id']}/in-accompanied"))
        return events

    def _accompanied(self, lo: int, k: int, after: int) -> Group | None:
        """X Y را در سفر به Z همراهی کرد: Y made the trip (or the talks) too."""
        end = self._clause_end(after)
        if not set(self.keys[after:end]) & self.res.words("accompany_words"):
            return None
        people = {"Person", "Office"}
        return next((g for g in reversed(self.clause.groups_between(lo, k)) if self.clause.is_object(g)
                     and self.doc.mentions[g.mentions[0]].type in people and self._heads_phrase(g.first)), None)

    def _heads_phrase(self, first: int) -> bool:
        """Not the possessor of a noun before it (پیام پزشکیان را): after a mention, a clause word or nothing."""
        before = first - 1
        mention_ends = {m.last - 1 for m in self.clause.mentions.values()}
        return before < 0 or before in mention_ends or not self.keys[before].isalpha() \
            or self.keys[before] in self.res.words("clause_openers")

    def frame_nominal(self, hit: Hit) -> list[Event]:
        k = self.clause.before(hit.first)
        if k >= 0 and self.keys[k] in {fold("در"), fold("طی")}:
            return []
        first = self.clause.group_at(hit.last, 1)
        prep = hit.entry.get("prep", "با")          # دیدار X با Y, سفر X به Y
        if first is not None and self.clause.preposition(first) == fold(prep) == fold("با") \
                and hit.entry["type"] in ("Meeting", "PhoneCall"):
            # X پس از دیدار با Y ... / X دیدار با Y را تکذیب کرد: the clause's subject met Y in person
            # (مذاکره با آمریکا is a country's negotiation, not the speaker's)
            subject = self.clause.subject(hit.first, self.clause.quote_start(hit.first))
            return [self.event(hit, subject.mentions[:1], first.mentions, f"{hit.entry['id']}/nominal-subject")] \
                if subject else []
        if first is None or self.clause.preposition(first):
            return []
        if len(first.units) >= 2 and prep == "با":
            actors, targets = first.mentions[:1], first.mentions[1:]
        else:
            at = first.last + (1 if first.last < len(self.keys) and self.keys[first.last] == "»" else 0)
            if at >= len(self.keys) or self.keys[at] != fold(prep):
                return []
            second = self.clause.group_at(at + 1, 0)
            if second is None:
                return []
            actors, targets = first.mentions, second.mentions
        return [self.event(hit, actors, targets, f"{hit.entry['id']}/nominal")]

    def frame_nominal_sign(self, hit: Hit) -> list[Event]:
        end = self._clause_end(hit.last)
        parties = self.parties(hit.last, min(end, hit.last + 10))
        if parties:
            event = self.event(hit, parties[:1], parties[1:], f"{hit.entry['id']}/nominal-parties")
        else:
            lo = self.clause.quote_start(hit.first)
            subject = self.clause.subject(hit.first, lo)
            if subject is None:
                return []
            event = self.event(hit, subject.mentions[:1], subject.mentions[1:], f"{hit.entry['id']}/nominal")
            event.symmetric_group = len(subject.units) == 1
        k = self.clause.before(hit.first)
        if k >= 0 and self.keys[k] in {fold("برای"), fold("منظور")}:
            event.modality = "planned"
        return [event]

    def frame_passive(self, hit: Hit) -> list[Event]:
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], 0)
        if verb is None:
            return []
        parties = self.parties(self.clause.boundary_before(hit.first), hit.first)
        if not parties:
            return []
        event = self.event(hit, parties[:1], parties[1:], f"{hit.entry['id']}/passive")
        self._verb_modality(event, verb)
        return [event]

    def frame_parties(self, hit: Hit) -> list[Event]:
        end = self._clause_end(hit.last)
        required = [fold(w) for w in hit.entry.get("requires", [])]
        at = next((k for k in range(hit.last, end) if self.keys[k].startswith(tuple(required))), None)
        if at is None:
            return []
        parties = self.parties(hit.last, at)
        if not parties:
            return []
        return [self.event(hit, parties[:1], parties[1:], f"{hit.entry['id']}/parties")]

    def frame_nominal_az(self, hit: Hit) -> list[Event]:
        """ضمن قدردانی از Y / با تشکر از Y: an adverbial praise of the clause's subject."""
        k = self.clause.before(hit.first)
        if k < 0 or self.keys[k] not in {fold("ضمن"), fold("با")}:
            return []
        if hit.last >= len(self.keys) or self.keys[hit.last] != fold("از"):
            return []
        target = self.clause.group_at(hit.last + 1, 6)
        lo = self.clause.quote_start(hit.first)
        subject = self.clause.subject(hit.first, lo)
        if target is None or subject is None:
            return []
        return [self.event(hit, subject.mentions, target.mentions[:1], f"{hit.entry['id']}/nominal")]

    def frame_nominal_agent(self, hit: Hit) -> list[Event]:
        agent = self.clause.group_at(hit.last, 0)
        if agent is None or agent.last >= len(self.keys) or self.keys[agent.last] != fold("از"):
            return []
        target = self.clause.group_at(agent.last + 1, 2)
        if target is None:
            return []
        return [self.event(hit, agent.mentions, target.mentions, f"{hit.entry['id']}/nominal")]

    def frame_summoned(self, hit: Hit) -> list[Event]:
        """سفیر X به وزارت خارجه احضار شد: the summoner (after به) criticises the envoy's country."""
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], 0)
        if verb is None:
            return []
        lo = self.clause.quote_start(hit.first)
        envoy = self.clause.subject(hit.first, lo)
        if envoy is None:
            return []
        summoner = self.clause.after_preposition("به", lo, hit.first)     # else the host: به وزارت خارجه
        actors = summoner.mentions[:1] if summoner else [_zero(self.doc, self.sentence, hit.first, "home")]
        event = self.event(hit, actors, envoy.mentions[:1], f"{hit.entry['id']}/summoned")
        self._verb_modality(event, verb)
        return [event]

    def frame_inviter(self, hit: Hit) -> list[Event]:
        inviter = self.clause.group_at(hit.last, 1)
        lo = self.clause.quote_start(hit.first)
        invited = self.clause.subject(hit.first, lo)
        if inviter is None or invited is None:
            return []
        return [self.event(hit, inviter.mentions, invited.mentions, f"{hit.entry['id']}/inviter")]

    # -- arguments -------------------------------------------------------------
    def actors(self, hit: Hit, lo: int, person: str) -> list[int]:
        if person.startswith("1"):
            return self.first_person_actor(hit)
        subject = self.clause.subject(hit.first, lo)
        if subject:
            return subject.mentions
        return [_zero(self.doc, self.sentence, hit.first)]

    def first_person_actor(self, hit: Hit) -> list[int]:
        if self.speaker is not None:
            return [self.speaker]
        return [_zero(self.doc, self.sentence, hit.first)]

    def targets(self, hit: Hit, lo: int, verb_first: int, actors: list[int]) -> list[int]:
        prep = hit.entry.get("prep", "")
        start = self._after_actors(actors, lo)
        start = max(start, self.clause.boundary_before(hit.first))
        if prep in ("با", "از", "به"):
            group = self.clause.after_preposition(prep, start, hit.first)
            if group is None and prep == "با":
                group = self._reciprocal(hit, actors)
            if group is None and hit.entry.get("object_fallback"):     # پیروزی X را تبریک گفت → X
                obj = next((g for g in self.clause.groups_between(start, hit.first) if self.clause.is_object(g)), None)
                group = self._first_party(start, obj.last) if obj else None
            return group.mentions if group else []
        if prep == "object":
            group = next((g for g in self.clause.groups_between(start, hit.first) if self.clause.is_object(g)), None)
            return self._first_party(start, group.last).mentions[:1] if group else []
        if prep == "object-country":
            return self._object_country(start, hit.first)
        if prep == "claim":
            return self._claimant(start, hit.first)
        if prep == "between":
            group = self._first_party(hit.last, verb_first)     # خواستار توقف حملات X به غزه شد → X
            return group.mentions if group else []
        return []

    def _first_party(self, lo: int, hi: int) -> Group | None:
        """The first party of a phrase that is not behind a preposition: in حمله X به Y the attacker X."""
        return next((g for g in self.clause.groups_between(lo, hi) if not self.clause.preposition(g)), None)

    def _after_actors(self, actors: list[int], lo: int) -> int:
        ends = [self.doc.mentions[m].last for m in actors if self.doc.mentions[m].sentence == self.sentence.index
                and self.doc.mentions[m].kind != "zero"]
        for group in self.clause.groups:
            if set(group.mentions) & set(actors):
                ends.append(group.last)
        return max([lo, *ends])

    def _collective(self, actors: list[int], verb) -> bool:
        """رؤسای جمهور دو کشور (با هم) دیدار خواهند کرد: one plural party meets itself."""
        mention = self.doc.mentions[actors[0]]
        plural = mention.plural or (mention.kind == "pronoun" and mention.type == "pair") or mention.type == "Group"
        return plural and verb.person == "3pl"

    def _reciprocal(self, hit: Hit, actors: list[int]) -> Group | None:
        """X و Y (با هم) دیدار کردند: the coordinated subject are the parties."""
        for group in self.clause.groups:
            if actors and actors[0] in group.mentions and len(group.units) >= 2:
                actors[:] = group.mentions[:1]
                return Group(group.units[1:])
        return None

    def _object_country(self, lo: int, hi: int) -> list[int]:
        for group in self.clause.groups_between(lo, hi):
            mention = self.doc.mentions[group.mentions[0]]
            if mention.kind == "title" and mention.org:
                return [group.mentions[0]]
            if mention.type == "Country":
                return [group.mentions[0]]
        return []

    def _claimant(self, lo: int, hi: int) -> list[int]:
        """تکذیب: the target is who made the claim (ادعای نیویورک‌تایمز ... را تکذیب کرد)."""
        claim_words = self.res.words("claim_words")
        for k in range(lo, hi):
            if self.keys[k] in claim_words:
                self.denial_spans.append((k, hi))
                group = self.clause.group_at(k + 1, 2)
                if group and group.last <= hi:
                    return group.mentions[:1]
                return []
        # دیدار X با Y را تکذیب کرد: what is denied, no claimant; only the object's own clause
        # (... انجام شد اما مذاکره با آمریکا را تکذیب کرد denies the negotiation, not the meeting)
        openers = self.res.words("denial_object_openers")
        start = max([lo, self.clause.boundary_before(hi), *(k + 1 for k in range(lo, hi) if self.keys[k] in openers)])
        self.denial_spans.append((start, hi))
        return []

    def parties(self, lo: int, hi: int) -> list[int]:
        """Two or more coordinated parties (ایران و روسیه), or a pair word (دو کشور)."""
        for group in self.clause.groups_between(lo, hi):
            if len(group.units) >= 2:
                return group.mentions
            mention = self.doc.mentions[group.mentions[0]]
            if mention.kind == "pronoun" and mention.type == "pair":
                return group.mentions
        return []

    def _clause_end(self, i: int) -> int:
        k = i
        while k < len(self.keys) and self.keys[k] not in {"،", ":", "؛", ".", "؟", "!"}:
            k += 1
        return k

    # -- events and modality ---------------------------------------------------
    def event(self, hit: Hit, actors: list[int], targets: list[int], rule: str) -> Event:
        tokens = self.sentence.tokens
        start, end = tokens[hit.first].start, tokens[hit.last - 1].end
        return Event(type=hit.entry["type"], sentence=self.sentence.index, trigger_start=start, trigger_end=end,
                     trigger=self.doc.text[start:end], actors=list(actors), targets=list(targets), rule=rule,
                     target_country=hit.entry.get("target_as_country", False))

    def _verb_modality(self, event: Event, verb) -> None:
        self.window_end[id(event)] = verb.last
        if verb.negated:
            event.modality = "denied"
        elif verb.future or verb.subjunctive:
            event.modality = "planned"

    def modality(self, event: Event) -> str:
        modality = event.modality
        first = self._token_index(event.trigger_start)
        before = self.sentence.tokens[self.clause.boundary_before(first):first]
        after_end = self.window_end.get(id(event), self._clause_end(first))
        window = [t.key for t in before] + self.keys[first:after_end]
        text = "".join(window)

        def has(cues: str) -> bool:
            return any(fold(c) in text for c in self.res.cues[cues])

        found = [modality]
        if any(lo <= first < hi for lo, hi in self.denial_spans):
            found.append("denied")
        if has("claim_cues"):
            found.append("reported")
            if any(fold(c) in "".join(self.keys) for c in self.res.cues["denial_verbs"]):
                found.append("denied")
        if self._hypothetical(first):
            found.append("hypothetical")
        if has("planned_cues"):
            found.append("planned")
        return max(found, key=_MODALITY_RANK.__getitem__)

    def _hypothetical(self, first: int) -> bool:
        lo = self.clause.boundary_before(first, (":", "؛", ";"))
        cues = self.res.cues["hypothetical_cues"]
        return any(phrase_at(self.sentence.tokens, k, [fold(c) for c in cues]) for k in range(lo, first))

    def _token_index(self, start: int) -> int:
        return next(i for i, t in enumerate(self.sentence.tokens) if t.start == start)

    def drop_yielding(self, events: list[Event]) -> list[Event]:
        """Talk verbs inside a phone call are the call, not a second meeting."""
        by_rule = {e.rule.split("/")[0] for e in events}
        entries = {t["id"]: t for t in self.res.triggers}
        kept = []
        for event in events:
            entry = entries[event.rule.split("/")[0]]
            others = {e.type for e in events if e.rule.split("/")[0] != entry["id"]}
            if set(entry.get("yield_to", ())) & others and by_rule:
                continue
            kept.append(event)
        return kept

    def keep(self, event: Event) -> bool:
        """Drop candidates without both parties, interviews and sports matches."""
        if not event.actors or (not event.targets and not event.symmetric_group and not event.implicit_target):
            return False
        types = self.res.entities
        entry = next(t for t in self.res.triggers if t["id"] == event.rule.split("/")[0])
        allowed = set(entry.get("target_types", ()))
        for m in event.targets:
            mention = self.doc.mentions[m]
            is_media = mention.type == "Media" or (mention.entity in types and types[mention.entity].type == "Media")
            if is_media and event.type in ("Meeting", "Negotiation", "PhoneCall"):
                return False
            if allowed and mention.kind == "name" and mention.type not in allowed \
                    and not (mention.entity in self.res.stands_for and "Country" in allowed):
                return False
        if event.type in ("Meeting", "Negotiation"):
            if set(self.keys) & self.res.words("sport_words"):
                return False
            if self._interview(event):
                return False
        return True

    def _interview(self, event: Event) -> bool:
        for m in event.targets:
            mention = self.doc.mentions[m]
            after = self.keys[mention.last:mention.last + 1]
            if mention.kind == "name" and after and after[0] in self.res.words("interview_words"):
                return True
        return False
