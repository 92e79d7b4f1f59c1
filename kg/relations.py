"""Memberships (country member of organisation) stated in the text.

  عضویت ایران در سازمان همکاری شانگهای
  روسیه به عنوان یک عضو دائمی شورای امنیت
  بریکس و سازمان همکاری شانگهای که تهران و مسکو، هر ۲، عضو آن هستند

Capitals stand for their countries here (تهران → ایران).
"""
from __future__ import annotations

from kg.clauses import Clause, Group
from kg.model import Document, Membership, mentions_by_sentence
from kg.normalize import fold
from kg.resources import Resources

_MEMBER_TYPES = {"Country", "City"}


def find_memberships(doc: Document, res: Resources) -> Document:
    found: list[Membership] = []
    grouped = mentions_by_sentence(doc)
    for sentence in doc.sentences:
        mentions = grouped.get(sentence.index, [])
        clause = Clause(sentence, mentions, res)
        for k, key in enumerate(clause.keys):
            if key == fold("عضویت"):
                pairs = _membership_noun(clause, k)
            elif key == fold("عضو"):
                pairs = _member_predicate(clause, k)
            else:
                continue
            for member_group, org_group in pairs:
                for member in _ids(doc, res, member_group, _MEMBER_TYPES):
                    for org in _ids(doc, res, org_group, {"Organization"}):
                        token = sentence.tokens[k]
                        found.append(Membership(member, org, sentence.index, token.start, token.end,
                                                f"membership/{key}"))
    doc.memberships = _unique(found)
    return doc


def _membership_noun(clause: Clause, k: int) -> list[tuple[Group, Group]]:
    member = clause.group_at(k + 1, 0)
    if member is None or member.last >= len(clause.keys) or clause.keys[member.last] != fold("در"):
        return []
    org = clause.group_at(member.last + 1, 1)
    return [(member, org)] if org else []


def _member_predicate(clause: Clause, k: int) -> list[tuple[Group, Group]]:
    org = clause.group_at(k + 1, 2)
    demonstrative = k + 1 < len(clause.keys) and clause.keys[k + 1] in (fold("آن"), fold("این"))
    if org is None and not demonstrative:
        return []
    relative = _relative_head(clause, k)
    if (demonstrative or clause.mentions[org.mentions[0]].kind == "pronoun") and relative is not None:
        head, that = relative
        members = [g for g in clause.groups_between(that, k)]
        return [(m, head) for m in members]
    lo = clause.boundary_before(k)
    subject = clause.subject(k, lo)
    return [(subject, org)] if subject else []


def _relative_head(clause: Clause, k: int) -> tuple[Group, int] | None:
    """`Z که ... عضو آن هستند`: the group before the nearest preceding که."""
    for that in range(k - 1, -1, -1):
        if clause.keys[that] == fold("که"):
            head = next((g for g in clause.groups if g.last == that), None)
            return (head, that + 1) if head else None
    return None


def _ids(doc: Document, res: Resources, group: Group, types: set[str]) -> list[str]:
    ids = []
    for index in group.mentions:
        mention = doc.mentions[index]
        entity = res.entities.get(mention.entity or "") or doc.entities.get(mention.entity or "")
        if entity is None or entity.type not in types:
            continue
        ids.append(entity.country if entity.type == "City" and entity.country else entity.id)
    return ids


def _unique(found: list[Membership]) -> list[Membership]:
    seen, unique = set(), []
    for membership in found:
        if (membership.member, membership.org) not in seen and membership.member != membership.org:
            seen.add((membership.member, membership.org))
            unique.append(membership)
    return unique
