"""Find what the sentences talk about: names, titles, pronouns.

The rule backend matches the gazetteer and the position titles on folded
token keys (so رئیسجمهور, رئیس جمهور and رئیس‌جمهور are one title), reads
appositions (سرگئی لاوروف وزیر خارجه روسیه), names in «» next to a title and
names after آقای/خانم.  Other backends (Stanza NER) add spans that the rules
did not find; the rules keep precedence for what the dictionary knows.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set as AbstractSet
from functools import lru_cache

from kg.model import Document, Entity, Mention, Sentence, Token
from kg.normalize import fold
from kg.resources import MAX_PHRASE_TOKENS, Resources

# A backend returns (first token, last token exclusive, label) spans per sentence.
Backend = Callable[[Document, Sequence[Sentence]], list[list[tuple[int, int, str]]]]

MAX_NAME_TOKENS = 4
_ORG_TYPES = {"Country", "Organization"}
_WITH = fold("با")
_PLURALS = (fold("ها"), fold("ان"))


def match_longest(tokens: Sequence[Token], i: int, table: Mapping | AbstractSet,
                  growing: bool = False) -> tuple[int, object] | None:
    """The longest phrase of `table` (keyed by folded text) starting at token i.

    The scan stops as soon as the words read so far begin no phrase of the table, so
    that most tokens cost one look-up, not one per possible phrase length; a `growing`
    table (names found so far in a document) is scanned to the longest length instead."""
    prefixes = None if growing else _prefixes(table)
    key, best = "", None
    for j in range(i, min(len(tokens), i + MAX_PHRASE_TOKENS)):
        key += tokens[j].key
        if key in table:
            best = (j + 1, table[key] if isinstance(table, Mapping) else True)
        if prefixes is not None and key not in prefixes:
            break
    return best


_PREFIX_CACHE: dict[int, tuple[object, int, frozenset[str]]] = {}


def _prefixes(table: Mapping | AbstractSet) -> frozenset[str]:
    """Every proper beginning of the table's keys, kept with the table until it grows
    (the names found so far in a document grow as it is read)."""
    cached = _PREFIX_CACHE.get(id(table))
    if cached is None or cached[0] is not table or cached[1] != len(table):
        cached = (table, len(table), frozenset(key[:n] for key in table for n in range(1, len(key))))
        if len(_PREFIX_CACHE) > 256:
            _PREFIX_CACHE.clear()
        _PREFIX_CACHE[id(table)] = cached
    return cached[2]


def phrase_at(tokens: Sequence[Token], i: int, phrases: AbstractSet[str]) -> int | None:
    """End index if one of the folded `phrases` starts at token i (longest wins)."""
    return (match_longest(tokens, i, phrases) or (None,))[0]


def starts_with_any(key: str, stems: AbstractSet[str]) -> bool:
    """Whether `key` begins with one of `stems` (دیپلمات‌های begins with دیپلمات)."""
    return any(key[:n] in stems for n in range(1, len(key) + 1))


class _SentenceMentions:
    """Collects the mentions of one sentence while its tokens are scanned."""

    def __init__(self, doc: Document, sentence: Sentence, res: Resources, named: set[str] | None = None,
                 surnames: dict[str, str] | None = None):
        self.doc, self.sentence, self.res = doc, sentence, res
        self.named = named if named is not None else set()   # entities named in full earlier in the document
        self.surnames = surnames if surnames is not None else {}  # last name → person found earlier (یانسن)
        self.tokens = sentence.tokens
        self.found: list[Mention] = []
        self.pronouns = res.table("pronouns")

    def mention(self, first: int, last: int, kind: str, **fields) -> Mention:
        start, end = self.tokens[first].start, self.tokens[last - 1].end
        found = Mention(sentence=self.sentence.index, first=first, last=last, start=start, end=end,
                        text=self.doc.text[start:end], kind=kind, **fields)
        self.found.append(found)
        return found

    def entity_at(self, i: int, after_title: bool = False) -> tuple[int, str] | None:
        """A dictionary entity starting at token i, honouring weak aliases' cues."""
        hit = match_longest(self.tokens, i, self.res.aliases)
        if not hit:
            return None
        end, candidates = hit
        entity_id, weak = candidates[0]
        if weak and not (after_title and not self._country_at(end)) and not self._weak_alias_confirmed(i, end, entity_id):
            return None
        if not weak:
            self.named.add(entity_id)
        return end, entity_id

    def _country_at(self, k: int) -> bool:
        hit = match_longest(self.tokens, k, self.res.aliases) if k < len(self.tokens) else None
        return bool(hit and self.res.entities[hit[1][0][0]].type in _ORG_TYPES)

    def _state_at(self, k: int) -> bool:
        hit = match_longest(self.tokens, k, self.res.aliases)
        return bool(hit and self.res.entities[hit[1][0][0]].type == "Country")

    def _weak_alias_confirmed(self, i: int, end: int, entity_id: str) -> bool:
        """A weak alias is also a common word (دوشنبه Monday, روحانی cleric, ظریف delicate):
        a place needs a word such as شهر، کشور، دولت before it (or a title: رئیس‌جمهور مالی) or its
        country after it; a person a full mention earlier in the document, an honorific before
        (آقای ظریف) or a title after, or, right after با, an office held on the document's date
        (دیدار وزیر خارجه استرالیا با ظریف in 2019)."""
        before = self.tokens[i - 1].key if i > 0 else ""
        if self.res.entities[entity_id].type == "Person":
            return entity_id in self.named or before in self.res.words("honorifics") \
                or bool(end < len(self.tokens) and match_longest(self.tokens, end, self.res.position_forms)) \
                or (before == _WITH and self._in_office(entity_id))
        if before in self.res.words("place_cues"):
            return True
        if self.res.entities[entity_id].type != "City":       # تحریم‌های مالی آمریکا: مالی is no country here
            return False
        nxt = match_longest(self.tokens, end, self.res.aliases) if end < len(self.tokens) else None
        return bool(nxt and self.res.entities[nxt[1][0][0]].type == "Country")

    def _in_office(self, person: str) -> bool:
        day = self.doc.date
        return day is not None and any(o.covers(day) for o in self.res.offices_of(person))

    def scan(self) -> list[Mention]:
        i = 0
        while i < len(self.tokens):
            i = (self.title_at(i) or self.counterpart_at(i) or self.group_at(i) or self.name_at(i)
                 or self.people_at(i) or self.home_body_at(i) or self.pronoun_at(i) or i + 1)
        self.share_title_orgs()
        self.discover_names()
        return sorted(self.found, key=lambda m: m.first)

    def share_title_orgs(self) -> None:
        """نخست‌وزیر و وزیر خارجه قطر: a bare title coordinated with the next takes its org."""
        titles = sorted((m for m in self.found if m.kind == "title"), key=lambda m: m.first)
        for a, b in zip(titles, titles[1:]):
            if a.org is None and not a.plural and b.org and [t.key for t in self.tokens[a.last:b.first]] == [fold("و")]:
                a.org = b.org

    # -- titles -----------------------------------------------------------
    def title_at(self, i: int) -> int | None:
        hit = match_longest(self.tokens, i, self.res.position_forms)
        if not hit:
            return None
        end, (position, plural) = hit
        if self.subordinate_before(i):
            return None
        j = end
        while j < len(self.tokens) and self.tokens[j].key in self.res.words("title_qualifiers"):
            j += 1
        national = self.res.positions[position].national
        orgs, j, org_names = self.title_orgs(end, j, plural, national)
        if not orgs and (k := self.org_after_qualifiers(j)) is not None:
            orgs, j, org_names = self.title_orgs(k, k, plural, national)   # رئیس مجلس ملی فرانسه
        if self.res.positions[position].requires_org and not orgs:
            return None
        j = self.envoy_post(position, orgs, j)
        former_words = self.res.words("former_qualifiers")
        if orgs and j < len(self.tokens) and self.tokens[j].key in former_words:
            j += 1                                          # وزیر خارجه ایران سابق
        self.mention(i, j, "title", type="Office", position=position, plural=plural,
                     org=orgs[0] if len(orgs) == 1 and orgs[0] != "@pair" else None,
                     orgs=tuple(orgs) if plural else (), org_names=tuple(org_names), source="title-rule",
                     former=any(t.key in former_words for t in self.tokens[end:j]))
        return j

    def envoy_post(self, position: str, orgs: list[str], j: int) -> int:
        """سفیر روسیه در ایران / در تهران: an envoy's post belongs to the title (it is no party)."""
        if not orgs or position not in self.res.cues["envoy_positions"] or j + 1 >= len(self.tokens) \
                or self.tokens[j].key != fold("در"):
            return j
        post = self.entity_at(j + 1)
        return post[0] if post and self.res.entities[post[1]].type in ("Country", "City") else j

    def org_after_qualifiers(self, j: int, most: int = 3) -> int | None:
        """Where a country or organisation starts after a few words that extend the title
        (رئیس مجلس ملی فرانسه, وزیر خارجه و همکاری ایتالیا, رئیس کمیسیون اروپا): a title that
        names its country later is that country's, not the home country's."""
        for k in range(j, min(len(self.tokens), j + most + 1)):
            if k > j and self.org_at(k) is not None:
                return k
            if not self.extends_title(k):
                return None
        return None

    def extends_title(self, k: int) -> bool:
        key = self.tokens[k].key
        if key == fold("و"):
            return k + 1 < len(self.tokens) and self.tokens[k + 1].key in self.res.words("title_extensions")
        return key in self.res.words("title_extensions")

    def subordinate_before(self, i: int) -> bool:
        """مشاور ویژه وزیر خارجه: an adviser or deputy of the office, not its holder."""
        words, k = self.res.words("subordinate_words"), i - 1
        stops = self.res.words("prepositions") | {fold("و")}
        while k >= max(0, i - 3) and self.tokens[k].key.isalpha() and self.tokens[k].key not in stops:
            if self.tokens[k].key in words:
                return True
            k -= 1
        return False

    def title_orgs(self, title_end: int, j: int, plural: bool,
                   national: bool = False) -> tuple[list[str], int, list[tuple[int, int, str]]]:
        """The country or organisation a title names (and for plurals, each one), with the
        token spans of those named by name (not by a pronoun such as کشورمان).  After a
        national title (رئیس‌جمهور مالی) a country's weak name needs no other confirmation."""
        orgs: list[str] = []
        names: list[tuple[int, int, str]] = []
        while j < len(self.tokens):
            start, hit = j, self.org_at(j, national)
            if hit is None and not orgs and j == title_end and title_end > 0 \
                    and self.tokens[title_end - 1].key == fold("جمهوری"):
                start, hit = title_end - 1, self.org_at(title_end - 1, national)  # رئیس جمهوری اسلامی ایران
            if hit is None:
                break
            j, org = hit
            orgs.append(org)
            if self.entity_at(start, national) == hit:
                names.append((start, j, org))
            if plural and j < len(self.tokens) and self.tokens[j].key != fold("و") and self.org_at(j, national):
                continue                  # وزرای خارجه عربستان اندونزی قطر: a list without commas
            if not (plural and j + 1 < len(self.tokens) and self.tokens[j].key in (fold("و"), "،")):
                break
            j += 1
        if orgs and self.tokens[j - 1].key == fold("و"):
            j -= 1
        return orgs, j, names

    def org_at(self, j: int, after_title: bool = False) -> tuple[int, str] | None:
        pronoun = match_longest(self.tokens, j, self.pronouns)
        if pronoun and pronoun[1] in ("home", "pair"):
            return pronoun[0], self.res.cues["home_country"] if pronoun[1] == "home" else "@pair"
        hit = self.entity_at(j, after_title)
        if hit and self.res.entities[hit[1]].type in _ORG_TYPES:
            return hit
        return None

    def counterpart_at(self, i: int) -> int | None:
        """همتای روس خود: the holder of the subject's own office in that country."""
        if self.tokens[i].key not in self.res.words("counterpart_words"):
            return None
        j, country = i + 1, None
        if j < len(self.tokens) and self.tokens[j].key in self.res.demonyms:
            country, j = self.res.demonyms[self.tokens[j].key], j + 1
        elif j < len(self.tokens) and (hit := self.entity_at(j)) and self.res.entities[hit[1]].type == "Country":
            j, country = hit
        if j < len(self.tokens) and self.tokens[j].key in self.res.words("reflexive"):
            j += 1
        self.mention(i, j, "title", type="Office", org=country, counterpart=True, source="title-rule")
        return j

    def group_at(self, i: int) -> int | None:
        """A collective party without a name: (جمعی از) دیپلمات‌های ایرانی مقیم روسیه."""
        j = phrase_at(self.tokens, i, self.res.words("group_quantifiers")) or i
        if j >= len(self.tokens):
            return None
        opposed = self.tokens[j].key in self.res.words("opposition_heads")
        if not opposed and not starts_with_any(self.tokens[j].key, self.res.words("group_heads")):
            return None
        if match_longest(self.tokens, j, self.res.position_forms):
            return None
        if (found := self._officials_of_country(j)) is not None:     # they act for their country
            self.mention(i, found[0], "name", type=self.res.entities[found[1]].type, entity=found[1],
                         source="group-rule")
            return found[0]
        if self._country_at(j + 1) and not (opposed and self._state_at(j + 1)):
            return None                 # سران بریکس, شبه‌نظامیان حماس: the named party itself (شورشیان کلمبیا is not)
        end = j + 1
        qualifiers = self.res.words("official_qualifiers")
        while end < len(self.tokens) and end - j < MAX_NAME_TOKENS + 1 \
                and (self.tokens[end].key in qualifiers or not self.stops_group(end)):
            end += 1                    # مقامات ارشد آمریکایی: ارشد names no one but extends the group
        if end == j + 1:
            return None                 # مقامات، کشورهایی alone: nobody in particular
        tokens = self.tokens[j:end]
        country = self.res.demonyms.get(tokens[-1].key)
        if country and tokens[0].key in self.res.words("official_heads") \
                and all(t.key in self.res.words("official_qualifiers") for t in tokens[1:-1]):
            # مقامات ژاپنی, دیپلمات روس, هیئت ایرانی: unnamed officials act for their country
            self.mention(i, end, "name", type="Country", entity=country, source="group-rule")
            return end
        entity_id = "group/" + "_".join(t.key for t in tokens)
        label = self.doc.text[tokens[0].start:tokens[-1].end]
        self.doc.entities.setdefault(entity_id, Entity(id=entity_id, type="Group", fa=label, discovered=True,
                                                                  found_by="group-rule"))
        self.mention(i, end, "name", type="Group", entity=entity_id, source="group-rule")
        return end

    def _officials_of_country(self, j: int) -> tuple[int, str] | None:
        """مقامات ایران, مقامات ارشد دولت جدید سوریه, مسئولان نیروهای قسد: officials, qualifiers, then
        the name of the country or organisation they act for (its end, its id): one mention of it."""
        if self.tokens[j].key not in self.res.words("official_heads"):
            return None
        k = j + 1
        while k < len(self.tokens) and self.tokens[k].key in self.res.words("official_qualifiers"):
            k += 1
        hit = match_longest(self.tokens, k, self.res.aliases) if k < len(self.tokens) else None
        if hit is None or self.res.entities[hit[1][0][0]].type not in _ORG_TYPES:
            return None
        return hit[0], hit[1][0][0]

    def stops_group(self, k: int) -> bool:
        key = self.tokens[k].key
        closed = ("prepositions", "boundary_tokens", "clause_openers", "reflexive")
        return any(key in self.res.words(n) for n in closed) or key in self.res.trigger_forms \
            or key in self.res.words("not_name_words") or not key.isalpha() or key in self.res.finite_verbs() \
            or (k + 1 < len(self.tokens) and self.tokens[k + 1].key in self.res.finite_verbs(compound=True)
                and key not in self.res.demonyms)    # the noun of قرار گرفت (مقامات کنیایی قرار گرفت)

    # -- names and pronouns ---------------------------------------------------
    def name_at(self, i: int) -> int | None:
        hit = self.entity_at(i)
        known = None if hit else match_longest(self.tokens, i, self.surnames, growing=True)
        if known and (known[0] > i + 1 or self.surname_position(i)):   # پیتر یانسن ... then یانسن
            self.mention(i, known[0], "name", type="Person", entity=known[1], source="surname-rule")
            return known[0]
        if not hit:
            return None
        end, entity_id = hit
        self.mention(i, end, "name", type=self.res.entities[entity_id].type, entity=entity_id)
        return end

    def home_body_at(self, i: int) -> int | None:
        """وزارت خارجه with no country after it is the home country's ministry, as bare titles are
        the home country's office (وزارت خارجه روسیه is matched whole before this)."""
        hit = match_longest(self.tokens, i, self.res.table("home_bodies"))
        if not hit or not self.starts_phrase(i) or (hit[0] < len(self.tokens) and self.org_at(hit[0]) is not None):
            return None                  # معاون مالی وزارت خارجه: the ministry's deputy, not the ministry
        end, entity_id = hit
        self.mention(i, end, "name", type=self.res.entities[entity_id].type, entity=entity_id)
        return end

    def pronoun_at(self, i: int) -> int | None:
        party = self.party_at(i)
        if party:
            return party
        hit = match_longest(self.tokens, i, self.pronouns)
        if not hit:
            return None
        end, kind = hit
        self.mention(i, end, "pronoun", type=kind, source="pronoun-rule")
        return end

    def people_at(self, i: int) -> int | None:
        """فلسطینیان، روس‌ها: a country's people, as a plural of its demonym, speak and act for it."""
        key = self.tokens[i].key
        stem = next((key[:-len(s)] for s in _PLURALS if key.endswith(s) and key[:-len(s)] in self.res.demonyms), None)
        if stem is None:
            return None
        self.mention(i, i + 1, "name", type="Country", entity=self.res.demonyms[stem], source="demonym-rule")
        return i + 1

    def party_at(self, i: int) -> int | None:
        """طرف هلندی / طرف روس: the party of that country in the talks (resolve.py picks who)."""
        if self.tokens[i].key not in self.res.words("party_words") or i + 1 >= len(self.tokens):
            return None
        country = self.res.demonyms.get(self.tokens[i + 1].key)
        if country is None:
            return None
        self.mention(i, i + 2, "pronoun", type="party", org=country, source="pronoun-rule")
        return i + 2

    # -- persons the dictionary does not know --------------------------------
    def discover_names(self) -> None:
        taken = {k for m in self.found for k in range(m.first, m.last)}
        for title in [m for m in self.found if m.kind == "title" and not m.counterpart]:
            span = self.name_before(title.first, taken) or self.quoted_after(title.last, taken)
            if span:
                self.new_person(*span, taken, "title-rule")
        for i, token in enumerate(self.tokens):
            if token.key in self.res.words("honorifics") and i + 1 not in taken:
                span = self.name_tokens(i + 1, +1, taken)
                if span:
                    self.new_person(*span, taken, "honorific-rule")
        for i, token in enumerate(self.tokens):
            if token.key in self.res.words("given_names") and i not in taken and self.starts_phrase(i):
                span = self.name_tokens(i, +1, taken, most=3)
                if span and span[1] - span[0] >= 2:             # کاظم رحیمیان: a given name, then a surname
                    self.new_person(*span, taken, "given-name-rule")

    def name_before(self, title_first: int, taken: set[int]) -> tuple[int, int] | None:
        if title_first - 1 in taken or title_first == 0:
            return None
        if self.tokens[title_first - 1].text == "»":
            return self.quoted_span(title_first - 1, -1, taken)
        if self.tokens[title_first - 1].key in ("،", ",") and title_first >= 3:   # کاستاس سیمیتیس، نخست‌وزیر یونان
            title_first -= 1
            if title_first - 1 in taken:
                return None
        span = self.name_tokens(title_first - 1, -1, taken)
        if not span or span[1] - span[0] < 2 or not self.starts_phrase(span[0]):
            return None
        return span

    def surname_position(self, k: int) -> bool:
        """A surname seen before names that person where a name may stand: opening a phrase or
        after a trigger noun (دیدار رحیمیان), not inside one (جمهوری اسلامی after کاظم اسلامی)."""
        return self.starts_phrase(k) or self.tokens[k - 1].key in self.res.trigger_forms

    def starts_phrase(self, k: int) -> bool:
        """An unquoted name must begin a noun phrase: after a clause mark, و, a preposition or nothing."""
        if k == 0:
            return True
        key = self.tokens[k - 1].key
        return not key.isalpha() or any(key in self.res.words(n) for n in (
            "boundary_tokens", "clause_openers", "prepositions", "honorifics", "name_prefixes"))

    def quoted_after(self, title_last: int, taken: set[int]) -> tuple[int, int] | None:
        if title_last < len(self.tokens) and self.tokens[title_last].text == "«":
            return self.quoted_span(title_last, +1, taken)
        return None

    def quoted_span(self, quote: int, step: int, taken: set[int]) -> tuple[int, int] | None:
        closing = "«" if step < 0 else "»"
        k = quote + step
        while 0 <= k < len(self.tokens) and abs(k - quote) <= MAX_NAME_TOKENS:
            if self.tokens[k].text == closing:
                first, last = sorted((quote + step, k - step))
                inside = range(first, last + 1)
                if last >= first and not any(n in taken for n in inside) and all(self.is_name_word(n) for n in inside):
                    return first, last + 1
                return None
            k += step
        return None

    def name_tokens(self, start: int, step: int, taken: set[int], most: int = MAX_NAME_TOKENS) -> tuple[int, int] | None:
        k, picked = start, []
        while 0 <= k < len(self.tokens) and len(picked) < most and k not in taken \
                and self.is_name_word(k):
            picked.append(k)
            k += step
        return (min(picked), max(picked) + 1) if picked else None

    def is_name_word(self, k: int) -> bool:
        token = self.tokens[k]
        if not token.key.isalpha() or token.key.isascii():
            return False
        res = self.res
        closed = ("prepositions", "clause_openers", "boundary_tokens", "honorifics", "title_qualifiers",
                  "pronouns", "reflexive", "counterpart_words", "interview_words", "group_heads")
        if any(token.key in res.words(name) for name in closed):
            return False
        return token.key not in res.trigger_forms and token.key not in res.position_forms \
            and token.key not in res.words("not_name_words") and token.key not in _stopwords() \
            and token.key not in res.finite_verbs() and not token.key.endswith(("ها", "های", "اند")) \
            and not (k + 1 < len(self.tokens) and self.tokens[k + 1].key in res.finite_verbs()
                     and token.key in res.words("preverbs"))

    def new_person(self, first: int, last: int, taken: set[int], rule: str) -> None:
        tokens = self.tokens[first:last]
        entity_id = "person/" + "_".join(t.key for t in tokens)
        label = " ".join(t.text for t in tokens)
        self.doc.entities.setdefault(entity_id, Entity(id=entity_id, type="Person", fa=label, discovered=True,
                                                                  found_by=rule))
        self.mention(first, last, "name", type="Person", entity=entity_id, source=rule)
        taken.update(range(first, last))
        if last - first >= 2:        # the surname, and the whole name, name this person later on
            self.surnames.setdefault(tokens[-1].key, entity_id)
            self.surnames.setdefault("".join(t.key for t in tokens), entity_id)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from hazm import stopwords_list

    return frozenset(fold(w) for w in stopwords_list())




def find_mentions(doc: Document, res: Resources, backends: Sequence[Backend] = ()) -> Document:
    """Fill doc.mentions: the rules first, then what each backend adds."""
    named: set[str] = set()
    surnames: dict[str, str] = {}
    per_sentence = [_SentenceMentions(doc, s, res, named, surnames).scan() for s in doc.sentences]
    for backend in backends:
        kept: set[str] = set()                  # the people the merge has kept so far
        for sentence, spans in zip(doc.sentences, backend(doc, doc.sentences)):
            _merge(doc, sentence, per_sentence[sentence.index], spans, res, kept)
    doc.mentions = [m for found in per_sentence for m in found]
    return doc


# Stanza's Persian labels (and CoNLL's) → entity types of the ontology, with the IRI prefix of new ones.
_NER_TYPES = {"pers": "Person", "per": "Person", "org": "Organization", "loc": "Place", "gpe": "Place",
              "fac": "Facility", "event": "NamedEvent", "pro": "Product"}
_NER_PREFIX = {"Person": "person", "Organization": "org", "Media": "media", "Place": "place", "Facility": "facility",
               "NamedEvent": "occasion", "Product": "product"}


_DISCOVERED = frozenset({"title-rule", "honorific-rule", "given-name-rule", "surname-rule"})
_PLACES = frozenset({"Country", "City", "Place"})


def _merge(doc: Document, sentence: Sentence, found: list[Mention], spans, res: Resources,
           kept: set[str]) -> None:
    """The model's spans among the rules' mentions.

    The dictionary keeps precedence for what it knows, and a span the model finds with the same
    bounds keeps the dictionary's entity (and takes the model's label, `ner_label`).  The model's
    bounds win over a person the rules only guessed (کاظم رحیمیان بازی → کاظم رحیمیان; not a shorter
    span inside it) and over places inside a longer name (دانشگاه تهران).  Other spans are added
    where they overlap no rule mention.  A person the rules only guessed stays only if the model
    also sees a person there or the name is no Persian word (`_sure`).  Where a rule mention keeps
    its place over a span of the model's, the span is kept as the mention's `ner_spans`: the events
    use the rule's entity, `kg eval ner` scores the model's reading."""
    people = [(a, b) for a, b, label in spans if _NER_TYPES.get(label.lower()) == "Person"]
    for guess in [m for m in found if m.source in _DISCOVERED and m.type == "Person"]:
        if not any(a < guess.last and guess.first < b for a, b in people) and not _sure(guess, sentence, kept):
            found.remove(guess)
    for first, last, label in spans:
        type_ = _model_type(sentence, first, last, label, res)
        if type_ is None:
            continue
        overlapping = [m for m in found if m.first < last and first < m.last]
        same = [m for m in overlapping if (m.first, m.last) == (first, last) and m.kind == "name"]
        if same:
            same[0].ner_label = label.lower()
            continue
        head = sentence.tokens[first].key
        if overlapping and not all(_yields(m, first, last, type_, head, res) for m in overlapping):
            if all(m.kind == "name" for m in overlapping):      # the rules' names stay for the events;
                for mention in overlapping:                        # the model's span is the named entity
                    mention.ner_spans += ((first, last, label.lower()),)
            continue
        for mention in overlapping:
            found.remove(mention)
        found.append(_model_mention(doc, sentence, first, last, type_, label.lower()))
    found.sort(key=lambda m: m.first)
    kept |= {m.entity for m in found if m.type == "Person"}


def _sure(guess: Mention, sentence: Sentence, kept: set[str]) -> bool:
    """Whether a person the rules guessed stays though the model sees no one there: where a word of
    the name is in no Persian dictionary (ایمن سوسان معاون وزیر خارجه سوریه, محمدطاهر ذاکرزاده; but
    محل اقامت نخست‌وزیر is a place), and a surname only for a person the document has kept."""
    if guess.source == "surname-rule" and guess.entity not in kept:
        return False
    words = _persian_words()
    return any(t.key not in words for t in sentence.tokens[guess.first:guess.last])


@lru_cache(maxsize=1)
def _persian_words() -> frozenset[str]:
    """The keys of hazm's Persian lexicon (183k words; read once, only when a model is merged)."""
    from hazm.utils import words_list

    return frozenset(fold(word) for word, _count, _tags in words_list())


def _model_type(sentence: Sentence, first: int, last: int, label: str, res: Resources) -> str | None:
    """The entity type of a model span: an organisation headed by a media word is Media (an interview
    with خبرگزاری X is no meeting); a 'person' made of a subordinate or group word is no one (معاونین)."""
    type_ = _NER_TYPES.get(label.lower())
    keys = [t.key for t in sentence.tokens[first:last]]
    if type_ == "Organization" and keys[0] in res.words("interview_words"):
        return "Media"
    if type_ == "Person" and any(k in res.words("subordinate_words") or k in res.words("group_heads")
                                 or k in res.position_forms or k in _stopwords() or k.endswith(("ها", "های"))
                                 or k in res.words("not_name_words") for k in keys):
        return None                                     # رایزنیها, عید سعید فطر, چاشت are no one
    if len(keys) == 1 and keys[0] in res.demonyms:
        return None                                     # این مقام ارشد چینی: an adjective, not a name
    if all(k.isdigit() for k in keys) or (len(keys) == 1 and keys[0] in res.words("not_name_words")):
        return None                                     # ۱۴۰۴, چاشت are no places or organisations
    if any(_time_word(k, res) for k in keys) or (len(keys) == 1 and keys[0].endswith(("ها", "های"))):
        return None                                     # پنجشنبه‌شب, رایزنی‌ها are no organisations
    return type_


def _time_word(key: str, res: Resources) -> bool:
    days = res.words("weekdays") | res.words("relative_days")
    return key in days or key in res.words("jalali_months") or key in res.words("gregorian_months") \
        or any(key == day + fold(part) for day in days for part in ("شب", "صبح"))


def _yields(mention: Mention, first: int, last: int, type_: str, head: str, res: Resources) -> bool:
    """Whether a rule mention gives way to a model span over it."""
    if mention.kind != "name":
        return False
    shorter = mention.first <= first and last <= mention.last
    if mention.source in _DISCOVERED:       # (مسیح علی‌نژاد keeps its given name over [علی نژاد])
        return type_ == "Person" and not shorter
    inside = first <= mention.first and mention.last <= last and (first, last) != (mention.first, mention.last)
    return inside and mention.type in _PLACES and type_ not in ("Person", "Place") and head in res.words("name_heads")


def _model_mention(doc: Document, sentence: Sentence, first: int, last: int, type_: str, label: str) -> Mention:
    tokens = sentence.tokens[first:last]
    entity_id = f"{_NER_PREFIX[type_]}/" + "_".join(t.key for t in tokens)
    doc.entities.setdefault(entity_id, Entity(id=entity_id, type=type_, fa=" ".join(t.text for t in tokens),
                                              discovered=True, found_by="stanza"))
    start, end = tokens[0].start, tokens[-1].end
    return Mention(sentence=sentence.index, first=first, last=last, start=start, end=end,
                   text=doc.text[start:end], kind="name", type=type_, entity=entity_id, source="stanza",
                   ner_label=label)
