"""The `kg` command: a thin Typer layer over the library (kg.build, kg.query, ...).

Diagnostics go to stderr so stdout stays machine-readable.  Exit codes: 0 ok,
1 a handled failure (or some inputs skipped), 2 a usage error.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KgError
from kg.query import ExportFormat, ResultFormat

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build and query a knowledge graph of diplomatic events from Persian news.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class NerMode(str, Enum):
    auto = "auto"
    rules = "rules"
    stanza = "stanza"


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    turtle = "turtle"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"kg {version('kg')}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print kg's version and exit.")] = False) -> None:
    """Build and query a knowledge graph of diplomatic events from Persian news."""


StoreOpt = Annotated[Path, typer.Option("--store", help="Store folder.", show_default=True)]
NerOpt = Annotated[NerMode, typer.Option("--ner", help="Mention backend: auto (Stanza if its Persian NER is "
                                         "installed, else rules), rules, or stanza.")]
StanzaDirOpt = Annotated[Optional[Path], typer.Option("--stanza-dir", help="Stanza resources folder "
                                                      "(default: STANZA_RESOURCES_DIR, else Stanza's own).")]
DefaultDateOpt = Annotated[Optional[str], typer.Option("--date", help="Date (YYYY-MM-DD) of articles that carry "
                                                        "none: titles resolve to the holders of that day.")]
DEFAULT_STORE = Path("kg-store")


def _fail(exc: Exception, code: int = 1) -> typer.Exit:
    typer.echo(f"kg: {exc}", err=True)
    return typer.Exit(code=code)


def _day(value: Optional[str], option: str = "--date"):
    """A YYYY-MM-DD option as a date, or a usage error naming the option."""
    import datetime as dt
    import re

    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise _fail(f"{option} '{value}': not a date (YYYY-MM-DD)", code=2)


@app.command()
def build(
    sources: Annotated[list[Path], typer.Argument(help="Article files (.txt, or .jsonl with one article per "
                                                   "line) or folders of them.")],
    store: StoreOpt = DEFAULT_STORE,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start from an empty store.")] = False,
    ner: NerOpt = NerMode.auto,
    stanza_dir: StanzaDirOpt = None,
    date: DefaultDateOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Analyse in this many processes "
                                         "(the graph is the same).")] = 1,
    executor: Annotated[Optional[str], typer.Option("--executor", help="Analyse on a Dask cluster: "
                                                    "dask://HOST:PORT (kg installed on its workers).")] = None,
) -> None:
    """Build or update the store from Persian news articles.

    Example: kg build seeds/ --store kg-store
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    from kg.build import build as run_build
    from kg.read import count_articles

    default_date = _day(date)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("eta"), TimeRemainingColumn())
    try:
        backends, ner_name = _backends(ner.value, stanza_dir)
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("analysing", total=count_articles(sources) if err.is_terminal else None)

            def advance(stage: str) -> None:
                if stage == "writing":
                    progress.update(task, description="writing the store", total=None)
                else:
                    progress.advance(task)

            report = run_build(sources, store, rebuild=rebuild, backends=backends, ner=ner_name,
                               progress=advance, default_date=default_date, workers=workers, executor=executor)
    except KgError as exc:
        raise _fail(exc)
    for skipped in report.skipped:
        typer.echo(f"kg: skipped {skipped}", err=True)
    _print_build_summary(report)
    if report.skipped:
        raise typer.Exit(code=1)


def _backends(mode: str, stanza_dir: Optional[Path]) -> tuple[list, str]:
    """The mention backends for --ner, with a one-line hint when auto falls back to the rules."""
    from kg.ner import choose

    backends, name, hint = choose(mode, stanza_dir)
    if hint:
        typer.echo(f"kg: {hint}", err=True)
    return backends, name


def _print_build_summary(report) -> None:
    table = Table(title=f"kg build → {report.store}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents built", str(len(report.built)))
    table.add_row("documents unchanged", str(len(report.unchanged)))
    table.add_row("documents skipped", str(len(report.skipped)))
    table.add_row("sentences", str(report.sentences))
    table.add_row("mentions", str(report.mentions))
    for event_type, count in sorted(report.events.items()):
        table.add_row(f"events: {event_type}", str(count))
    table.add_row("roles", str(report.roles))
    table.add_row("memberships", str(report.memberships))
    table.add_row("triples in store", str(report.triples) if report.new_generation else "unchanged")
    table.add_row("NER backend", report.ner)
    table.add_row("seconds", f"{report.seconds:.2f}")
    err.print(table)


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, or a .rq file.")],
    store: StoreOpt = DEFAULT_STORE,
    format: Annotated[ResultFormat, typer.Option("--format", "-f", help="table, csv, tsv, json, xml "
                                                "(SELECT/ASK); turtle (also the table format's), "
                                                "ntriples (CONSTRUCT).")] = ResultFormat.table,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE: the query's ?NAME "
                                                       "is VALUE (a literal; <...> for an IRI, ent:ID for an "
                                                       "entity).")] = None,
) -> None:
    """Run a SPARQL query over all documents (default graph = union of graphs).

    Example: kg query queries/events-of-actor.rq --param party=ent:araghchi --format csv
    """
    from kg import query as q

    try:
        substitutions = q.parse_params(param or [])
        result = q.query_store(store, q.read_query(query_or_file), substitutions)
        if q.is_graph(result) and format is ResultFormat.table:
            format = ResultFormat.turtle
        q.check_format(result, format.value)
    except KgError as exc:
        raise _fail(exc, code=2 if isinstance(exc, q.FormatError) else 1)
    try:
        if format is ResultFormat.table:
            _print_table(*q.rows(result))
        else:
            sys.stdout.buffer.write(q.serialize_result(result, format.value))
            sys.stdout.flush()
    except KgError as exc:
        raise _fail(exc)


_ISOLATE, _POP = "\u2068", "\u2069"      # FSI … PDI: right-to-left text stays inside its cell


def _print_table(names: list[str], rows: list[list[str]]) -> None:
    """A table on a terminal; tab-separated lines, no cell cut, when piped or redirected."""
    if not out.is_terminal:
        print("\t".join(names))
        for row in rows:
            print("\t".join(" ".join(cell.split()) for cell in row))
        err.print(f"{len(rows)} row(s)")
        return
    table = Table(*names)
    for row in rows:
        table.add_row(*(_isolated(cell) for cell in row))
    out.print(table)
    err.print(f"{len(rows)} row(s)")


def _isolated(cell: str) -> str:
    from rich.markup import escape

    if any("\u0590" <= ch <= "\u08ff" for ch in cell):
        return _ISOLATE + escape(cell) + _POP
    return escape(cell)


@app.command()
def export(
    store: StoreOpt = DEFAULT_STORE,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="turtle, trig, nquads, ntriples, "
                                                 "rdfxml or jsonld.")] = ExportFormat.turtle,
    graph: Annotated[Optional[str], typer.Option("--graph", help="Only this document's graph (its id).")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file, not stdout.")] = None,
) -> None:
    """Export the graph (or one document's graph) as RDF with prefixes.

    Example: kg export --format turtle --graph 002_012c5d34e2e930a6 -o doc.ttl
    """
    from kg.query import export as run_export

    try:
        data = run_export(store, format, graph)
    except KgError as exc:
        raise _fail(exc)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt, .jsonl) to analyse (nothing is stored).")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl or turtle.")] = ExtractFormat.jsonl,
    ner: NerOpt = NerMode.auto,
    stanza_dir: StanzaDirOpt = None,
    date: DefaultDateOpt = None,
) -> None:
    """Analyse articles and print sentences, mentions and events, without a store.

    Example: kg extract seeds/002_012c5d34e2e930a6.txt | head
    """
    from kg import export_doc
    from kg.pipeline import extract_all

    default_date = _day(date)
    try:
        backends, _name = _backends(ner.value, stanza_dir)
    except KgError as exc:
        raise _fail(exc)
    failed = False
    for doc in extract_all(files, backends=backends, default_date=default_date):
        if isinstance(doc, KgError):
            typer.echo(f"kg: skipped {doc}", err=True)
            failed = True
            continue
        if format is ExtractFormat.turtle:
            sys.stdout.buffer.write(export_doc.turtle(doc))
        else:
            print(json.dumps(export_doc.as_dict(doc), ensure_ascii=False))
    if failed:
        raise typer.Exit(code=1)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE) -> None:
    """Counts of documents, events by type, entities, roles and triples in the store.

    Example: kg stats --store kg-store
    """
    from kg.stats import store_stats

    try:
        figures = store_stats(store)
    except KgError as exc:
        raise _fail(exc)
    table = Table("what", "count", title=f"kg stats {store}")
    for name, value in figures:
        table.add_row(name, str(value))
    out.print(table)


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name, alias or title (وزیر امور خارجه ایران).")],
    date: Annotated[Optional[str], typer.Option("--date", help="Resolve titles on this day (YYYY-MM-DD).")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Show the canonical entity for a name or title: labels, Wikidata id, offices, appearances.

    Example: kg entity "وزیر امور خارجه ایران" --date 2021-11-18
    """
    from kg.entity import lookup

    day = _day(date)
    try:
        report = lookup(name, day, store)
    except KgError as exc:
        raise _fail(exc)
    _print_entity(report)


def _print_entity(report) -> None:
    e = report.entity
    out.print(f"[bold]{e.fa}[/bold]  {e.en}  (ent:{e.id}, {e.type}{', Wikidata ' + e.wikidata if e.wikidata else ''})")
    if e.aliases:
        out.print("also: " + "، ".join(e.aliases))
    from kg.resources import default

    res = default()
    for office in report.offices:
        held = " ◀" if report.day and office.covers(report.day) else ""
        position, org = res.positions.get(office.position), res.entities.get(office.org)
        label = f"{position.fa if position else office.position} {org.fa if org else office.org}"
        english = f"{position.en if position else office.position} of {org.en if org else office.org}"
        shown = _isolated(label) if out.is_terminal else label
        out.print(f"{shown} ({english}): {office.start} – {office.end or 'now'}{held}", soft_wrap=True)
    if report.appearances:
        table = Table("doc", "type", "role", "other party", "modality", "date")
        for row in report.appearances:
            table.add_row(row["doc"], row["type"], row["role"], row["otherLabel"], row["modality"], row["date"])
        out.print(table)


@app.command()
def explain(
    event: Annotated[Optional[str], typer.Argument(help="An event: its IRI, its ev: id, or the start of one.")] = None,
    doc: Annotated[Optional[str], typer.Option("--doc", help="A document id (with --sentence).")] = None,
    sentence: Annotated[Optional[int], typer.Option("--sentence", min=0, help="A sentence number of --doc "
                                                    "(dip:sentenceIndex).")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Show the evidence for an event: parties and how each was resolved, modality and its cue,
    date and where it came from, and every sentence that reports it (trigger in [ ], parties in { }).

    Example: kg explain ev:3f2a  ·  kg explain --doc 01-araghchi-lavrov-moscow --sentence 0
    """
    from kg.explain import explain as explain_event, find_events

    try:
        for number, iri in enumerate(find_events(store, event, doc, sentence)):
            if number:
                typer.echo()
            _print_explanation(explain_event(store, iri))
    except KgError as exc:
        raise _fail(exc)


def _print_explanation(found) -> None:
    from kg.explain import date_in_words
    from kg.query import compact

    iso = _isolated if out.is_terminal else str
    typer.echo(f"{found.short_id}  {found.type}  {found.modality}  {found.date or 'undated'}")
    for party in found.parties:
        english = f" ({party.en})" if party.en else ""
        typer.echo(f"  {party.role}: {iso(party.fa)}{english}  {compact(party.iri)}")
    for number, report in enumerate(found.reports, 1):
        end = report.sentence_begin + len(report.sentence)
        typer.echo(f"report {number} of {len(found.reports)}: {report.doc}, sentence {report.sentence_index}, "
                   f"characters {report.sentence_begin}-{end}")
        typer.echo(f"  {iso(report.highlighted())}")
        confidence = f", confidence {report.confidence}" if report.confidence else ""
        typer.echo(f"  trigger {iso(report.trigger)} ({report.trigger_begin}-{report.trigger_end}), "
                   f"rule {report.rule}{confidence}")
        cue = f", set by {iso(report.modality_cue)}" if report.modality_cue else " (no cue)"
        typer.echo(f"  modality: {found.modality}{cue}")
        typer.echo(f"  date: {date_in_words(report.date_evidence)}")
        for party in report.parties:
            where = f" ({party.begin}-{party.end})" if party.begin is not None else ""
            words = f"{iso(party.words)}{where}" if party.words else "(not in the text)"
            typer.echo(f"  {party.role} {iso(party.fa)} <- {words}: {party.resolution()}")


@app.command()
def viz(
    store: StoreOpt = DEFAULT_STORE,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("kg-viz.html"),
    date_from: Annotated[Optional[str], typer.Option("--from", help="Events on or after this day (YYYY-MM-DD).")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Events on or before this day (YYYY-MM-DD).")] = None,
    types: Annotated[Optional[str], typer.Option("--type", help="Event types, comma-separated (Meeting,Visit).")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", help="Events with a party of this name or id.")] = None,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=5, help="Draw this many of the most active "
                                           "parties (the page can change it).")] = 150,
) -> None:
    """Write the graph as one self-contained HTML page: actor network and timeline; click an actor,
    a line or a day for its events and the sentences that report them. Works offline.

    Example: kg viz --store kg-store -o graph.html --from 2025-01-01 --type Meeting,PhoneCall
    """
    from kg.viz import Filters, write_page
    from kg.vocab import EVENT_TYPES

    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else []
    unknown = [t for t in wanted if t not in EVENT_TYPES]
    if unknown:
        raise _fail(f"--type '{','.join(unknown)}': not an event type (choose from {', '.join(EVENT_TYPES)})", code=2)
    filters = Filters(_day(date_from, "--from"), _day(date_to, "--to"), wanted, actor or "")
    try:
        summary = write_page(store, output, filters, max_nodes)
    except KgError as exc:
        raise _fail(exc)
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror})")
    typer.echo(f"kg: wrote {output} ({summary.events} events, {summary.parties} parties, "
               f"{summary.bytes / 1e6:.1f} MB)", err=True)


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    cors: Annotated[bool, typer.Option("--cors", help="Allow queries from web pages of other origins.")] = False,
    timeout_s: Annotated[int, typer.Option("--timeout-s", min=1, help="Cancel queries running longer "
                                           "(Oxigraph's own timeout).")] = 60,
    max_connections: Annotated[int, typer.Option("--max-connections", min=1, help="Open client connections "
                                                 "served at once; more get 503.")] = 64,
    max_memory_mb: Annotated[int, typer.Option("--max-memory-mb", min=64, help="Replace the Oxigraph process when "
                                               "its memory passes this (its queries get 503).")] = 4096,
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL updates (do not build meanwhile).")] = False,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol with Oxigraph's server (query UI at /).

    Example: kg serve --store kg-store --port 7878
    """
    from kg.serve import Options, serve as run_serve

    def ready(server) -> None:
        base = f"http://{host}:{port}"
        typer.echo(f"kg: serving {server.current.generation} (read-only={not writable})", err=True)
        typer.echo(f"Query UI:        {base}/")
        typer.echo(f"SPARQL endpoint: {base}/query")
        typer.echo(f"Graph (viz):     {base}/viz")
        sys.stdout.flush()

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"kg: warning: listening on {host}: every machine that can reach this one can query "
                   "the store", err=True)
    try:
        run_serve(Options(store, host, port, cors, timeout_s, writable, max_connections=max_connections,
                          max_memory_mb=max_memory_mb), ready)
    except KgError as exc:
        raise _fail(exc)
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port} ({exc.strerror})")


@app.command()
def bench(
    documents: Annotated[int, typer.Option("--documents", "-n", min=1, help="Copies of the seeds to make.")] = 1000,
    extra: Annotated[Optional[list[Path]], typer.Argument(help="Folders of your own articles to add.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Processes for the parallel build.")] = 2,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Times each query is run.")] = 5,
    http: Annotated[bool, typer.Option("--http/--no-http", help="Also time the queries over kg serve.")] = True,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Write the figures here as JSON.")] = Path("bench.json"),
    work_dir: Annotated[Optional[Path], typer.Option("--work-dir", help="Where the corpus and stores go "
                                                     "(default: a new temporary folder).")] = None,
) -> None:
    """Measure build speed per stage and end to end, memory, store size, query latency and rebuilds.

    Example: kg bench --documents 10000 --workers 2 -o bench.json
    """
    from kg.bench import run as run_bench, write_json

    try:
        report = run_bench(documents, extra or [], workers, runs, http, work_dir,
                           say=lambda line: typer.echo(line, err=True))
    except KgError as exc:
        raise _fail(exc)
    write_json(report, out_file)
    typer.echo(f"kg: figures written to {out_file} ({report['cores']} cores)", err=True)


models_app = typer.Typer(no_args_is_help=True, help="Statistical NER models (Stanza): status and download.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure extraction quality on your own gold data.")
app.add_typer(models_app, name="models")
app.add_typer(eval_app, name="eval")


@models_app.command("status")
def models_status(stanza_dir: StanzaDirOpt = None) -> None:
    """Which mention backends are usable, where their files are, and Stanza's version.

    Example: kg models status --stanza-dir ~/stanza_resources
    """
    from kg.ner import SHIPPED, find

    found = find(stanza_dir)
    out.print("rules: usable (gazetteer, titles, appositions; kg/data)")
    version = f"stanza {found.version}" if found.installed else "stanza: not installed"
    state = "usable" if found.usable else f"not usable: {found.problem}"
    if found.folder == SHIPPED:
        state += f" (the model kg ships: {found.model}, trained on ArmanPersoNERCorpus)"
    typer.echo(f"{version}, folder {found.folder}: {state}")
    for path in found.files:
        typer.echo(f"  {path}")


@models_app.command("download")
def models_download(stanza_dir: StanzaDirOpt = None) -> None:
    """Download Stanza's Persian NER (and its word vectors) with Stanza's own downloader; needs internet.

    Example: kg models download
    """
    from kg.ner import download

    try:
        folder = download(stanza_dir)
    except KgError as exc:
        raise _fail(exc)
    out.print(f"Stanza's Persian NER is in {folder}")


@models_app.command("train-ner")
def models_train_ner(
    corpus: Annotated[list[Path], typer.Argument(help="IOB training files ('token TAG' per line).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the model (a Stanza resources folder).")],
    dev: Annotated[Optional[Path], typer.Option("--dev", help="IOB dev file (default: every 10th training "
                                                "sentence is held out).")] = None,
    text: Annotated[Optional[list[Path]], typer.Option("--text", help="Unlabelled Persian text for the word "
                                                       "vectors (repeatable).")] = None,
    max_steps: Annotated[int, typer.Option(help="Training steps.")] = 3000,
    eval_interval: Annotated[int, typer.Option(help="Steps between dev evaluations.")] = 250,
    hidden_dim: Annotated[int, typer.Option(help="LSTM size.")] = 256,
    char_hidden_dim: Annotated[int, typer.Option(help="Character LSTM size.")] = 100,
    word_dim: Annotated[int, typer.Option(help="Word-vector size.")] = 100,
    batch_size: Annotated[int, typer.Option(help="Sentences per batch.")] = 32,
    seed: Annotated[int, typer.Option(help="Random seed (same data and seed: same model).")] = 1234,
    threads: Annotated[int, typer.Option(help="CPU threads for torch (0: its default).")] = 0,
    name: Annotated[str, typer.Option(help="Package name: files fa/ner/NAME.pt and fa/pretrain/NAME.pt.")] = "kg",
) -> None:
    """Train a Persian NER model with Stanza's trainer and word vectors of your data (needs kg[train]).

    Example: kg models train-ner train_fold1.txt --out my-ner --max-steps 6000
    """
    from kg.train_ner import TrainOptions, train_ner

    options = TrainOptions(max_steps=max_steps, eval_interval=eval_interval, hidden_dim=hidden_dim,
                           char_hidden_dim=char_hidden_dim, word_dim=word_dim, batch_size=batch_size,
                           seed=seed, threads=threads, name=name)

    def progress(step: int, f1: float) -> None:
        err.print(f"step {step}: dev F1 {f1:.4f}")

    try:
        report = train_ner(corpus, out, dev, text or (), options, progress)
    except KgError as exc:
        raise _fail(exc)
    out_lines = [f"trained on {report.sentences} sentences ({report.dev_sentences} dev), "
                 f"{report.vocabulary} words in the vectors, {report.seconds:.0f} s; best dev F1 {report.best_f1:.4f}"]
    out_lines += [f"  {name}: {size:,} bytes" for name, size in report.sizes.items()]
    typer.echo("\n".join(out_lines))
    typer.echo(f"use it: kg build SOURCES --ner stanza --stanza-dir {out}")


@eval_app.command("ner")
def eval_ner(
    gold_file: Annotated[Path, typer.Argument(help="IOB file: 'token TAG' per line, blank line between sentences.")],
    ner: NerOpt = NerMode.auto,
    stanza_dir: StanzaDirOpt = None,
    rules: Annotated[bool, typer.Option("--rules/--no-rules", help="Score the rules with the model (default), "
                                        "or the model alone.")] = True,
) -> None:
    """Precision, recall and F1 (exact spans) of the mention backend on an IOB gold file.

    Example: kg eval ner my-gold.iob --ner rules
    """
    from kg.ner_eval import evaluate
    from kg.resources import default

    try:
        backends, name = _backends(ner.value, stanza_dir)
        if not rules and not backends:
            raise KgError("--no-rules needs a model: --ner stanza (or auto with one installed)")
        report = evaluate(gold_file, default(), backends, rules)
    except KgError as exc:
        raise _fail(exc)
    shown = name if rules else name.replace(" + rules", " alone")
    table = Table("type", "precision", "recall", "F1", "gold", "found", "correct",
                  title=f"kg eval ner {gold_file.name} ({shown}, {report.sentences} sentences)")
    for label, s in [*report.per_type.items(), ("micro", report.micro)]:
        table.add_row(label, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp))
    out.print(table)
    confusion = ", ".join(f"{g}→{f}: {n}" for (g, f), n in sorted(report.confusion.items()) if g != f)
    out.print("errors (gold→found, - = none): " + (confusion or "none"))


@eval_app.command("events")
def eval_events(
    gold_file: Annotated[Path, typer.Argument(help="Gold events, roles and memberships (JSON, the format of "
                                              "the eval README).")],
    sources: Annotated[list[Path], typer.Argument(help="The gold documents' articles (.txt, .jsonl) or folders.")],
    ner: NerOpt = NerMode.auto,
    stanza_dir: StanzaDirOpt = None,
    date: DefaultDateOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures and findings as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List every miss, false positive and "
                                         "must-not violation with its sentence and rule.")] = True,
) -> None:
    """Build the sources into a scratch store and score its events, roles and memberships against gold.

    Example: kg eval events my-gold.json my-articles/ --ner rules
    """
    from kg.events_eval import evaluate

    default_date = _day(date)
    try:
        backends, name = _backends(ner.value, stanza_dir)
        report = evaluate(gold_file, sources, backends, name, default_date)
    except KgError as exc:
        raise _fail(exc)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        return
    _print_events_report(report, f"kg eval events {gold_file.name} ({name})", misses)


def _print_events_report(report, title: str, misses: bool) -> None:
    table = Table(title=title)
    table.add_column("what", no_wrap=True)
    for name in ("precision", "recall", "F1", "gold", "found", "system", "correct"):
        table.add_column(name, justify="right")
    rows = [("events", report.events), *((f"  {t}", f) for t, f in sorted(report.per_type.items())),
            ("roles", report.roles), ("memberships", report.memberships)]
    for label, f in rows:
        table.add_row(label, f"{f.precision:.3f}", f"{f.recall:.3f}", f"{f.f1:.3f}",
                      str(f.gold), str(f.found), str(f.system), str(f.correct))
    out.print(table)
    accuracy = report.modality_accuracy
    out.print(f"modality {report.modality_right}/{report.modality_checked}"
              + (f" ({accuracy:.3f})" if accuracy is not None else "")
              + f"; must-not violations {len(report.violations)}")
    if misses:
        for heading, findings in (("missed", report.misses), ("false positive", report.false_positives),
                                  ("must-not violation", report.violations)):
            for finding in findings:
                typer.echo(f"  {heading}: {finding.line()}")


def main() -> None:
    app()
