"""`kg models train-ner`: a Persian NER model of one's own, trained with Stanza's
own trainer (`stanza.models.ner_tagger`) and laid out as a Stanza resources
folder that both kg and a plain `stanza.Pipeline('fa', dir=OUT,
download_method=None)` load.

Why a trainer in kg: Stanza's published Persian models cannot be had offline,
and a model is only as good as its word vectors and the names of its era.
Users retrain on their own IOB data (and unlabelled news text for the
vectors) with one command.

Steps, all on CPU and deterministic for a given seed:
  1. IOB files (IOB1, IOB2 or BIOES, kg.ner_eval's label spellings) → Stanza's
     JSON with BIOES tags; tokens normalised as kg's own tokens are.
  2. Word vectors: gensim Word2Vec on the training tokens plus `--text` files
     → word2vec text → Stanza's pretrain `.pt` (convert_pretrain).
  3. Stanza's NER trainer, in a subprocess whose dev F1 is reported at every
     evaluation; the best model on the dev data is kept.
  4. OUT/resources.json, OUT/fa/ner/NAME.pt, OUT/fa/pretrain/NAME.pt.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.ner import LANG
from kg.ner_eval import LABELS, read_iob, spans_of

_STEP = re.compile(r"step (\d+): train_loss = ([\d.]+), dev_score = ([\d.]+)")
_BEST = re.compile(r"Best dev F1 = ([\d.]+)")


@dataclass
class TrainOptions:
    name: str = "kg"                 # file names fa/ner/NAME.pt and fa/pretrain/NAME.pt
    max_steps: int = 3000
    eval_interval: int = 250
    hidden_dim: int = 256
    char_hidden_dim: int = 100
    word_dim: int = 100              # word2vec dimensions
    batch_size: int = 32
    lr: float = 0.003
    seed: int = 1234
    dev_share: int = 10              # without --dev: every Nth training sentence is held out
    threads: int = 0                 # torch threads (0: torch's default)


@dataclass
class TrainReport:
    out: Path
    sentences: int
    dev_sentences: int
    vocabulary: int
    dev_f1: list[tuple[int, float]] = field(default_factory=list)   # (step, dev F1) at each evaluation
    best_f1: float = 0.0
    seconds: float = 0.0
    sizes: dict[str, int] = field(default_factory=dict)


def train_ner(train_files: Sequence[Path], out: Path, dev_file: Path | None = None,
              text_files: Sequence[Path] = (), options: TrainOptions | None = None,
              progress: Callable[[int, float], None] | None = None) -> TrainReport:
    """Train and lay out a model; raises KgError with one line on bad input or a failed step."""
    options = options or TrainOptions()
    _require_training_extras()
    started = time.perf_counter()
    train = [s for path in train_files for s in _stanza_sentences(path)]
    if dev_file:
        dev = _stanza_sentences(dev_file)
    else:
        dev = train[::options.dev_share]
        train = [s for i, s in enumerate(train) if i % options.dev_share]
    if not train or not dev:
        raise KgError("train-ner: no training or dev sentences")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="kg-train-ner-") as scratch:
        work = Path(scratch)
        for name, data in (("train.json", train), ("dev.json", dev)):
            (work / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        texts = [[w["text"] for w in s] for s in train + dev] + _unlabelled(text_files)
        vocabulary = _word_vectors(texts, work / "vectors.txt", options)
        _run(["-m", "stanza.models.common.convert_pretrain", "pretrain.pt", "vectors.txt", "-1"], work, options)
        report = TrainReport(out, len(train), len(dev), vocabulary)
        _run(_trainer_command(options), work, options, lambda line: _note(line, report, progress))
        _lay_out(work, out, options.name)
    report.seconds = time.perf_counter() - started
    (out / "training.json").write_text(json.dumps({
        "corpus": [Path(p).name for p in train_files], "dev": Path(dev_file).name if dev_file else None,
        "options": options.__dict__, "sentences": report.sentences, "dev_sentences": report.dev_sentences,
        "vocabulary": vocabulary, "dev_f1": report.dev_f1, "best_dev_f1": report.best_f1,
        "seconds": round(report.seconds)}, indent=1) + "\n", encoding="utf-8")
    report.sizes = {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}
    return report


def _require_training_extras() -> None:
    import importlib.util

    missing = [m for m in ("stanza", "gensim") if importlib.util.find_spec(m) is None]
    if missing:
        raise KgError(f"train-ner needs {' and '.join(missing)}: pip install 'kg[train]'")


def _stanza_sentences(path: Path) -> list[list[dict]]:
    """An IOB file as Stanza's NER JSON: [{"text", "ner"}] per sentence, BIOES tags."""
    from kg.normalize import normalize_text

    sentences = []
    for sentence in read_iob(path):
        words = [_word(normalize_text(word) or word) for word, _tag in sentence]
        tags = ["O"] * len(words)
        for first, last, label in spans_of([tag for _word_, tag in sentence]):
            label = LABELS.get(label, label)
            if last - first == 1:
                tags[first] = f"S-{label}"
            else:
                tags[first:last] = [f"B-{label}", *[f"I-{label}"] * (last - first - 2), f"E-{label}"]
        sentences.append([{"text": w, "ner": t} for w, t in zip(words, tags)])
    return sentences


def _word(text: str) -> str:
    """One token as one Stanza word (kg.ner feeds words the same way)."""
    return text.replace(" ", "\u200c")


def _unlabelled(text_files: Sequence[Path]) -> list[list[str]]:
    from kg.normalize import normalize_text

    texts = []
    for path in text_files:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"{path}: cannot read text file ({getattr(exc, 'strerror', None) or 'not UTF-8'})") from None
        texts += [normalize_text(line).split() for line in lines if line.strip()]
    return texts


def _word_vectors(texts: list[list[str]], target: Path, options: TrainOptions) -> int:
    """word2vec (skip-gram, one worker, fixed seed and hash: the same vectors every run)."""
    from gensim.models import Word2Vec

    model = Word2Vec(sentences=texts, vector_size=options.word_dim, window=5, min_count=1, sg=1, epochs=10,
                     seed=options.seed, workers=1, hashfxn=lambda s: zlib.crc32(s.encode("utf-8")))
    model.wv.save_word2vec_format(str(target), binary=False)
    return len(model.wv)


def _trainer_command(options: TrainOptions) -> list[str]:
    return ["-m", "stanza.models.ner_tagger", "--mode", "train", "--shorthand", f"{LANG}_{options.name}",
            "--train_file", "train.json", "--eval_file", "dev.json", "--wordvec_pretrain_file", "pretrain.pt",
            "--save_dir", ".", "--save_name", "ner.pt",
            "--hidden_dim", str(options.hidden_dim), "--char_hidden_dim", str(options.char_hidden_dim),
            "--word_emb_dim", str(options.word_dim), "--batch_size", str(options.batch_size),
            "--max_steps", str(options.max_steps), "--eval_interval", str(options.eval_interval),
            "--max_steps_no_improve", str(max(options.max_steps, 2500)),
            "--optim", "adam", "--lr", str(options.lr), "--seed", str(options.seed), "--cpu"]


def _run(command: list[str], cwd: Path, options: TrainOptions, on_line: Callable[[str], None] | None = None) -> None:
    """A Stanza tool in a subprocess (its logging configured its own way), line by line."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if options.threads:
        env["OMP_NUM_THREADS"] = str(options.threads)
    log: list[str] = []
    with subprocess.Popen([sys.executable, *command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace") as process:
        for line in process.stdout:
            log.append(line.rstrip())
            if on_line:
                on_line(line)
    if process.returncode != 0:
        tail = next((line for line in reversed(log) if line.strip()), "no output")
        raise KgError(f"train-ner: {command[1]} failed (exit {process.returncode}): {tail[:200]}")


def _note(line: str, report: TrainReport, progress: Callable[[int, float], None] | None) -> None:
    if match := _STEP.search(line):
        step, f1 = int(match.group(1)), float(match.group(3))
        report.dev_f1.append((step, f1))
        if progress:
            progress(step, f1)
    elif match := _BEST.search(line):
        report.best_f1 = float(match.group(1)) / 100


def _lay_out(work: Path, out: Path, name: str) -> None:
    """Stanza's resources layout; .pt files re-saved in torch's zip format (byte-stable)."""
    import torch

    for kind, source in (("ner", work / "ner.pt"), ("pretrain", work / "pretrain.pt")):
        if not source.is_file():
            raise KgError(f"train-ner: the trainer wrote no {source.name}")
        target = out / LANG / kind / f"{name}.pt"
        target.parent.mkdir(parents=True, exist_ok=True)
        torch.save(torch.load(source, map_location="cpu", weights_only=False), target)   # our own file
    resources = {LANG: {"ner": {name: {"dependencies": [{"model": "pretrain", "package": name}]}},
                        "packages": {"default": {"ner": name}}}}
    (out / "resources.json").write_text(json.dumps(resources, indent=2) + "\n", encoding="utf-8")

