"""Argument frames: where the parties of a trigger stand, one method per frame.

Each trigger entry of kg/data/triggers.jsonl lists the frames it may appear
in; `Frames.frame` tries them in order and the first that finds its parties
wins.  The methods use the argument helpers of kg.events._SentenceEvents
(actors, targets, parties, event, modality), which mixes this class in.

  verbal        X با Y دیدار کرد / از Y قدردانی کرد / Y را تکذیب کرد
  conducted     X مذاکراتی را با Y انجام داد (the noun is the object of a verb of holding it)
  in            X در دیدار با Y ...  (X در تماس تلفنی با Y); X Y را در سفر به Z همراهی کرد
  nominal       دیدار X با Y / سفر X به Y / X پس از دیدار با Y (headlines, noun phrases)
  nominal-sign  (با/برای) امضای توافق‌نامه ... X و Y
  passive       ... میان X و Y به امضا رسید
  parties       توافق ... X و Y حاصل شد
  among         مذاکرات (دوجانبه) میان X و Y انجام شد / گفت‌وگوی تلفنی بین X و Y
  nominal-az    ضمن قدردانی از Y
  nominal-agent حمایت X از Y
  inviter       Y به دعوت X ...
  accepted      Y دعوت X را پذیرفت
  summoned      سفیر X به وزارت خارجه احضار شد
  adjective     گلایه‌مندیم (first person in the trigger itself)
  bare-verb     X از Y خواست / X به Y آمد
  verbal-first  انتظار داریم Y ...
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.clauses import Group
from kg.model import Document, Event, Mention, Sentence
from kg.normalize import fold

SYMMETRIC = {"Meeting", "PhoneCall", "Negotiation", "Agreement", "AgreementSigning"}


@dataclass
class Hit:
    """A trigger form found in a sentence."""
    entry: dict
    first: int
    last: int


def zero_mention(doc: Document, sentence: Sentence, at: int, kind: str = "person") -> int:
    """A dropped party, anchored at token `at`, resolved later like وی (or like کشورمان: kind home)."""
    token = sentence.tokens[min(at, len(sentence.tokens) - 1)]
    doc.mentions.append(Mention(sentence=sentence.index, first=at, last=at, start=token.start, end=token.start,
                                text="", kind="zero", type=kind, source="zero-rule"))
    return len(doc.mentions) - 1


class Frames:
    """The frame methods of kg.events._SentenceEvents."""

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
            end = self._clause_end(hit.last)
            end = next((k for k in range(hit.last, end) if self.keys[k] == fold("که")), end)
            gap = max(4, end - hit.last)
        gap = max(gap, hit.entry.get("max_gap", 0))     # نقض آشکار قوانین بین‌المللی خواند
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], gap)
        partner = None
        if verb is None:
            partner, verb = self._partner_then_verb(hit)
        if verb is None:
            return []
        return self._verb_event(hit, verb, partner, "verbal")

    def frame_conducted(self, hit: Hit) -> list[Event]:
        """مذاکراتی را با Y انجام داد / گفتگوهای خود را آغاز کردند: the noun is the object of a verb
        of holding it (انجام، آغاز، برگزار، ادامه ... دادن/کردن), its partner anywhere before that verb."""
        at = next((k for k in range(hit.last, min(hit.last + 3, len(self.keys))) if self.keys[k] == fold("را")), None)
        if at is None or self.clause.groups_between(hit.last, at):
            return []               # گفتگوهای آتش‌بس خود را: a complement may stand before را, not a party
        nouns = self.res.words("conduct_nouns")
        held = next((k for k in range(at + 1, self._clause_end(at)) if self.keys[k] in nouns), None)
        verb = self.clause.verb_group(held + 1, ["kardan", "dadan"], 0) if held is not None else None
        if verb is None:
            return []
        return self._verb_event(hit, verb, self.clause.after_preposition("با", at, held), "conducted")

    def _verb_event(self, hit: Hit, verb, partner: Group | None, frame: str) -> list[Event]:
        """The event of a trigger whose verb is found: the subject acts; the partner phrase, or the
        entry's own preposition, names the target."""
        lo = self.clause.quote_start(hit.first)
        actors = self.actors(hit, lo, verb.person)
        if not actors:
            return []
        targets = partner.mentions if partner else self.targets(hit, lo, verb.first, actors)
        event = self.event(hit, actors, targets, f"{hit.entry['id']}/{frame}")
        event.confidence = 0.85
        event.implicit_target = not targets and verb.person.startswith("1") and event.type in SYMMETRIC
        event.symmetric_group = not targets and event.type in SYMMETRIC and self._collective(actors, verb)
        event.speaker_plural = verb.person == "1pl"
        self._verb_modality(event, verb)
        return [event]

    def _partner_then_verb(self, hit: Hit):
        """دیداری با Y داشت / سفری را به Y داشت: the partner phrase stands between the noun and its verb."""
        prep, at = hit.entry.get("prep", ""), hit.last
        if at < len(self.keys) and self.keys[at] == fold("را"):          # سفری را به Y داشت
            at += 1
        if prep not in ("با", "به", "از") or at >= len(self.keys) or self.keys[at] != fold(prep):
            return None, None
        before = self.clause.before(hit.first)
        if before >= 0 and (self.keys[before] in self.res.words("prepositions")
                            or self.keys[before] in self.res.words("governing_nouns")):
            return None, None      # تمایلی به دیدار با Y ندارد, تصمیم سفر به Y: no event of its own
        partner = self.clause.group_at(at + 1, 0)
        if partner is None:
            return None, None
        verb = self.clause.verb_group(partner.last, hit.entry["verbs"], 1)
        return (partner, verb) if verb else (None, None)

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
        if hit.entry.get("needs_subject"):      # باران به تهران آمد / پیام پوتین به تهران آمد: no visit
            subject = self.clause.subject(hit.first, lo)
            if subject is None or not self._heads_phrase(subject.first):
                return []
        person = self.clause._person(self.keys[hit.last - 1], False)     # ما از ژاپن می‌خواهیم → 1pl
        actors = self.actors(hit, lo, person if person.startswith("1") else "3sg")
        target = self.clause.after_preposition(hit.entry["prep"], lo, hit.first, max_gap=1)
        if not actors:
            return []
        event = self.event(hit, actors, target.mentions if target else [], f"{hit.entry['id']}/verbal")
        event.speaker_plural = person == "1pl"
        return [event]

    def _in_opener(self, hit: Hit) -> int:
        """The در/طی that governs the trigger, over nouns such as جریان، خلال، حاشیه (-1 if none)."""
        k = self.clause.before(hit.first)
        nouns = self.res.words("in_frame_nouns")
        while k > 0 and self.keys[k] in nouns:
            k -= 1
        return k if k >= 0 and self.keys[k] in {fold("در"), fold("طی")} else -1

    def _agent_reading(self, hit: Hit) -> tuple[Group, Group] | None:
        """سفر X به Y / دیدار X با Y inside در جریان ...: the noun's own agent and partner."""
        agent = self.clause.group_at(hit.last, 2)
        prep = fold(hit.entry.get("prep", "با"))
        if agent is None or self.clause.preposition(agent) or not self.clause.acts(agent):
            return None
        at = agent.last + (1 if agent.last < len(self.keys) and self.keys[agent.last] == "،" else 0)
        if at >= len(self.keys) or self.keys[at] != prep:
            return None
        target = self.clause.group_at(at + 1, 0)
        return (agent, target) if target is not None else None

    def frame_in(self, hit: Hit) -> list[Event]:
        k = self._in_opener(hit)
        if k < 0:
            return []
        if (reading := self._agent_reading(hit)) is not None:   # در جریان سفر X، عنوان، به Y
            agent, target = reading
            return [self.event(hit, agent.mentions[:1], target.mentions, f"{hit.entry['id']}/in-agent")]
        lo = self.clause.quote_start(hit.first)
        subject = self.clause.subject(k, lo)
        target = None
        for skip in range(3):
            at = hit.last + skip
            if at < len(self.keys) and self.keys[at] == fold(hit.entry.get("prep", "با")) and at not in self.clause.idioms:
                target = self.clause.group_at(at + 1, 1)
                break
        if target is None and hit.entry["type"] in ("Meeting", "PhoneCall"):   # در دیدار وزیر خارجه عراق (ezafe)
            honorific = hit.last < len(self.keys) and self.keys[hit.last] in self.res.words("honorifics")
            guest = self.clause.group_at(hit.last, 1 if honorific else 0)         # ... تلفنی دکتر X و Y
            if guest and self.doc.mentions[guest.mentions[0]].type in ("Person", "Office"):
                if len(guest.units) >= 2:                            # در رایزنی پزشکیان و پوتین: they met
                    subject, guest = Group(guest.units[:1]), Group(guest.units[1:])
                target = guest
        if target is None and subject and len(subject.units) >= 2:
            subject, target = Group(subject.units[:1]), Group(subject.units[1:])
        if target is None:
            return []
        actors = subject.mentions if subject else [zero_mention(self.doc, self.sentence, k)]
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
        if self._in_opener(hit) >= 0:
            return []
        first = self.clause.group_at(hit.last, 1)
        prep = hit.entry.get("prep", "با")          # دیدار X با Y, سفر X به Y
        if first is not None and self.clause.preposition(first) == fold(prep) \
                and hit.entry["type"] in ("Meeting", "PhoneCall", "Visit") and self._contact_of_subject(hit, first):
            # X پس از دیدار با Y ... / X دیدار با Y را تکذیب کرد: the clause's subject met Y in person
            # (مذاکره با آمریکا is a country's negotiation, not the speaker's)
            subject = self.clause.subject(hit.first, self.clause.quote_start(hit.first))
            return [self.event(hit, subject.mentions[:1], first.mentions, f"{hit.entry['id']}/nominal-subject")] \
                if subject else []
        if first is None or self.clause.preposition(first):
            return []
        if len(first.units) == 1 and prep == "با" and hit.entry["type"] in SYMMETRIC and self._names_several(first):
            event = self.event(hit, first.mentions[:1], [], f"{hit.entry['id']}/nominal-collective")
            event.symmetric_group = True                 # دیدار وزرای خارجه ایران و عربستان: they met
            return [event]
        if len(first.units) >= 2 and prep == "با":
            actors, targets = first.mentions[:1], first.mentions[1:]
        else:
            at = first.last + (1 if first.last < len(self.keys) and self.keys[first.last] in ("»", "،") else 0)
            if at >= len(self.keys) or self.keys[at] != fold(prep):
                return []
            place_word = at + 1 < len(self.keys) and self.keys[at + 1] in self.res.words("place_cues")
            second = self.clause.group_at(at + 1, 1 if place_word else 0)     # دیدار X از (کشور) Y
            if second is None:
                return []
            actors, targets = first.mentions, second.mentions
        return [self.event(hit, actors, targets, f"{hit.entry['id']}/nominal")]

    def _names_several(self, group: Group) -> bool:
        """One mention that names two parties or more: a plural title of two countries or more that
        it names (وزرای خارجه ایران و عربستان; not دو کشور, whose pair comes from context)."""
        mention = self.doc.mentions[group.mentions[0]]
        return mention.plural and len([org for org in mention.orgs if org != "@pair"]) >= 2

    def _contact_of_subject(self, hit: Hit, target: Group) -> bool:
        """پس از دیدار با Y / دیدار با Y را تکذیب کرد — not آماده گفت‌وگو با Y نیست or امکان دیدار با Y."""
        k = self.clause.before(hit.first)
        after_time = k >= 1 and self.keys[k] == fold("از") and self.keys[k - 1] in self.res.words("time_openers")
        denied = self.clause.is_object(target) and any(
            entry["type"] == "Denial" for entry in self.res.trigger_forms.get(self.keys[min(target.last + 1, len(self.keys) - 1)], ()))
        return after_time or denied

    def frame_nominal_sign(self, hit: Hit) -> list[Event]:
        end = self._clause_end(hit.last)
        parties = self.parties(hit.last, min(end, hit.last + 10))
        if parties:
            event = self.between_parties(hit, parties, f"{hit.entry['id']}/nominal-parties")
        else:
            lo = self.clause.quote_start(hit.first)
            subject = self.clause.subject(hit.first, lo)
            if subject is None:
                return []
            event = self.event(hit, subject.mentions[:1], subject.mentions[1:], f"{hit.entry['id']}/nominal")
            event.symmetric_group = len(subject.units) == 1
        k = self.clause.before(hit.first)
        if k >= 0 and self.keys[k] in {fold("برای"), fold("منظور")}:
            event.modality, event.modality_cue = "planned", self.sentence.tokens[k].text
        return [event]

    def frame_passive(self, hit: Hit) -> list[Event]:
        verb = self.clause.verb_group(hit.last, hit.entry["verbs"], hit.entry.get("max_gap", 0))
        if verb is None:
            return []
        # به امضای وزیران خارجه ایران و عمان رسید: the signers stand between the noun and the verb;
        # X و Y ... به امضا رسید: before it
        parties = self.parties(hit.last, verb.first) or self.parties(self.clause.boundary_before(hit.first), hit.first)
        if not parties:
            return []
        event = self.between_parties(hit, parties, f"{hit.entry['id']}/passive")
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
        return [self.between_parties(hit, parties, f"{hit.entry['id']}/parties")]

    def frame_among(self, hit: Hit) -> list[Event]:
        """مذاکرات دوجانبه و خصوصی میان X و Y انجام شد: a symmetric noun, a few modifiers,
        then میان/بین and the coordinated parties."""
        end = min(self._clause_end(hit.last), hit.last + 5)
        among = {fold("میان"), fold("بین")}
        at = next((k for k in range(hit.last, end) if self.keys[k] in among), None)
        if at is None or any(self.keys[k] in self.res.words("prepositions") for k in range(hit.last, at)):
            return []
        before = self.clause.before(hit.first)
        if before >= 0 and (self.keys[before] in self.res.trigger_forms
                            or self.keys[before] in self.res.words("governing_nouns")
                            or self.keys[before] in self.res.words("prepositions") and self.keys[before] != fold("در")):
            return []      # امضای توافق میان X و Y, پیشنهادی برای دیدار میان X و Y
        first = self.clause.group_at(at + 1, 0)
        parties = self.parties(at + 1, self._clause_end(at + 1)) if first else []
        if not parties or parties[0] != first.mentions[0]:
            return []
        event = self.between_parties(hit, parties, f"{hit.entry['id']}/among")
        verb = self.clause.verb_group(first.last, ["kardan", "shodan", "dashtan", "budan", "residan", "gereftan",
                                                   "dadan"], 8)
        if verb:
            self._verb_modality(event, verb)
        return [event]

    def frame_nominal_az(self, hit: Hit) -> list[Event]:
        """ضمن قدردانی از Y / با تشکر از Y / با انتقاد از Y: an adverbial stance of the clause's subject;
        and به حمایت از Y ادامه داد: a stance the subject keeps up."""
        k = self.clause.before(hit.first)
        if k < 0 or (self.keys[k] not in {fold("ضمن"), fold("با")} and not self._kept_up(k, hit.last)):
            return []
        prep = hit.entry.get("prep") if hit.entry.get("prep") in ("از", "به", "با") else "از"
        if hit.last >= len(self.keys) or self.keys[hit.last] != fold(prep):
            return []                              # با انتقاد از Y / ضمن اعتراض به Y / با مخالفت با Y
        target = self.clause.group_at(hit.last + 1, 6)
        lo = self.clause.quote_start(hit.first)
        subject = self.clause.subject(hit.first, lo)
        if target is None or subject is None:
            return []
        return [self.event(hit, subject.mentions, target.mentions[:1], f"{hit.entry['id']}/nominal")]

    def _kept_up(self, k: int, after: int) -> bool:
        """به ... ادامه داد / می‌دهد / خواهد داد: the noun after به is what the subject goes on doing."""
        if self.keys[k] != fold("به"):
            return False
        end = self._clause_end(after)
        return any(self.keys[j] == fold("ادامه") and self.clause.verb_group(j + 1, ["dadan"], 1)
                   for j in range(after, end))

    def frame_nominal_agent(self, hit: Hit) -> list[Event]:
        agent = self.clause.group_at(hit.last, 1)      # حمایت (قاطع) X از Y, دعوت (رسمی) X از Y
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
        if envoy is None or fold(self.doc.mentions[envoy.mentions[0]].position or "") not in self.res.words("envoy_positions"):
            return []
        summoner = self.clause.after_preposition("به", lo, hit.first)     # else the host: به وزارت خارجه
        actors = summoner.mentions[:1] if summoner else [zero_mention(self.doc, self.sentence, hit.first, "home")]
        event = self.event(hit, actors, envoy.mentions[:1], f"{hit.entry['id']}/summoned")
        self._verb_modality(event, verb)
        return [event]

    def frame_accepted(self, hit: Hit) -> list[Event]:
        """Y دعوت X را پذیرفت: X invited Y, who accepted."""
        inviter = self.clause.group_at(hit.last, 1)
        if inviter is None or self.clause.preposition(inviter):
            return []
        end = self._clause_end(inviter.last)
        verb = next((v for k in range(inviter.last, end) if self.keys[k] == fold("را")
                     and (v := self.clause.verb_group(k + 1, hit.entry["verbs"], 8))), None)
        invited = self.clause.subject(hit.first, self.clause.quote_start(hit.first))
        if verb is None or invited is None:
            return []
        event = self.event(hit, inviter.mentions, invited.mentions, f"{hit.entry['id']}/accepted")
        self._verb_modality(event, verb)
        return [event]

    def frame_inviter(self, hit: Hit) -> list[Event]:
        """Y به دعوت X به Z سفر کرد, or به دعوت X، Y ...: the invited is the clause's subject,
        before the phrase or right after it."""
        inviter = self.clause.group_at(hit.last, 1)
        if inviter is None:
            return []
        lo = max([self.clause.quote_start(hit.first),
                  *(k + 1 for k in range(hit.first) if self.keys[k] == fold("که"))])
        invited = self.clause.subject(hit.first, lo)
        if invited is None:
            after = inviter.last + (1 if inviter.last < len(self.keys) and self.keys[inviter.last] == "،" else 0)
            invited = self.clause.group_at(after, 0)
            if invited is not None and (self.clause.preposition(invited) or not self.clause.acts(invited)):
                invited = None
        if invited is None and self._trip_before(lo, hit.first):
            return [self.event(hit, inviter.mentions, [zero_mention(self.doc, self.sentence, hit.first)],
                               f"{hit.entry['id']}/inviter-trip")]
        if invited is None:
            return []
        return [self.event(hit, inviter.mentions, invited.mentions, f"{hit.entry['id']}/inviter")]

    def _trip_before(self, lo: int, hi: int) -> bool:
        """این سفر به دعوت X انجام شد: the trip spoken of is the invited party's (the topic)."""
        return any(entry["type"] == "Visit" for k in range(lo, hi) for entry in self.res.trigger_forms.get(self.keys[k], ())) \
            and any(self.keys[k] in self.res.words("demonstratives") for k in range(lo, hi))
