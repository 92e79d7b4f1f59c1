"""`kg viz`: the diplomacy graph as one self-contained HTML page (network and timeline).

The page (kg/data/viz.html) is plain SVG and JavaScript written for kg, with
no library and nothing fetched from elsewhere, so it opens offline and its
layout is the same on every run (a force layout from a fixed start).  It reads
the rows of three canned queries (queries/event-parties.rq, event-reports.rq,
party-evidence.rq): `kg viz` embeds them, and the page that `kg serve` shows
at /viz asks the endpoint for them live.  `kg explain` reads the same queries.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg import paths, query
from kg.explain import DATE_WORDS, RESOLVED_BY
from kg.normalize import fold

QUERIES = ("event-parties", "event-reports", "party-evidence")
_TEMPLATE = Path(__file__).resolve().parent / "data" / "viz.html"


@dataclass
class Filters:
    """Which events the page carries: a period, event types, and a party by name or id."""
    start: dt.date | None = None
    end: dt.date | None = None
    types: list[str] = field(default_factory=list)
    actor: str = ""


@dataclass
class Summary:
    events: int
    parties: int
    bytes: int


def write_page(store_dir: Path, out: Path, filters: Filters | None = None, max_nodes: int = 150) -> Summary:
    """The page with the store's events embedded, written whole or not at all."""
    filters = filters or Filters()
    data = collect(store_dir, filters)
    html = page(data, filters, max_nodes=max_nodes)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(out)
    table = data["event-parties"]
    event, party = table["columns"].index("event"), table["columns"].index("party")
    return Summary(len({row[event] for row in table["rows"]}), len({row[party] for row in table["rows"]}),
                   len(html.encode("utf-8")))


def collect(store_dir: Path, filters: Filters) -> dict[str, dict]:
    """{query name: {columns, rows}} of the events that pass the filters."""
    tables = {}
    for name in QUERIES:
        sparql = (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
        result = query.query_store(store_dir, sparql)
        columns = [v.value for v in result.variables]
        tables[name] = {"columns": columns,
                        "rows": [[s[c].value if s[c] is not None else "" for c in columns] for s in result]}
    kept = _kept_events(tables["event-parties"], filters)
    for table in tables.values():
        event = table["columns"].index("event")
        table["rows"] = [row for row in table["rows"] if row[event] in kept]
    return tables


def _kept_events(parties: dict, filters: Filters) -> set[str]:
    columns = parties["columns"]
    rows = [dict(zip(columns, row)) for row in parties["rows"]]
    wanted = fold(filters.actor).casefold()
    matched = {r["event"] for r in rows if wanted and any(wanted in fold(v).casefold() for v in
                                                          (r["fa"], r["en"], r["party"].rsplit("/", 1)[-1]))}
    kept = set()
    for r in rows:
        day = dt.date.fromisoformat(r["date"]) if r["date"] else None
        if filters.types and r["type"] not in filters.types:
            continue
        if (filters.start or filters.end) and day is None:
            continue
        if (filters.start and day < filters.start) or (filters.end and day > filters.end):
            continue
        if wanted and r["event"] not in matched:
            continue
        kept.add(r["event"])
    return kept


def page(data: dict | None, filters: Filters | None = None, endpoint: str = "/query", max_nodes: int = 150) -> str:
    """The HTML page: with `data` embedded, or (None) asking `endpoint` for it when opened."""
    filters = filters or Filters()
    config = {"endpoint": endpoint, "maxNodes": max_nodes, "types": filters.types,
              "from": filters.start.isoformat() if filters.start else "",
              "to": filters.end.isoformat() if filters.end else "", "actor": filters.actor,
              "resolvedBy": RESOLVED_BY, "dateWords": DATE_WORDS,
              "queries": {name: (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
                          for name in QUERIES}}
    html = _TEMPLATE.read_text(encoding="utf-8")
    return html.replace("__KG_CONFIG__", _script_json(config)).replace("__KG_DATA__", _script_json(data))


def _script_json(value) -> str:
    """JSON that cannot end its <script> element early: every '<' written as an escape."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
