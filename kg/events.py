"""Trigger lexicon + argument frames → event candidates with modality.

Each trigger entry of kg/data/triggers.jsonl names its event type, its forms,
the light verbs it takes and the frames it may appear in (kg/frames.py says
where each frame looks for the parties).  This module finds the triggers,
picks the parties, decides modality and drops what is not a diplomatic event.

Arguments are mention indices; pronouns, titles and dropped subjects are
resolved later (resolve.py).  Modality comes from the verb (future, negation,
subjunctive) and from cues around the trigger (قرار است، آیا، مدعی، تکذیب).
"""
from __future__ import annotations

from kg.clauses import Clause, Group
from kg.frames import Frames, Hit, zero_mention as _zero
from kg.mentions import match_longest, phrase_at
from kg.model import Document, Event, Sentence, mentions_by_sentence
from kg.normalize import fold
from kg.resources import Resources

_CLAUSE_JOINS = frozenset({fold("و"), fold("که")})      # ... کرد و ... / ... گفت که ...
_MODALITY_RANK = {"asserted": 0, "planned": 1, "reported": 2, "hypothetical": 3, "denied": 4}


def find_events(doc: Document, res: Resources) -> Document:
    """Fill doc.events (and mark speakers and dropped subjects as zero mentions)."""
    speaker: int | None = None
    paragraph = -1
    grouped = mentions_by_sentence(doc)
    for sentence in doc.sentences:
        if sentence.paragraph != paragraph:
            paragraph, speaker = sentence.paragraph, None
        mentions = grouped.get(sentence.index, [])
        clause = Clause(sentence, mentions, res)
        _anchor_counterparts(clause)
        speaker = _speaker(doc, clause, speaker)
        reader = _SentenceEvents(doc, sentence, clause, res, speaker)
        doc.events.extend(reader.read())
    return doc


def _anchor_counterparts(clause: Clause) -> None:
    """همتای ایرانی خود is the counterpart of its own clause's subject (X به دعوت همتای ایرانی خود),
    and همتای سعودی after `X و` the counterpart of X (گفتگوی تلفنی X و همتای سعودی)."""
    ends = {m.last: index for index, m in clause.mentions.items() if m.type in ("Person", "Office")}
    for mention in clause.mentions.values():
        if mention.counterpart and mention.anchor is None:
            before = mention.first - 1
            if before >= 1 and clause.keys[before] == fold("و") and before in ends:
                mention.anchor = ends[before]
                continue
            subject = clause.subject(mention.first, clause.quote_start(mention.first))
            if subject is not None:
                mention.anchor = subject.mentions[0]


def _speaker(doc: Document, clause: Clause, previous: int | None) -> int | None:
    """Who the quotation of this sentence belongs to: `X گفت: ...` carries on in its paragraph."""
    if ":" not in clause.keys:
        return previous
    colon = clause.keys.index(":")
    group = clause.subject(colon)
    if group is None:
        return _zero(doc, clause.sentence, 0)
    return group.mentions[0]


def _has_phrase(keys: list[str], phrases: list[str]) -> bool:
    return _phrase_in(keys, phrases) is not None


def _phrase_in(keys: list[str], phrases: list[str]) -> str | None:
    """The first of the phrases that is a run of whole tokens in keys (ساعاتی holds no آتی)."""
    wanted: dict[str, str] = {}
    for phrase in phrases:
        wanted.setdefault(fold(phrase), phrase)        # the first spelling listed names the cue
    longest = max(len(p) for p in wanted)
    for i in range(len(keys)):
        run = ""
        for key in keys[i:]:
            run += key
            if run in wanted:
                return wanted[run]
            if len(run) >= longest:
                break
    return None


class _SentenceEvents(Frames):
    def __init__(self, doc: Document, sentence: Sentence, clause: Clause, res: Resources, speaker: int | None):
        self.doc, self.sentence, self.clause, self.res, self.speaker = doc, sentence, clause, res, speaker
        self.keys = clause.keys
        self.denial_spans: list[tuple[int, int]] = []
        self.window_end: dict[int, int] = {}      # id(event) -> end of its modality window

    def read(self) -> list[Event]:
        events = [e for hit in self.hits() for e in self.frame(hit)]
        events = self.drop_yielding(events)
        for event in events:
            modality, cue = self.modality(event)
            if modality != event.modality:
                event.modality_cue = cue
            event.modality = modality
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

    # -- arguments -------------------------------------------------------------
    def actors(self, hit: Hit, lo: int, person: str) -> list[int]:
        if person.startswith("1"):
            return self.first_person_actor(hit)
        subject = self.clause.subject(hit.first, lo)
        if subject:
            return subject.mentions
        if self._unnamed_subject(hit.first):
            return []
        return [_zero(self.doc, self.sentence, hit.first)]

    def _unnamed_subject(self, first: int) -> bool:
        """نیروهای اسرائیلی وارد خاک سوریه شدند: the clause opens with a noun that names no party,
        so its subject is not dropped (and is not the previous sentence's topic)."""
        k = max(self.clause.boundary_before(first), *(i + 1 for i in range(first) if self.keys[i] in _CLAUSE_JOINS),
                0)
        while k < first and (self.keys[k] in self.res.words("clause_openers") or not self.keys[k].isalpha()):
            k += 1
        if k >= first:
            return False
        closed = ("prepositions", "pronouns", "honorifics", "future_aux")
        return not any(self.keys[k] in self.res.words(name) for name in closed)

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
                group = self._object_party(start, hit.first)
            return group.mentions if group else []
        if prep == "object":
            group = self._object_party(start, hit.first) or self._distant_object(actors, lo, hit.first) \
                or self._demonstrative_object(start, hit.first, actors)
            return group.mentions if group else []          # تلاش‌های X، Y و Z را: each of them
        if prep == "object-country":
            return self._object_country(start, hit.first)
        if prep == "claim":                 # ادعاهای قبلی X درباره ...، ...، و ... را دروغ خواند: the claim opens the object
            return self._claimant(start, hit.first) or self._claimant(self._after_actors(actors, lo), hit.first)
        if prep == "between":
            group = self._first_party(hit.last, verb_first)     # خواستار توقف حملات X به غزه شد → X
            return group.mentions if group else []
        return []

    def _object_party(self, lo: int, hi: int) -> Group | None:
        """The party an object names: حمله X به Y را → X; حمله به ایران را → ایران (none is free)."""
        obj = next((g for g in self.clause.groups_between(lo, hi) if self.clause.is_object(g)), None)
        return (self._first_party(lo, obj.last) or obj) if obj else None

    def _distant_object(self, actors: list[int], lo: int, hi: int) -> Group | None:
        """X Y را به حمایت از ... ، که ... ، متهم کرد: the object stands before a long phrase with
        commas of its own; it still belongs to this verb if no finite verb closes a clause between."""
        start = self._after_actors(actors, lo)
        obj = next((g for g in self.clause.groups_between(start, hi) if self.clause.is_object(g)), None)
        if obj is None or obj.first == start and not actors:
            return None
        finite, relative = self.res.finite_verbs(), False
        for k in range(obj.last, hi - 1):
            relative = relative or self.keys[k] == fold("که")      # ... که در مرز فعال بود ، : a relative clause
            if self.keys[k] in finite and (self.keys[k + 1] in (fold("و"), ".") or not relative):
                return None
        return self._first_party(start, obj.last) or obj

    def _demonstrative_object(self, lo: int, hi: int, actors: list[int]) -> Group | None:
        """پس از حمله X به Y، ... این حمله را محکوم کرد: «این حمله» is the attack named before in the
        sentence, whose first party is the target (as in حمله X به Y را محکوم کرد)."""
        marker = next((k for k in range(max(lo, 2), hi) if self.keys[k] == fold("را")), None)
        if marker is None or self.keys[marker - 2] not in self.res.words("demonstratives"):
            return None
        noun = self.keys[marker - 1]
        named = next((k for k in range(marker - 3, -1, -1) if self.keys[k] == noun), None)
        if named is None:
            return None
        end = next((k for k in range(named + 1, marker - 2) if self.keys[k] in {"،", "؛", ":"}), marker - 2)
        party = self._first_party(named + 1, end)
        return party if party is not None and not set(party.mentions) & set(actors) else None

    def _first_party(self, lo: int, hi: int) -> Group | None:
        """The first party of a phrase that is not behind a preposition: in حمله X به Y the attacker X.
        The phrase starts after the last clause joined before it (... حمایت کرد و اقدامات X را ...)."""
        lo = max([lo, *(k + 1 for k in range(lo + 1, hi) if self.keys[k] in _CLAUSE_JOINS
                        and self.keys[k - 1] in self.res.finite_verbs())])
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
        """Two or more coordinated parties (ایران و روسیه), or one plural party: a pair word
        (دو کشور) or a plural title (وزیران خارجه دو کشور)."""
        for group in self.clause.groups_between(lo, hi):
            if len(group.units) >= 2:
                return group.mentions
            mention = self.doc.mentions[group.mentions[0]]
            if (mention.kind == "pronoun" and mention.type == "pair") or (mention.kind == "title" and mention.plural):
                return group.mentions
        return []

    def between_parties(self, hit: Hit, parties: list[int], rule: str) -> Event:
        """An event among parties: the first against the others, or one plural party among itself."""
        event = self.event(hit, parties[:1], parties[1:], rule)
        event.symmetric_group = len(parties) == 1
        return event

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
            event.modality, event.modality_cue = "denied", "negated verb"
        elif verb.future or verb.subjunctive:
            event.modality = "planned"
            event.modality_cue = "future verb" if verb.future else "subjunctive verb"
        elif verb.present and event.type in self.res.cues["occurrence_types"]:
            event.modality, event.modality_cue = "planned", "present tense of an occurrence"

    def modality(self, event: Event) -> tuple[str, str]:
        """The strongest modality that the event's window shows, and the cue that shows it."""
        first = self._token_index(event.trigger_start)
        before = self.sentence.tokens[self.clause.boundary_before(first):first]
        after_end = self.window_end.get(id(event), self._clause_end(first))
        window = [t.key for t in before] + self.keys[first:after_end]

        def cue(cues: str) -> str | None:
            return _phrase_in(window, self.res.cues[cues])

        found = [(event.modality, event.modality_cue)]
        if first > 0 and self.keys[self.clause.before(first)] in self.res.words("negative_determiners"):
            found.append(("denied", self.sentence.tokens[self.clause.before(first)].text))   # هیچ دیداری
        if set(self.keys[first:self._token_index_end(event.trigger_end)]) & self.res.words("future_aux"):
            found.append(("planned", "future verb"))                    # خواهد آمد
        if cancelled := cue("cancel_cues"):
            found.append(("denied", cancelled))                         # سفر X به Y لغو شد
        if any(lo <= first < hi for lo, hi in self.denial_spans):
            found.append(("denied", "inside a denied report"))
        if claimed := cue("claim_cues"):
            found.append(("reported", claimed))
            if denial := _phrase_in(self.keys, self.res.cues["denial_verbs"]):
                found.append(("denied", f"{claimed} … {denial}"))
        if hypothetical := self._hypothetical(first):
            found.append(("hypothetical", hypothetical))
        if planned := cue("planned_cues"):
            found.append(("planned", planned))
        return max(found, key=lambda pair: _MODALITY_RANK[pair[0]])

    def _hypothetical(self, first: int) -> str | None:
        lo = self.clause.boundary_before(first, (":", "؛", ";"))
        cues = self.res.words("hypothetical_cues")
        tokens = self.sentence.tokens
        for k in range(lo, first):
            if (end := phrase_at(tokens, k, cues)) is not None:
                return self.doc.text[tokens[k].start:tokens[end - 1].end]
        return None

    def _token_index_end(self, end: int) -> int:
        return next(i + 1 for i, t in enumerate(self.sentence.tokens) if t.end == end)

    def _token_index(self, start: int) -> int:
        return next(i for i, t in enumerate(self.sentence.tokens) if t.start == start)

    def drop_yielding(self, events: list[Event]) -> list[Event]:
        """Talk verbs in a sentence that names a phone call are the call, not a second meeting
        (تماس تلفنی ... داشت و ... تبادل نظر کرد), even when the call's own parties were not found."""
        entries = {t["id"]: t for t in self.res.triggers}
        calls = {hit.entry["id"] for hit in self.hits() if hit.entry["type"] == "PhoneCall"}
        kept = []
        for event in events:
            entry = entries[event.rule.split("/")[0]]
            others = {e.type for e in events if e.rule.split("/")[0] != entry["id"]}
            if calls - {entry["id"]}:
                others.add("PhoneCall")
            if set(entry.get("yield_to", ())) & others:
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
        if event.type in ("Meeting", "Negotiation", "Visit", "Praise") and set(self.keys) & self.res.words("sport_words"):
            return False
        if event.type in ("Meeting", "Negotiation") and self._interview(event):
            return False
        return True

    def _interview(self, event: Event) -> bool:
        for m in event.targets:
            mention = self.doc.mentions[m]
            after = self.keys[mention.last:mention.last + 1]
            if mention.kind == "name" and after and after[0] in self.res.words("interview_words"):
                return True
        return False
