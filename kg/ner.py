"""Stanza's Persian NER as a mention backend (the optional extra `kg[stanza]`).

Models are never downloaded at run time.  They are looked for, in order, in
the folder given with `--stanza-dir` (then only there), in
`STANZA_RESOURCES_DIR`, in Stanza's own default resources folder (the one
`stanza.download`, and so `kg models download`, fills), and last in the model
that ships with kg (`kg/models/ner-fa`, trained by `kg models train-ner` on
ArmanPersoNERCorpus).  A folder is usable when it holds a `resources.json`
whose Persian default package names an NER model, and the files that model
needs (the `.pt` and its word vectors).  `KG_NO_SHIPPED_NER=1` leaves the
shipped model out (the tests that are not about NER do).

The pipeline is fed the project's own tokens (`tokenize_pretokenized=True`,
`download_method=None`): no network, and spans map back to tokens, whose
offsets into the original file are already known.  Stanza counts entity
offsets in the tokens joined by single spaces; `_token_spans` maps them back.
"""
from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError
from kg.model import Document, Sentence

LANG = "fa"
BATCH_SENTENCES = 64
CHOICES = ("auto", "rules", "stanza")
SHIPPED = Path(__file__).resolve().parent / "models" / "ner-fa"


@dataclass
class StanzaStatus:
    installed: bool
    version: str
    folder: Path
    model: str = ""                      # the NER package name, e.g. arman
    files: list[Path] = field(default_factory=list)
    problem: str = ""                    # why it is not usable

    @property
    def usable(self) -> bool:
        return self.installed and not self.problem


def default_dir() -> Path:
    """Stanza's own default resources folder (without importing torch)."""
    if os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(os.environ["STANZA_RESOURCES_DIR"])
    if importlib.util.find_spec("stanza") is None:
        return Path.home() / "stanza_resources"
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR)


def shipped_dir() -> Path | None:
    """The model that ships with kg, unless absent or switched off with KG_NO_SHIPPED_NER."""
    if os.environ.get("KG_NO_SHIPPED_NER") or not (SHIPPED / "resources.json").is_file():
        return None
    return SHIPPED


def find(folder: Path | None = None) -> StanzaStatus:
    """The folder to load: the one given, else Stanza's own if usable, else the shipped model."""
    found = status(folder)
    if folder is None and not found.usable and (shipped := shipped_dir()) is not None:
        own = status(shipped)
        if own.usable or not found.installed:
            return own
    return found


def status(folder: Path | None = None) -> StanzaStatus:
    """Is Stanza installed, and does `folder` hold a Persian NER model with its files?"""
    folder = Path(folder) if folder else default_dir()
    installed = importlib.util.find_spec("stanza") is not None
    version = _stanza_version() if installed else ""
    found = StanzaStatus(installed, version, folder)
    if not installed:
        found.problem = "stanza is not installed: pip install 'kg[stanza]'"
        return found
    try:
        resources = json.loads((folder / "resources.json").read_text(encoding="utf-8"))
    except OSError:
        found.problem = f"no Stanza resources.json in {folder}"
        return found
    except ValueError as exc:
        found.problem = f"{folder}/resources.json is not JSON ({exc})"
        return found
    try:
        found.model, dependencies = _persian_ner(resources)
    except (AttributeError, KeyError, TypeError, IndexError):
        found.problem = f"{folder}/resources.json is not laid out as Stanza's"
        return found
    if not found.model:
        found.problem = f"{folder}/resources.json names no Persian NER model"
        return found
    if "pretrain" not in dependencies:
        # Stanza would load the model without word vectors and tag wrongly, silently.
        found.problem = f"{folder}/resources.json names no word vectors (pretrain) for NER model '{found.model}'"
        return found
    needed = [folder / LANG / "ner" / f"{found.model}.pt"]
    needed += [folder / LANG / model / f"{package}.pt" for model, package in dependencies.items()]
    missing = [p for p in needed if not p.is_file()]
    found.files = [p for p in needed if p.is_file()]
    if missing:
        found.problem = "missing " + ", ".join(str(p) for p in missing)
    return found


def _persian_ner(resources: dict) -> tuple[str, dict[str, str]]:
    """The default Persian NER package of a resources.json, and its dependencies {model: package}."""
    fa = resources.get(LANG, {})
    model = fa.get("packages", {}).get("default", {}).get("ner") or fa.get("default_processors", {}).get("ner", "")
    if isinstance(model, list):
        model = model[0] if model else ""
    dependencies = fa.get("ner", {}).get(model, {}).get("dependencies", []) if model else []
    return model, {dep["model"]: dep["package"] for dep in dependencies}


def _stanza_version() -> str:
    from importlib.metadata import version

    return version("stanza")


def choose(mode: str, folder: Path | None = None) -> tuple[list["StanzaBackend"], str, str]:
    """The backends for --ner MODE: (backends, name for the summary, hint or '')."""
    if mode not in CHOICES:
        raise KgError(f"--ner '{mode}': choose one of {', '.join(CHOICES)}")
    if mode == "rules":
        return [], "rules", ""
    found = find(folder)
    if not found.usable:
        if mode == "stanza":
            raise KgError(f"--ner stanza: Stanza's Persian NER is not usable: {found.problem}; "
                          "run 'kg models download' (needs internet) or give --stanza-dir")
        return [], "rules", f"NER by the rules only (Stanza: {found.problem}; see 'kg models status')"
    try:
        backend = StanzaBackend(found.folder)
    except KgError as exc:
        if mode == "stanza":
            raise
        return [], "rules", f"NER by the rules only ({exc}; see 'kg models status')"
    return [backend], f"stanza {found.version} ({found.model}) + rules", ""


class StanzaBackend:
    """A mention backend: for each sentence, (first token, last token, label) spans."""

    def __init__(self, folder: Path, use_gpu: bool = False):
        try:
            import stanza

            self.pipeline = stanza.Pipeline(LANG, dir=str(folder), processors="tokenize,ner",
                                            tokenize_pretokenized=True, download_method=None,
                                            use_gpu=use_gpu, logging_level="WARN")
        except Exception as exc:    # Stanza raises many kinds; say which folder failed and why
            raise KgError(f"{folder}: cannot load Stanza's Persian NER ({type(exc).__name__}: "
                          f"{' '.join(str(exc).split())[:200]})") from None

    def __call__(self, doc: Document, sentences: Sequence[Sentence]) -> list[list[tuple[int, int, str]]]:
        spans: list[list[tuple[int, int, str]]] = []
        for at in range(0, len(sentences), BATCH_SENTENCES):
            batch = [[_stanza_word(_normalized(t.text)) for t in s.tokens] for s in sentences[at:at + BATCH_SENTENCES]]
            batch = [words or ["."] for words in batch]
            tagged = self.pipeline(batch)
            for words, sentence in zip(batch, tagged.sentences):
                offset = sentence.tokens[0].start_char if sentence.tokens else 0
                spans.append(_token_spans(words, [(e.start_char - offset, e.end_char - offset, e.type)
                                                  for e in sentence.ents]))
        return spans


@lru_cache(maxsize=200_000)
def _normalized(word: str) -> str:
    """A word as the model was trained on it: hazm-normalised, as kg's own tokens are (kg eval ner
    feeds the gold file's words as they are)."""
    from kg.normalize import normalize_text

    return normalize_text(word).strip() or word


def _stanza_word(text: str) -> str:
    """A token as one Stanza word: inner spaces would split it, ZWNJ keeps the length."""
    return text.replace(" ", "\u200c")


def _token_spans(words: list[str], entities: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Entity character offsets in the space-joined words → token index spans."""
    starts, ends, position = {}, {}, 0
    for index, word in enumerate(words):
        starts[position] = index
        ends[position + len(word)] = index + 1
        position += len(word) + 1
    return [(starts[a], ends[b], label) for a, b, label in entities if a in starts and b in ends]


def download(folder: Path | None = None) -> Path:
    """Fetch Stanza's Persian NER (and what it needs) with Stanza's own downloader."""
    if importlib.util.find_spec("stanza") is None:
        raise KgError("stanza is not installed: pip install 'kg[stanza]' first")
    import stanza

    folder = Path(folder) if folder else default_dir()
    try:
        stanza.download(LANG, model_dir=str(folder), processors="tokenize,ner", logging_level="WARN")
    except Exception as exc:    # offline: requests' ConnectionError, or Stanza's own errors
        raise KgError(f"cannot download Stanza's Persian models into {folder} (are you offline?): "
                      f"{type(exc).__name__}") from None
    return folder
