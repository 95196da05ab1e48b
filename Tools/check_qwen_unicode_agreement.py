#!/usr/bin/env python3
"""Every Unicode scalar value in a few contexts, Tokenpack's Qwen3.5 tokenizer (the kit's
tokenizer.json) against Hugging Face `tokenizers` on the same file. HF runs the Split regex on
Oniguruma, whose Unicode tables may be older than the 16.0 tables Tokenpack uses, so this
reports every disagreement with the scalar's Unicode 16.0 age instead of failing on it.

    pip install tokenizers unicodedata2==16.0.0
    swift build -c release --product tokenizer-bench
    python3 Tools/check_qwen_unicode_agreement.py

Probes (c = the scalar): "a{c}b", " {c}1", "{c}{c}'s", "1{c}23", "  {c}" (as in
check_unicode_agreement.py). Both sides apply NFC and encode without added tokens being special
(`add_special_tokens=False`; no added-token text occurs in the probes).
"""
import array
import collections
import os
import struct
import subprocess
import sys
import time

import unicodedata2
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KIT = os.environ.get("TOKENPACK_QWEN_KIT", os.path.join(os.path.dirname(ROOT), "shared", "models", "qwen3_5"))
PROBES = ["a{c}b", " {c}1", "{c}{c}'s", "1{c}23", "  {c}"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "tokenizer-bench")
    path = os.path.join(KIT, "tokenizer.json")
    hf = Tokenizer.from_file(path)
    scalars = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [p.replace("{c}", chr(cp)) for cp in scalars for p in PROBES]
    print(f"{len(scalars)} scalar values x {len(PROBES)} probes = {len(texts)} strings")
    t0 = time.time()
    payload = bytearray()
    for t in texts:
        b = t.encode("utf-8")
        payload += struct.pack("<I", len(b)) + b
    out = subprocess.run([binary, "stream", "--specials", "--hf", path], input=bytes(payload), stdout=subprocess.PIPE, check=True).stdout
    ours = array.array("i")
    ours.frombytes(out)
    t1 = time.time()
    theirs = []
    for i in range(0, len(texts), 100_000):
        theirs += [e.ids for e in hf.encode_batch(texts[i:i + 100_000], add_special_tokens=False)]
    t2 = time.time()
    print(f"tokenpack {t1 - t0:.1f}s, tokenizers {t2 - t1:.1f}s")
    bad_scalars = collections.OrderedDict()
    pos = 0
    for k, ref in enumerate(theirs):
        n = ours[pos]
        got = ours[pos + 1:pos + 1 + n].tolist() if n >= 0 else None
        pos += 1 + max(n, 0)
        if got != ref:
            cp = scalars[k // len(PROBES)]
            bad_scalars.setdefault(cp, []).append(PROBES[k % len(PROBES)])
    assert pos == len(ours), "output length mismatch"
    by_category = collections.Counter(unicodedata2.category(chr(cp)) for cp in bad_scalars)
    print(f"tokenizers {__import__('tokenizers').__version__}: {len(scalars) - len(bad_scalars)}/{len(scalars)} scalars agree on all probes")
    if bad_scalars:
        print(f"disagreeing scalars by Unicode 16.0 category: {dict(by_category)}")
        runs, start, prev = [], None, None
        for cp in bad_scalars:
            if prev is not None and cp == prev + 1:
                prev = cp
                continue
            if start is not None:
                runs.append((start, prev))
            start = prev = cp
        runs.append((start, prev))
        print("ranges: " + ", ".join(f"U+{a:04X}" + (f"..U+{b:04X}" if b != a else "") for a, b in runs[:60]) + (" ..." if len(runs) > 60 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
