#!/usr/bin/env python3
"""Proves that the o200k scanner's Unicode classes agree with tiktoken's o200k (Rust regex,
Unicode 16.0) on every Unicode scalar value: each code point c is put in probe strings whose ids
depend on c's class, and Tokenpack's ids (the gpt-oss kit's tokenizer.json) must equal
tiktoken's (an Encoding built from the kit's o200k_base.tiktoken with the kit's pattern) for
every probe. The sibling of check_unicode_agreement.py (cl100k).

    pip install tiktoken
    swift build -c release --product tokenizer-bench
    python3 Tools/check_unicode_agreement_o200k.py

Probes, and what each tells apart (class of c: U upper Lu/Lt, L lower Ll, C caseless Lm/Lo,
M mark, N number, S white space, O other):
    a{c}b       L C M join a and b into one piece; U starts a word (`a` + `Ub`); N S O split
    A{c}B       U: one piece (all upper); L: `Al` + `B`; C M: the word backs off to c (`Ac` + `B`)
    ' {c}1'     S leaves the space alone; letters/M/O take it; N takes the 1
    {c}{c}'s    O absorbs the apostrophe (`cc'` + `s`); the others leave the token `'s`
    1{c}23      N makes `1c2` + `3`; the others leave `23` whole
    '  {c}'     S makes one white-space run; the others split it as ` ` + ` c`
    !!{c}       M joins the punctuation run (`!!m`); C does not (`!!` + `c`)
Then random strings over an alphabet with every class and the characters the regex names
(apostrophe, s/S/ſ, t, l, CR, LF, tab, `/`), which exercise the backtracking of the word
alternatives, contractions and white-space runs: `--random N` strings (default 200,000).
Exit status 0 when all agree; the first disagreements are printed otherwise.
"""
import array
import json
import os
import random
import struct
import subprocess
import sys
import time

import tiktoken
from tiktoken.load import load_tiktoken_bpe

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KIT = os.environ.get("TOKENPACK_GPTOSS_KIT", os.path.join(os.path.dirname(ROOT), "shared", "models", "gpt_oss"))

PROBES = ["a{c}b", "A{c}B", " {c}1", "{c}{c}'s", "1{c}23", "  {c}", "!!{c}"]


def encoding():
    with open(os.path.join(KIT, "tokenizer.json"), encoding="utf-8") as f:
        pattern = json.load(f)["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"]
    return tiktoken.Encoding(name="o200k_kit", pat_str=pattern,
                             mergeable_ranks=load_tiktoken_bpe(os.path.join(KIT, "o200k_base.tiktoken")),
                             special_tokens={})


ALPHABET = ["A", "B", "a", "b", "s", "S", "\u017f", "t", "T", "l", "L", "d", "m", "r", "e", "v", "'", "\u01c5", "\u02b0", "\u4e2d",
            "\u0301", "\u0903", "1", "2", "\u0663", "\u216b", " ", " ", "\n", "\r", "\t", "\u00a0", "\u2028", "/", "!", ".", "-", "\u00e9"]


def compare(binary, enc, texts, label, bad_limit=20):
    payload = bytearray()
    for t in texts:
        b = t.encode("utf-8")
        payload += struct.pack("<I", len(b))
        payload += b
    out = subprocess.run([binary, "stream", "--hf", os.path.join(KIT, "tokenizer.json")], input=bytes(payload),
                         stdout=subprocess.PIPE, check=True).stdout
    ours = array.array("i")
    ours.frombytes(out)
    theirs = enc.encode_ordinary_batch(texts, num_threads=2)
    bad = pos = 0
    for k, ref in enumerate(theirs):
        n = ours[pos]
        got = ours[pos + 1:pos + 1 + n].tolist() if n >= 0 else None
        pos += 1 + max(n, 0)
        if got != ref:
            bad += 1
            if bad <= bad_limit:
                print(f"{label}: {texts[k]!r}: tiktoken {ref} tokenpack {got}")
    assert pos == len(ours), "output length mismatch"
    return bad


def main():
    if "--random" in sys.argv:
        k = sys.argv.index("--random")
        random_count = int(sys.argv[k + 1])
        del sys.argv[k:k + 2]
    else:
        random_count = 200_000
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "tokenizer-bench")
    enc = encoding()
    scalars = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    print(f"{len(scalars)} scalar values x {len(PROBES)} probes = {len(scalars) * len(PROBES)} strings")
    hf = ["--hf", os.path.join(KIT, "tokenizer.json")]
    # In chunks of scalar values, so memory stays small (all at once held ~15 GB in Python).
    chunk = 65536
    bad = total = 0
    ours_s = theirs_s = 0.0
    for c0 in range(0, len(scalars), chunk):
        part = scalars[c0:c0 + chunk]
        texts = [p.replace("{c}", chr(cp)) for cp in part for p in PROBES]
        t0 = time.time()
        payload = bytearray()
        for t in texts:
            b = t.encode("utf-8")
            payload += struct.pack("<I", len(b))
            payload += b
        out = subprocess.run([binary, "stream"] + hf, input=bytes(payload), stdout=subprocess.PIPE, check=True).stdout
        ours = array.array("i")
        ours.frombytes(out)
        t1 = time.time()
        theirs = enc.encode_ordinary_batch(texts, num_threads=2)
        t2 = time.time()
        ours_s += t1 - t0
        theirs_s += t2 - t1
        pos = 0
        for k, ref in enumerate(theirs):
            n = ours[pos]
            got = ours[pos + 1:pos + 1 + n].tolist() if n >= 0 else None
            pos += 1 + max(n, 0)
            if got != ref:
                bad += 1
                if bad <= 20:
                    cp = part[k // len(PROBES)]
                    print(f"U+{cp:04X} probe {PROBES[k % len(PROBES)]!r}: tiktoken {ref} tokenpack {got}")
        assert pos == len(ours), "output length mismatch"
        total += len(texts)
    print(f"tokenpack {ours_s:.1f}s (load included, once per chunk), tiktoken {theirs_s:.1f}s")
    print(f"tiktoken {tiktoken.__version__} o200k vs tables of Unicode 16.0.0: "
          f"{total - bad}/{total} probes agree" + ("" if bad else " -- all scalar values agree"))
    rng = random.Random(2026)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(random_count)]
    rbad = compare(binary, enc, texts, "random")
    print(f"random strings over {len(ALPHABET)} characters: {random_count - rbad}/{random_count} agree")
    return 1 if bad or rbad else 0


if __name__ == "__main__":
    sys.exit(main())
