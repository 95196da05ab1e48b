#!/usr/bin/env python3
"""Proves that the pre-tokenizer's Unicode classes agree with tiktoken's (Rust regex, Unicode
16.0) on every Unicode scalar value: each code point c is put in probe strings whose ids depend
on c's class, and Tokenpack's ids must equal tiktoken's for every probe.

    swift build -c release --product tokenizer-bench
    python3 Tools/check_unicode_agreement.py

Probes, and what each tells apart (class of c: L letter, N number, S white space, O other):
    a{c}b       L joins a and b into one piece; the others split (from the issue)
    ' {c}1'     S leaves the space alone; L/O take it; N takes the 1 (from the issue)
    {c}{c}'s    O absorbs the apostrophe (`cc'` + `s`); L, N, S leave the token `'s`
    1{c}23      N makes `1c2` + `3`; the others leave `23` whole
    '  {c}'     S makes one white-space run (`  ` merges); the others split it as ` ` + ` c`
Exit status 0 when all agree; the first disagreements are printed otherwise.
"""
import array
import os
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF = os.environ.get("TOKENPACK_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
sys.path.insert(0, REF)
import glm4_reference  # noqa: E402

PROBES = ["a{c}b", " {c}1", "{c}{c}'s", "1{c}23", "  {c}"]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "tokenizer-bench")
    enc = glm4_reference.load_encoding(os.path.join(REF, "tokenizer.model"))
    scalars = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [p.replace("{c}", chr(cp)) for cp in scalars for p in PROBES]
    print(f"{len(scalars)} scalar values x {len(PROBES)} probes = {len(texts)} strings")

    t0 = time.time()
    payload = bytearray()
    for t in texts:
        b = t.encode("utf-8")
        payload += struct.pack("<I", len(b))
        payload += b
    out = subprocess.run([binary, "stream"], input=bytes(payload), stdout=subprocess.PIPE, check=True).stdout
    ours = array.array("i")
    ours.frombytes(out)
    t1 = time.time()
    theirs = enc.encode_ordinary_batch(texts, num_threads=2)
    t2 = time.time()
    print(f"tokenpack {t1 - t0:.1f}s, tiktoken {t2 - t1:.1f}s")

    bad = 0
    pos = 0
    for k, ref in enumerate(theirs):
        n = ours[pos]
        got = ours[pos + 1:pos + 1 + n].tolist() if n >= 0 else None
        pos += 1 + max(n, 0)
        if got != ref:
            bad += 1
            if bad <= 20:
                cp = scalars[k // len(PROBES)]
                print(f"U+{cp:04X} probe {PROBES[k % len(PROBES)]!r}: tiktoken {ref} tokenpack {got}")
    assert pos == len(ours), "output length mismatch"
    print(f"tiktoken {glm4_reference.tiktoken.__version__} vs tables of Unicode 16.0.0: "
          f"{len(texts) - bad}/{len(texts)} probes agree" + ("" if bad else " -- all scalar values agree"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
