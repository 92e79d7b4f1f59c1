"""Normalise Persian text and keep every token's offsets in the original file.

hazm's Normalizer fixes letters, digits and spacing, but it changes lengths
(ZWNJ inserted, spaces removed, "..." turned into "…").  Matching and
offsets therefore work on two things computed here:

* a *key* per token: the token folded so that Arabic ي/ك, ZWNJ, diacritics,
  رییس/رئیس and digit scripts no longer matter, and
* an alignment from the normalised text back to the original characters, so
  that every token, mention and event points at the characters of the file
  the user has.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from kg.model import Sentence, Token

# Characters folded away for matching: each maps to its canonical form.
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا",
    "ٱ": "ا", "آ": "ا", "ؤ": "و",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "…": ".", "٪": "%", "“": '"', "”": '"',
})
# Arabic presentation forms (ﻼ ﺳﻼﻡ from old PDFs and web pages), which hazm rewrites as letters:
# their compatibility letters, folded as above.
_FOLD.update({code: unicodedata.normalize("NFKC", chr(code)).translate(_FOLD)
              for code in range(0xFB50, 0xFEFD) if chr(code).isalpha()
              and unicodedata.normalize("NFKC", chr(code)) != chr(code)})
# Dropped for matching: diacritics, tatweel, ZWNJ/ZWJ, direction marks and isolates, BOM, spaces.
_BLANK = r"\u064B-\u065F\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\s"
_DROP = re.compile(f"[{_BLANK}]")
_CONTENT = re.compile(f"[^{_BLANK}]")
# fold() one character at a time, for the characters that fold to exactly one or none:
# those dropped become NUL (which read.py never lets into a text).
_FOLD_ONE = {**{code: "\x00" for code in [*range(0x3400), 0xFEFF] if _DROP.match(chr(code))},
             **{code: value for code, value in _FOLD.items() if len(value) == 1}}
# Characters that fold to more than one (the ligature ﻼ → لا): those texts go character by character.
_FOLD_MANY = re.compile("[" + "".join(re.escape(chr(code)) for code, value in _FOLD.items() if len(value) > 1) + "]")
# A line and its end: LF, CRLF or a lone CR (files from old Macs).
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")
# Sentence ends inside a line (hazm's sent_tokenize also splits on ':' which we do not want).
_SENTENCE_END = {".", "!", "?", "؟", "…"}
# Tokens that hazm leaves joined but that hold two words for our purposes.
_SPLIT_INSIDE = re.compile(r"[-–—/]")


def fold(text: str) -> str:
    """The matching key of a string: spelling variants, ZWNJ and spaces folded away.

    Words and short phrases recur (every token, every cue written in the code as
    fold("و")), so their keys are remembered; long texts are folded afresh."""
    return _fold_short(text) if len(text) <= 40 else _fold(text)


def _fold(text: str) -> str:
    return _DROP.sub("", text.translate(_FOLD)).lower()


_fold_short = lru_cache(maxsize=1 << 17)(_fold)


def has_content(text: str, start: int = 0) -> bool:
    """Whether anything but what fold() drops (spaces, ZWNJ, direction marks) is in text[start:]."""
    return _CONTENT.search(text, start) is not None


@lru_cache(maxsize=1)
def _hazm():
    import hazm.normalizer
    from hazm import Normalizer, WordTokenizer

    # hazm 0.10.0 rebuilds its two translation tables from the same strings on every
    # normalize() call (a quarter of its time on news lines); they are pure functions
    # of those strings, so one copy of each serves every call.
    hazm.normalizer.maketrans = lru_cache(maxsize=8)(hazm.normalizer.maketrans)

    # seperate_mi stays True: hazm 0.10.0 crashes with it off and correct_spacing on.
    return Normalizer(), WordTokenizer(join_verb_parts=False)


def normalize_text(text: str) -> str:
    """hazm's normalised form of a piece of text (for display and NER input)."""
    normalizer, _ = _hazm()
    return normalizer.normalize(text)


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the character it came from.

    Usually each character folds to one character or to none: one translate() then
    gives both at C speed; other texts go character by character."""
    marked = text.translate(_FOLD_ONE).lower()
    if len(marked) == len(text) and not _FOLD_MANY.search(text):
        return marked.replace("\x00", ""), [i for i, ch in enumerate(marked) if ch != "\x00"]
    chars, index = [], []
    for i, ch in enumerate(text):
        key = _fold_short(ch)
        if len(key) == 1:
            chars.append(key)
            index.append(i)
        elif key:
            chars.extend(key)
            index.extend([i] * len(key))
    return "".join(chars), index


def align(original: str, normalized: str) -> list[int | None]:
    """For each character of `normalized`, its index in `original` (or None).

    Both strings are folded; where the folded strings agree the mapping is
    direct.  hazm's changes are local ('...' → '…', a space removed), so at a
    difference the two are brought back in step at the nearest point where they
    agree again.  (A global diff is quadratic, and on repeated sentences it
    pairs one sentence with another.)
    """
    f_orig, i_orig = _folded_with_index(original)
    f_norm, i_norm = _folded_with_index(normalized)
    mapping: list[int | None] = [None] * len(normalized)
    pairs = zip(i_norm, i_orig) if f_orig == f_norm else \
        ((i_norm[a], i_orig[b]) for a, b in _in_step(f_norm, f_orig))
    for n, o in pairs:
        if mapping[n] is None:
            mapping[n] = o
    return mapping


_RESYNC_WINDOW, _RESYNC_RUN, _FAR_WINDOW = 12, 3, 400


def _in_step(a: str, b: str):
    """(i, j) pairs of equal characters of a and b, in order, walking both at once."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            yield i, j
            i, j = i + 1, j + 1
            continue
        skip = _nearest_agreement(a, b, i, j)
        if skip is None:                        # a longer rewrite: find where they agree further on
            block = difflib.SequenceMatcher(None, a[i:i + _FAR_WINDOW], b[j:j + _FAR_WINDOW],
                                            autojunk=False).find_longest_match()
            if block.size == 0:
                return
            skip = block.a, block.b
        i, j = i + skip[0], j + skip[1]


def _nearest_agreement(a: str, b: str, i: int, j: int) -> tuple[int, int] | None:
    """The fewest characters to skip in a and b (in all) after which they agree for a few characters."""
    for total in range(1, 2 * _RESYNC_WINDOW):
        for skip_a in range(total + 1):
            x, y = i + skip_a, j + total - skip_a
            run = min(_RESYNC_RUN, len(a) - x, len(b) - y)
            if run > 0 and a[x:x + run] == b[y:y + run]:
                return skip_a, total - skip_a
    return None


def _span(mapping: list[int | None], start: int, end: int) -> tuple[int, int] | None:
    inside = [m for m in mapping[start:end] if m is not None]
    if not inside:
        return None
    return min(inside), max(inside) + 1


def _split_token(text: str, start: int) -> list[tuple[str, int]]:
    """Split hyphen/slash joined words (تهران-مسکو) into parts with their offsets."""
    if not _SPLIT_INSIDE.search(text) or len(text) == 1:
        return [(text, start)]
    parts, pos = [], 0
    for piece in re.split(r"([-–—/])", text):
        if piece:
            parts.append((piece, start + pos))
        pos += len(piece)
    return parts


def tokenize_line(original: str, offset: int) -> list[Token]:
    """Tokens of one line, with offsets into the whole document text.

    A long line (a paragraph without line breaks, a file of one line) is read in
    pieces cut between sentences or words: aligning hazm's output with the
    original costs the square of a piece's length where the two differ."""
    if len(original) <= _PIECE:
        return _tokenize_piece(original, offset)
    tokens: list[Token] = []
    for piece, at in _pieces(original):
        tokens += _tokenize_piece(piece, offset + at)
    return tokens


_PIECE = 2000
_CUT_AFTER_SENTENCE = re.compile(r"[.!?؟…]\s+")
_CUT_AT_SPACE = re.compile(r"\s+")


def _pieces(line: str):
    """(piece, start) of a long line: cut after the last sentence end, else the last space,
    in the second half of each stretch of _PIECE characters."""
    start = 0
    while len(line) - start > _PIECE:
        window = line[start + _PIECE // 2:start + _PIECE]
        ends = list(_CUT_AFTER_SENTENCE.finditer(window)) or list(_CUT_AT_SPACE.finditer(window))
        cut = start + _PIECE // 2 + ends[-1].end() if ends else start + _PIECE
        yield line[start:cut], start
        start = cut
    yield line[start:], start


def _tokenize_piece(original: str, offset: int) -> list[Token]:
    normalizer, tokenizer = _hazm()
    normalized = normalizer.normalize(original)
    mapping = align(original, normalized)
    tokens, cursor = [], 0
    for word in tokenizer.tokenize(normalized):
        at = normalized.find(word, cursor)
        if at < 0:  # hazm rewrote the token; skip what cannot be located
            continue
        cursor = at + len(word)
        for piece, piece_at in _split_token(word, at):
            span = _span(mapping, piece_at, piece_at + len(piece))
            key = fold(piece)
            if span is None or not key:
                continue
            tokens.append(Token(piece, key, offset + span[0], offset + span[1]))
    return tokens


def split_sentences(text: str, body_start: int = 0) -> list[Sentence]:
    """Lines first (headlines stand alone), then sentence punctuation inside lines."""
    sentences: list[Sentence] = []
    for paragraph, match in enumerate(_LINE.finditer(text, body_start)):
        line, line_start = match.group(1), match.start()
        tokens = tokenize_line(line, line_start) if line.strip() else []
        current: list[Token] = []
        for at, token in enumerate(tokens):
            current.append(token)
            if token.text in _SENTENCE_END and not _inside_abbreviation(text, tokens, at):
                sentences.append(_sentence(text, current, len(sentences), paragraph))
                current = []
        if current:
            sentences.append(_sentence(text, current, len(sentences), paragraph))
        if not match.group(2):
            break
    return sentences


def _inside_abbreviation(text: str, tokens: list[Token], at: int) -> bool:
    """A full stop between letters of a dotted abbreviation (بی‌.‌بی‌.‌سی, سی.ان.ان) ends no sentence.

    The dot sits between a word of one or two letters and the next word, with no
    space on either side; a sentence run into the next one without a space
    (…کرد.او گفت) has a longer word before its dot."""
    if at == 0 or at + 1 >= len(tokens) or tokens[at].text != ".":
        return False
    before, dot, after = tokens[at - 1], tokens[at], tokens[at + 1]
    letters = before.text.replace("\u200c", "")
    return (len(letters) <= 2 and letters.isalpha()
            and not text[before.end:dot.start].strip("\u200c") and not text[dot.end:after.start].strip("\u200c"))


def _sentence(text: str, tokens: list[Token], index: int, paragraph: int) -> Sentence:
    start, end = tokens[0].start, tokens[-1].end
    return Sentence(index=index, paragraph=paragraph, start=start, end=end,
                    text=text[start:end], tokens=tuple(tokens))
