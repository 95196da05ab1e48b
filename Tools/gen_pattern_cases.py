#!/usr/bin/env python3
"""Generate Tests/Fixtures/qwen_pattern_cases.jsonl: the Qwen3.5 pre-tokenizer regex run by
Python's `regex` module (an engine independent of Tokenpack's hand-written scanner) on random
strings over characters chosen to hit every alternative and every class boundary.

    pip install regex unicodedata2==16.0.0
    python3 Tools/gen_pattern_cases.py > Tests/Fixtures/qwen_pattern_cases.jsonl

Each line: {"text": ..., "ends": [UTF-8 byte offset where each piece ends]}. The first line is
{"classes": [[first, last, class], ...]}: the class of every scalar value under the regex's own
Unicode tables (1 = [\\p{L}\\p{M}], 2 = \\p{N}, 3 = \\s, others absent), and "unassigned_16": the
ranges of scalars unassigned in Unicode 16.0, for comparing the
scanner's class table scalar by scalar. `regex` ships Unicode 17.0 tables while Tokenpack (and
tiktoken) use 16.0; the test accepts a disagreement only on scalars unassigned in 16.0, and this
script prints how many there are to stderr.
"""
import json
import random
import sys

import regex
import unicodedata2

QWEN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""

LETTER = regex.compile(r"[\p{L}\p{M}]")
NUMBER = regex.compile(r"\p{N}")
SPACE = regex.compile(r"\s")

ALPHABET = [
    "a", "Z", "é", "ß", "ſ", "中", "文", "ア", "한", "ق", "क", "ि", "्", "ा",  # letters; Devanagari Mc/Mn
    "\u0301", "\u0308", "\u20dd", "\u093f", "\u0E31",  # marks: Mn, Mn, Me, Mc, Thai Mn
    "0", "7", "٣", "²", "Ⅻ", "½", "𝟙",  # Nd, Nd, No, Nl, No, Nd (math)
    " ", "  ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028", "\u3000", "\u000b", "\u0085",
    "'", "'s", "'S", "'ll", "'LL", "'re", "'ve", "'m", "'d", "'t", "'ſ", "'x",
    "!", "?", ".", ",", "-", "_", "(", ")", "{", "}", "\"", "#", "€", "©", "😀", "\u200d", "👍🏽", "\ufe0f",
    "\u0000", "\u0007", "\u00ad", "\ue000", "\U0010FFFF", "\u0378",  # controls, format, private use, unassigned
]


def classes():
    out = []
    start, cur = 0, None

    def cls(cp):
        if 0xD800 <= cp <= 0xDFFF:
            return 0
        c = chr(cp)
        return 1 if LETTER.match(c) else 2 if NUMBER.match(c) else 3 if SPACE.match(c) else 0

    for cp in range(0x110000):
        c = cls(cp)
        if c != cur:
            if cur:
                out.append([start, cp - 1, cur])
            start, cur = cp, c
    if cur:
        out.append([start, 0x10FFFF, cur])
    return out


def unassigned_16():
    """Ranges [first, last] of scalars with General_Category Cn in Unicode 16.0 (unicodedata2)."""
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or unicodedata2.category(chr(cp)) != "Cn":
            continue
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def main():
    w = sys.stdout.write
    cs = classes()
    w(json.dumps({"classes": cs, "unassigned_16": unassigned_16()}) + "\n")
    rng = random.Random(35)
    for k in range(6000):
        n = rng.randint(1, 12 if k % 10 else 40)
        s = "".join(rng.choice(ALPHABET) for _ in range(n))
        pieces = regex.findall(QWEN, s)
        assert "".join(pieces) == s, repr(s)
        ends, total = [], 0
        for p in pieces:
            total += len(p.encode("utf-8"))
            ends.append(total)
        w(json.dumps({"text": s, "ends": ends}, ensure_ascii=False) + "\n")
    unassigned = sum(1 for a, b, _ in cs for cp in range(a, b + 1) if unicodedata2.category(chr(cp)) == "Cn")
    print(f"regex {regex.__version__}: {len(cs)} class ranges; {unassigned} scalars in them unassigned in Unicode 16.0", file=sys.stderr)


if __name__ == "__main__":
    main()
