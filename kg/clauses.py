"""Shallow clause reading for the event frames: argument units, coordination,
subjects, prepositional objects, verb groups.

Persian news puts the subject first (`X با Y دیدار کرد`), marks obliques with
a preposition before the noun (`با Y`, `از Y`, `به Y`) and the direct object
with را after it.  A name followed by its title (`سرگئی لاوروف وزیر خارجه
روسیه`) is one argument; names joined by و are one coordinated group.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.model import Mention, Sentence
from kg.normalize import fold
from kg.resources import Resources


# What may follow a verb stem: personal endings and the participle's ه.
_COMMA = "،"
_IS = fold("است")               # the copula ends its clause
_ENDINGS = {"", "م", "ی", "د", "یم", "ید", "ند", "ه", "هاست", "هاند", "هایم"}


@dataclass
class Unit:
    """One argument: a mention with its apposition, as token range [first, last)."""
    first: int
    last: int
    mention: int                   # index into doc.mentions


@dataclass
class Group:
    units: list[Unit]

    @property
    def first(self) -> int:
        return self.units[0].first

    @property
    def last(self) -> int:
        return self.units[-1].last

    @property
    def mentions(self) -> list[int]:
        return [u.mention for u in self.units]


@dataclass
class VerbGroup:
    first: int
    last: int
    person: str = "3sg"            # 1sg, 1pl, 3sg, 3pl, 2pl
    future: bool = False
    negated: bool = False
    subjunctive: bool = False
    present: bool = False          # می‌کند: in news, an occurrence still to come (سفر می‌کند)


class Clause:
    """The argument structure of one sentence, built once and asked by each frame."""

    def __init__(self, sentence: Sentence, mentions: list[tuple[int, Mention]], res: Resources):
        self.sentence, self.res = sentence, res
        self.tokens = sentence.tokens
        self.keys = [t.key for t in sentence.tokens]
        self.mentions = dict(mentions)
        self.idioms = self._idiom_tokens()
        self.units = self._units(mentions)
        self.groups = self._groups()

    # -- building ------------------------------------------------------------
    def _idiom_tokens(self) -> set[int]:
        """Prepositions inside fixed phrases (به دعوت، پس از، با اشاره به) mark no argument."""
        idioms = self.res.words("prep_idioms")
        covered: set[int] = set()
        for k in range(len(self.keys)):
            run = ""
            for j in range(k, min(len(self.keys), k + 4)):
                run += self.keys[j]
                if run in idioms:
                    covered.update(range(k, j + 1))
        return covered

    def _units(self, mentions: list[tuple[int, Mention]]) -> list[Unit]:
        units: list[Unit] = []
        for index, mention in mentions:
            if mention.kind == "title" and units and self._apposition(units[-1], mention):
                mention.head = units[-1].mention
                units[-1].last = mention.last
                continue
            if units and self._title_before_name(units[-1], mention):
                self.mentions[units[-1].mention].head = index       # وزیر خارجه روسیه، سرگئی لاوروف،
                units[-1] = Unit(units[-1].first, mention.last, index)
                continue
            units.append(Unit(mention.first, mention.last, index))
        return units

    def _apposition(self, unit: Unit, title: Mention) -> bool:
        """A title right after a name (or after another title of that name, joined by و),
        or between commas after it: `X، وزیر خارجه Y، ...`."""
        head = self.mentions[unit.mention]
        if head.kind != "name" or head.type != "Person" or title.counterpart:
            return False
        gap = self.keys[unit.last:title.first]
        bare = [k for k in gap if k not in ("«", "»")]
        if bare == [_COMMA]:                                              # «X»، سفیر Y در Z، ...
            return self._closes_apposition(title.last)
        if bare in ([fold("به"), fold("عنوان")], [fold("به عنوان")]):    # «X» به عنوان سفیر Y
            return True
        return gap in ([], ["»"], [fold("و")]) and (gap != [fold("و")] or unit.last > head.last)

    def _title_before_name(self, unit: Unit, name: Mention) -> bool:
        """A bare title, then the person's name: `رئیس‌جمهور روسیه ولادیمیر پوتین` or between commas."""
        title = self.mentions[unit.mention]
        if title.kind != "title" or title.head is not None or title.plural or title.counterpart \
                or unit.last != title.last or name.kind != "name" or name.type != "Person":
            return False
        gap = [k for k in self.keys[unit.last:name.first] if k not in self.res.words("honorifics")]
        return gap in ([], ["«"]) or (gap == [_COMMA] and self._closes_apposition(name.last))

    def _closes_apposition(self, k: int) -> bool:
        """What may follow a comma-bounded apposition: a comma, که, a closing mark or the end."""
        while k < len(self.keys) and self.keys[k] in ("»", ")"):
            k += 1
        return k >= len(self.keys) or self.keys[k] in (_COMMA, fold("که"), ".", ":", "؛") \
            or self.keys[k] in self.res.trigger_forms \
            or self.keys[k] in self.res.words("prepositions")   # با X، وزیر خارجه Y دیدار کرد / X، title از Y

    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        for unit in self.units:
            if groups and self._joined(groups[-1].units[-1], unit) and self._same_kind(groups[-1].units[-1], unit):
                groups[-1].units.append(unit)
            else:
                groups.append(Group([unit]))
        return self._comma_lists(groups)

    def _joined(self, a: Unit, b: Unit) -> bool:
        """A و B, and after a comma-closed apposition A، وزیر خارجه X، و B."""
        gap = [k for k in self.keys[a.last:b.first] if k not in ("«", "»")]
        return gap == [fold("و")] or (gap == [_COMMA, fold("و")] and a.last > self.mentions[a.mention].last)

    def _comma_lists(self, groups: list[Group]) -> list[Group]:
        """A، B و C: items joined by commas belong to the و-list that closes them."""
        merged: list[Group] = []
        for group in reversed(groups):
            if merged and len(merged[-1].units) >= 2 and self.keys[group.last:merged[-1].first] == [_COMMA] \
                    and len(group.units) == 1 and self._same_kind(group.units[0], merged[-1].units[0]) \
                    and self._plain(group.units[0]) and self._plain(merged[-1].units[0]):
                merged[-1].units.insert(0, group.units[0])
            else:
                merged.append(group)
        return list(reversed(merged))

    def _plain(self, unit: Unit) -> bool:
        """A list item is a name, or a name with its title right after it (A وزیر خارجه X، B ...);
        not one with an apposition between commas, whose comma would read as the list's."""
        return _COMMA not in self.keys[unit.first:unit.last]

    def _same_kind(self, a: Unit, b: Unit) -> bool:
        kinds = [self.mentions[u.mention].type for u in (a, b)]
        people = {"Person", "Office", "person", "Group"}
        places = {"Country", "City", "Place", "Organization", "pair", "home", "country", "organization"}
        return all(k in people for k in kinds) or all(k in places for k in kinds)

    # -- token context -------------------------------------------------------
    def before(self, i: int) -> int:
        """Index of the token before i, skipping quotes and honorifics."""
        k = i - 1
        skip = {"«", "»"} | self.res.words("honorifics") | self.res.words("name_prefixes")
        while k >= 0 and self.keys[k] in skip:
            k -= 1
        return k

    def preposition(self, group: Group) -> str | None:
        """The preposition the group stands behind (در رأس هیأتی: the group is no subject), also
        across an unnamed item it is joined to (با رهبر ملی و رئیس‌جمهور ترکمنستان)."""
        k = self.before(group.first)
        if k >= 0 and k in self.idioms:
            return self.keys[k]
        if k >= 0 and self.keys[k] == fold("و"):
            return self._preposition_across(k)
        return self.keys[k] if k >= 0 and self.keys[k] in self.res.words("prepositions") else None

    def _preposition_across(self, conjunction: int) -> str | None:
        """The preposition of a few plain words before و (no mention, verb or mark between)."""
        for k in range(conjunction - 1, max(-1, conjunction - 5), -1):
            key = self.keys[k]
            if key in self.res.words("boundary_tokens") or key in self.res.finite_verbs() \
                    or any(g.first <= k < g.last for g in self.groups):
                return None
            if key in self.res.words("prepositions") and k not in self.idioms:
                return key
        return None

    def is_object(self, group: Group) -> bool:
        k = group.last
        while k < len(self.keys) and self.keys[k] == "»":
            k += 1
        return k < len(self.keys) and self.keys[k] == fold("را")

    def opens_clause(self, group: Group) -> bool:
        """After a boundary, a clause word, or a finite verb that closes the clause before
        (قرار است X با Y ... گفت‌وگو کند: X, not a possessor further on, is the subject)."""
        k = self.before(group.first)
        return k < 0 or self.keys[k] in self.res.words("boundary_tokens") \
            or self.keys[k] in self.res.words("clause_openers") or not self.keys[k].isalpha() \
            or self.keys[k] in self.res.finite_verbs() or self.keys[k] == _IS

    def boundary_before(self, i: int, marks: tuple[str, ...] = ("،", ",", ":", "؛", ";")) -> int:
        """Start of the stretch before token i that no clause mark interrupts."""
        k = i - 1
        while k >= 0 and (self.keys[k] not in marks or self._inside_group(k)):
            k -= 1
        return k + 1

    def _inside_group(self, k: int) -> bool:
        """A comma of a list or of an apposition (A، B و C / X، وزیر خارجه Y،) ends no clause,
        nor does the comma that closes such an apposition (با X، وزیر خارجه Y، دیدار کرد)."""
        return any(group.first < k < group.last or (k == group.last and _COMMA in self.keys[group.first:k])
                   for group in self.groups)

    def quote_start(self, i: int) -> int:
        """After the last ':' before i (a quotation's own clause), else 0."""
        return max((k + 1 for k in range(i) if self.keys[k] == ":"), default=0)

    # -- arguments -----------------------------------------------------------
    def groups_between(self, lo: int, hi: int) -> list[Group]:
        return [g for g in self.groups if g.first >= lo and g.last <= hi]

    def subject(self, pos: int, lo: int = 0) -> Group | None:
        """The clause subject before token `pos`: not oblique, not an object;
        the nearest one that opens a clause, else the nearest one."""
        candidates = [g for g in self.groups_between(lo, pos)
                      if not self.preposition(g) and not self.is_object(g) and self.acts(g)]
        for group in reversed(candidates):
            if self.opens_clause(group):
                return group
        return candidates[-1] if candidates else None

    def acts(self, group: Group) -> bool:
        """Persons, offices, countries and organisations act; a capital acts for its country."""
        kinds = {"Country" if self.mentions[m].entity in self.res.stands_for else self.mentions[m].type
                 for m in group.mentions}
        return not kinds & {"City", "Place", "Facility", "NamedEvent", "Product", "Media"} \
            or kinds & {"Person", "Office"}

    def after_preposition(self, prep: str, lo: int, hi: int, max_gap: int = 5) -> Group | None:
        """The first group after the first `prep` in [lo, hi) (gap of a few nouns allowed)."""
        key = fold(prep)
        for k in range(lo, hi):
            if self.keys[k] != key or k in self.idioms:
                continue
            for group in self.groups_between(k + 1, hi):
                stretch = self.keys[k + 1:group.first]
                if len(stretch) > max_gap or any(t in self.res.words("prepositions") for t in stretch):
                    break
                return group
            return None
        return None

    def group_at(self, i: int, max_gap: int = 0) -> Group | None:
        for group in self.groups:
            if i <= group.first <= i + max_gap:
                return group
        return None

    # -- verbs ---------------------------------------------------------------
    def verb_group(self, i: int, verbs: list[str], max_gap: int = 1) -> VerbGroup | None:
        """A light verb of one of the classes `verbs` starting within max_gap tokens of i."""
        for start in range(i, min(len(self.keys), i + max_gap + 1)):
            found = self._verb_at(start, verbs)
            if found:
                return found
        return None

    def _verb_at(self, i: int, verbs: list[str]) -> VerbGroup | None:
        future = self.keys[i] in self.res.words("future_aux")
        k = i + 1 if future else i
        if k >= len(self.keys):
            return None
        key = self.keys[k]
        negated = key.startswith("ن") and self._stem(key[1:], verbs) is not None
        body = key[1:] if negated else key
        stem = self._stem(body, verbs)
        if stem is None:
            return None
        prefix, rest, tense = stem
        last = k + 1
        perfect_subjunctive = False
        if last < len(self.keys) and self.keys[last] in self.res.words("perfect_aux"):
            rest = self.keys[last] if rest in ("ه", "") else rest
            perfect_subjunctive = self.keys[last].startswith(fold("باش"))    # داشته باشد
            last += 1
        copula = tense == "present" and "budan" in verbs and body in _copulas(self.res)   # خواستار ... است
        return VerbGroup(i, last, self._person(rest, future and self.keys[i]), future,
                         negated or (future and self.keys[i].startswith("ن")),
                         subjunctive=(tense == "present" and not prefix and not future and not copula)
                         or perfect_subjunctive,
                         present=(tense == "present" and bool(prefix)))

    def _stem(self, key: str, verbs: list[str]) -> tuple[str, str, str] | None:
        prefix = ""
        if key.startswith("می"):
            prefix, key = "می", key[2:]
        for verb in verbs:
            for tense in ("past", "present"):
                for stem in self.res.cues["light_verbs"][verb][tense]:
                    stem = fold(stem)
                    if key.startswith(stem) and key[len(stem):] in _ENDINGS:
                        return prefix, key[len(stem):], tense
        return None

    def _person(self, ending: str, aux: str | bool) -> str:
        text = aux if isinstance(aux, str) and aux else ending
        for suffix, person in sorted(self.res.cues["person_endings"].items(), key=lambda kv: -len(kv[0])):
            if text.endswith(fold(suffix)):
                return person
        return "3sg"


def _copulas(res: Resources) -> frozenset[str]:
    """است، هستند ...: present forms of بودن that state, not wish (no می- is needed); built once."""
    if "_copulas" not in res.word_sets:
        stems = [fold(f) for f in res.cues["light_verbs"]["budan"]["present"]]
        res.word_sets["_copulas"] = frozenset(stem + ending for stem in stems for ending in _ENDINGS)
    return res.word_sets["_copulas"]
