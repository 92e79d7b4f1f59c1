#!/usr/bin/env python3
"""
Train a TINY Stanza Persian NER model on CPU from synthetic sentences and lay it
out like a Stanza resources folder, so that it loads offline with

    stanza.Pipeline('fa', dir=OUT_DIR, processors='tokenize,ner',
                    tokenize_pretokenized=True, download_method=None)

Usage (from the repository root, with pip install '.[train]'):
    python tests/stanza_tiny/make_model.py tests/data/stanza-tiny

The result is committed (185 KB), so tests and CI do not train; run this again
only to change the model.  Two runs give byte-identical .pt files here.

Only the standard library, gensim and stanza (with its torch) are used.
Nothing is downloaded.  The model knows nothing about real Persian: it only
learns the handful of templates below.  It exists to exercise loading and
tagging code in tests.

Output layout:
    OUT_DIR/resources.json                 hand-written, minimal
    OUT_DIR/fa/ner/tiny.pt                 NER model (BiLSTM-CRF, no charlm)
    OUT_DIR/fa/pretrain/tiny.pt            word vectors (gensim Word2Vec -> stanza .pt)
    OUT_DIR/work/                          training data + logs (deleted at the end)
"""

import json
import os
import random
import shutil
import subprocess
import sys
import time
import zlib

SEED = 1234
MODEL_NAME = "tiny"          # file names fa/ner/tiny.pt and fa/pretrain/tiny.pt
N_TRAIN = 1200               # synthetic training sentences
N_DEV = 200                  # synthetic dev sentences (dev entities)
WV_DIM = 16                  # word-vector size

# --------------------------------------------------------------------------
# 1. Invented entities.  Each list is split three ways: train / dev / test
#    (disjoint), so dev and test sentences contain only names never seen as
#    labelled entities during training.
# --------------------------------------------------------------------------
FIRST_NAMES = {
    "train": ["بردیا", "کیانوش", "مهرناز", "سپیده", "آرمان", "نگین", "داریوش",
              "شیرین", "کامران", "لادن", "فرهاد", "ترانه"],
    "dev":   ["یاسمن", "پرویز", "گلاره"],
    "test":  ["سیامک", "رخشان", "هومن"],
}
LAST_NAMES = {
    "train": ["زرین‌پور", "آبانگاه", "مهرآیین", "کوه‌نشین", "دریاپور", "سروستانی",
              "نیک‌آذر", "باران‌زاده", "شبدیزی", "ماه‌روش"],
    "dev":   ["آفتاب‌نیا", "گل‌افشان"],
    "test":  ["ستاره‌وند", "پولادیان"],
}
COUNTRIES = {  # invented country names -> tag loc
    "train": ["آرالستان", "کوهسار", "مهرستان", "نیلوفرستان", "زرکوه", "بلورآباد",
              "سیمرغستان", "آبیزار"],
    "dev":   ["پرنیان‌زمین", "ارغوانستان"],
    "test":  ["سپیدستان", "فیروزه‌زمین"],
}
CITIES = {     # invented city names -> tag loc
    "train": ["سپیدرود", "آبگینه", "ماهشهرک", "نارون‌آباد", "شب‌بو", "گلدشت",
              "کهربا", "زمردکوه"],
    "dev":   ["یاقوت‌شهر", "نسترن"],
    "test":  ["بلوط‌آباد", "مرجان‌شهر"],
}
ORG_HEADS = ["سازمان", "شرکت", "بانک", "بنیاد", "اتحادیه"]  # shared: they are context
ORG_NAMES = {  # second (and third) token of an organisation name
    "train": [["نوین"], ["سپهر"], ["آینده‌سازان"], ["پیشگامان", "صنعت"], ["فروغ"],
              ["همبستگی", "ملی"], ["اخترنما"], ["رهاورد"]],
    "dev":   [["تابان"], ["افق", "روشن"]],
    "test":  [["آذرخش"], ["چکاد", "دانش"]],
}

# Extra invented TRAIN names built from syllables: a bigger name pool forces
# the model to use context (and characters) instead of memorising names.
SYLLABLES = ["آر", "با", "تی", "دا", "را", "زو", "سا", "شه", "فر", "کا", "گل",
             "لا", "ما", "نو", "وا", "هی", "یا", "مه", "ری", "نا"]
N_EXTRA = 40


def invented_words(rng, n, suffix="", reserved=()):
    """n distinct pseudo-words of 2-3 syllables (+ suffix), avoiding `reserved`."""
    words = []
    while len(words) < n:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))) + suffix
        if w not in words and w not in reserved:
            words.append(w)
    return words


def extend_train_pools():
    """Append syllable-made names to the train split only (deterministic)."""
    rng = random.Random(SEED + 7)
    held_out = set()
    for pool in (FIRST_NAMES, LAST_NAMES, COUNTRIES, CITIES):
        held_out.update(pool["dev"] + pool["test"])
    FIRST_NAMES["train"] += invented_words(rng, N_EXTRA, "", held_out)
    LAST_NAMES["train"] += invented_words(rng, N_EXTRA, "ی", held_out)
    COUNTRIES["train"] += invented_words(rng, N_EXTRA // 2, "ستان", held_out)
    CITIES["train"] += invented_words(rng, N_EXTRA // 2, "آباد", held_out)
    ORG_NAMES["train"] += [[w] for w in invented_words(rng, N_EXTRA // 2, "", held_out)]


# --------------------------------------------------------------------------
# 2. Templates.  Tokens are space separated; slots are {PER} {LOC} {CITY} {ORG}.
# --------------------------------------------------------------------------
TEMPLATES = [
    "{PER} وزیر خارجه {LOC} با {PER} دیدار کرد .",
    "{PER} به {LOC} سفر کرد .",
    "{PER} به {CITY} سفر کرد .",
    "{ORG} در {CITY} دفتر جدیدی افتتاح کرد .",
    "{PER} رئیس {ORG} گفت که {LOC} شریک مهمی است .",
    "نماینده {ORG} در {CITY} با {PER} گفتگو کرد .",
    "{PER} و {PER} در {CITY} ملاقات کردند .",
    "سفیر {LOC} در {CITY} به دیدار {PER} رفت .",
    "{ORG} قرارداد تازه‌ای با {ORG} امضا کرد .",
    "دیروز در {CITY} باران بارید .",
    "امروز هوا در {CITY} آفتابی است .",
    "قیمت نفت امروز افزایش یافت .",
    "{PER} مدیرعامل {ORG} است .",
    "مردم {LOC} از تصمیم {ORG} استقبال کردند .",
    "رئیس جمهور {LOC} وارد {CITY} شد .",
    "این گزارش دیروز منتشر شد .",
]

# Four fixed test sentences (test-split entities only, token lists).
TEST_SENTENCES = [
    "سیامک ستاره‌وند وزیر خارجه سپیدستان با رخشان پولادیان دیدار کرد .".split(" "),
    "هومن به بلوط‌آباد سفر کرد .".split(" "),
    "بانک آذرخش در مرجان‌شهر دفتر جدیدی افتتاح کرد .".split(" "),
    "قیمت نفت امروز افزایش یافت .".split(" "),
]


def bioes(tokens, label):
    """Return BIOES tags for one entity of len(tokens) tokens."""
    n = len(tokens)
    if n == 1:
        return ["S-" + label]
    return ["B-" + label] + ["I-" + label] * (n - 2) + ["E-" + label]


def sample_entity(rng, slot, split):
    """Pick an entity for a slot from the given split; returns (tokens, label)."""
    if slot == "PER":
        if rng.random() < 0.25:                       # sometimes a single name
            return [rng.choice(FIRST_NAMES[split])], "pers"
        return [rng.choice(FIRST_NAMES[split]), rng.choice(LAST_NAMES[split])], "pers"
    if slot == "LOC":
        return [rng.choice(COUNTRIES[split])], "loc"
    if slot == "CITY":
        return [rng.choice(CITIES[split])], "loc"
    if slot == "ORG":
        return [rng.choice(ORG_HEADS)] + list(rng.choice(ORG_NAMES[split])), "org"
    raise ValueError(slot)


def make_sentence(rng, split):
    """One sentence as a list of {"text", "ner"} dicts (stanza's NER JSON format)."""
    out = []
    for tok in rng.choice(TEMPLATES).split(" "):
        if tok.startswith("{") and tok.endswith("}"):
            ent, label = sample_entity(rng, tok[1:-1], split)
            out.extend({"text": t, "ner": g} for t, g in zip(ent, bioes(ent, label)))
        else:
            out.append({"text": tok, "ner": "O"})
    return out


def stable_hash(s):
    """Deterministic replacement for gensim's default hashfxn=hash (Python's
    str hash is randomised per process).  gensim 4.4 seeds its initial vectors
    from `seed` alone, so this is belt and braces for other gensim versions."""
    return zlib.crc32(s.encode("utf-8"))


def train_word_vectors(sentences, txt_path):
    """gensim Word2Vec -> word2vec text file (header line "N DIM", then
    "word v1 .. vDIM").  workers=1 + fixed seed = identical vectors every run."""
    from gensim.models import Word2Vec
    model = Word2Vec(sentences=sentences, vector_size=WV_DIM, window=3, min_count=1,
                     sg=1, epochs=10, seed=SEED, workers=1, hashfxn=stable_hash)
    model.wv.save_word2vec_format(txt_path, binary=False)
    return len(model.wv)


def run(cmd, log_path, cwd):
    """Run a stanza command-line tool with the current interpreter; log to file."""
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")     # tiny model: 1 thread is fastest (4 threads gave the same weights)
    env.setdefault("PYTHONHASHSEED", "0")
    t0 = time.time()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.run([sys.executable] + cmd, cwd=cwd, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.exit("command failed (%d), see %s: %s" % (proc.returncode, log_path, " ".join(cmd)))
    return time.time() - t0


def minimal_resources_json():
    """Smallest resources.json found to work offline (download_method=None)
    with the Pipeline's default package='default' (also package=None,
    package={'ner': NAME} or processors={'tokenize': 'default', 'ner': NAME}):
    - "packages"->"default"->"ner": NAME resolves processors='tokenize,ner' to
      the file DIR/fa/ner/NAME.pt.  Without it only package={'ner': NAME}
      works (package='default'/None -> KeyError: 'ner').
    - "ner"->NAME->"dependencies" on pretrain NAME makes the pipeline pass
      DIR/fa/pretrain/NAME.pt to the NER model.  Without it the model loads
      WITHOUT word vectors and silently returns random, wrong tags.
    Not needed: "lang_name" (log line only), "default_processors" (only used
    when processors= is not given), a "pretrain" section, "md5"/"url" fields
    (nothing is downloaded or verified), any "tokenize" entry (with
    tokenize_pretokenized=True the tokenizer loads no model).
    """
    return {
        "fa": {
            "ner": {MODEL_NAME: {"dependencies": [{"model": "pretrain", "package": MODEL_NAME}]}},
            "packages": {"default": {"ner": MODEL_NAME}},
        }
    }


def canonical_copy(src, dst):
    """Copy a stanza .pt file, re-saved in torch's default zip format.
    Stanza saves with the legacy torch format (_use_new_zipfile_serialization=
    False) whose pickled storage keys are memory addresses, so two identical
    trainings give files with identical tensors but different bytes.  The zip
    format names storages 0,1,2,... and gives byte-identical files (the zip's
    inner folder is named after dst's basename, so keep basenames equal when
    comparing hashes).  torch.load (and so stanza) reads both formats."""
    import torch
    obj = torch.load(src, map_location="cpu", weights_only=False)  # our own file
    torch.save(obj, dst)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/stanza_tiny/make_model.py OUT_DIR")
    out_dir = os.path.abspath(sys.argv[1])
    work = os.path.join(out_dir, "work")
    if os.path.exists(work):
        shutil.rmtree(work)           # convert_pretrain never overwrites: start clean
    os.makedirs(work)
    os.makedirs(os.path.join(out_dir, "fa", "ner"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "fa", "pretrain"), exist_ok=True)

    # --- data -------------------------------------------------------------
    extend_train_pools()
    rng = random.Random(SEED)
    train = [make_sentence(rng, "train") for _ in range(N_TRAIN)]
    dev = [make_sentence(rng, "dev") for _ in range(N_DEV)]
    for name, data in (("train.json", train), ("dev.json", dev)):
        with open(os.path.join(work, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)

    # --- word vectors -----------------------------------------------------
    # Trained on UNLABELLED text: the training sentences plus an unlabelled
    # corpus built from all entity splits (as a real pretrain would have seen
    # many names).  Labels are never used here.
    urng = random.Random(SEED + 1)
    unlabelled = [[w["text"] for w in s] for s in train]
    for split in ("train", "dev", "test"):
        unlabelled += [[w["text"] for w in make_sentence(urng, split)] for _ in range(200)]
    t0 = time.time()
    n_words = train_word_vectors(unlabelled, os.path.join(work, "vectors.txt"))
    t_w2v = time.time() - t0

    t_conv = run(["-m", "stanza.models.common.convert_pretrain",
                  "pretrain.pt", "vectors.txt", "-1"], os.path.join(work, "convert.log"), work)

    # --- NER training -----------------------------------------------------
    # All paths relative to work/ so that the args stored inside the model do
    # not depend on OUT_DIR (=> identical file hashes across runs/dirs).
    # No --charlm: charlm is off unless --charlm is given, so no
    # forward/backward charlm files are needed.
    t_train = run(["-m", "stanza.models.ner_tagger", "--mode", "train",
                   "--shorthand", "fa_tiny",
                   "--train_file", "train.json", "--eval_file", "dev.json",
                   "--wordvec_pretrain_file", "pretrain.pt",
                   "--save_dir", ".", "--save_name", "ner.pt",
                   "--hidden_dim", "32", "--char_hidden_dim", "16", "--char_emb_dim", "16",
                   "--batch_size", "16", "--max_steps", "600", "--eval_interval", "100",
                   "--optim", "adam", "--lr", "0.01", "--word_dropout", "0.3",
                   "--seed", str(SEED), "--cpu"],
                  os.path.join(work, "train.log"), work)

    # --- lay out like a stanza resources dir --------------------------------
    canonical_copy(os.path.join(work, "ner.pt"), os.path.join(out_dir, "fa", "ner", MODEL_NAME + ".pt"))
    canonical_copy(os.path.join(work, "pretrain.pt"), os.path.join(out_dir, "fa", "pretrain", MODEL_NAME + ".pt"))
    with open(os.path.join(out_dir, "resources.json"), "w", encoding="utf-8") as f:
        json.dump(minimal_resources_json(), f, ensure_ascii=False, indent=2)

    print("vocab %d words; w2v %.1fs, convert %.1fs, ner train %.1fs" % (n_words, t_w2v, t_conv, t_train))
    for rel in ("fa/ner/%s.pt" % MODEL_NAME, "fa/pretrain/%s.pt" % MODEL_NAME, "resources.json"):
        print("%-22s %7d bytes" % (rel, os.path.getsize(os.path.join(out_dir, rel))))
    with open(os.path.join(work, "train.log"), encoding="utf-8") as f:
        best = [l.strip() for l in f if "Best dev F1" in l]
    if best:
        print(best[-1])
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
