"""Figures about a built store, for `kg stats`."""
from __future__ import annotations

from pathlib import Path

from kg import store as kgstore
from kg.query import run


def store_stats(store_dir: Path) -> list[tuple[str, int]]:
    current = kgstore.open_read_only(store_dir)
    figures = [("documents", len(kgstore.doc_graph_ids(current)))]
    by_type = run(current, """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a ?c . ?c rdfs:subClassOf dip:Event . BIND(STRAFTER(STR(?c), "#") AS ?type) } GROUP BY ?type ORDER BY ?type""")
    figures += [(f"events: {row['type'].value}", int(row["n"].value)) for row in by_type]
    for name, cls in (("event mentions", "dip:Mention"), ("roles", "dip:Role"), ("memberships", "dip:Membership"),
                      ("persons", "dip:Person"), ("countries", "dip:Country"), ("organisations", "dip:Organization")):
        count = run(current, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
        figures.append((name, int(next(iter(count))["n"].value)))
    figures.append(("triples", len(current)))
    figures.append(("generation", 0 if kgstore.current_generation(store_dir) is None
                    else int(kgstore.current_generation(store_dir).name[4:])))
    return figures
