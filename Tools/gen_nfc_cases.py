#!/usr/bin/env python3
"""Generate Tests/Fixtures/hf_nfc_cases.jsonl: NFC as the kit's oracle does it (Hugging Face
`tokenizers`' NFC normalizer) on strings built to stress it, and check the two lists in
Tools/gen_unicode_tables.py (compositions and combining classes HF's Unicode 9.0 data lacks).

    pip install tokenizers==0.23.3 unicodedata2==16.0.0
    python3 Tools/gen_nfc_cases.py > Tests/Fixtures/hf_nfc_cases.jsonl

Each line: {"text": ..., "nfc": HF's NFC of text}. Strings mix starters, every mark with a
nonzero combining class, every primary composite's parts, Hangul jamo and syllables, Tibetan
vowel signs with interleaving decompositions, singletons and composition exclusions.
"""
import json
import os
import random
import sys

import unicodedata2 as u
from tokenizers import normalizers

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_unicode_tables as g  # noqa: E402

NFC = normalizers.NFC()


def main():
    scalars = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    marks = [cp for cp in scalars if u.combining(chr(cp))]
    pairs = []
    for cp in scalars:
        d = u.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2 and u.normalize("NFC", chr(cp)) == chr(cp):
            pairs.append((cp, [int(x, 16) for x in d.split()]))
    # The two lists, re-measured.
    unknown_composites = {cp for cp, (a, b) in pairs if NFC.normalize_str(chr(a) + chr(b)) != chr(cp)}
    unknown_classes = set()
    for cp in marks:
        cc = u.combining(chr(cp))
        s = "q\u0301" + chr(cp) if cc == 1 else "q" + chr(cp) + "\u0334"
        if NFC.normalize_str(s) != u.normalize("NFC", s):
            unknown_classes.add(cp)
    assert unknown_composites == g.HF_UNKNOWN_COMPOSITES, sorted(unknown_composites ^ g.HF_UNKNOWN_COMPOSITES)
    assert unknown_classes == g.HF_UNKNOWN_CLASSES, sorted(unknown_classes ^ g.HF_UNKNOWN_CLASSES)
    singles = [cp for cp in scalars if NFC.normalize_str(chr(cp)) != chr(cp)]
    print(f"{len(unknown_composites)} compositions and {len(unknown_classes)} classes unknown to HF, as listed; "
          f"{len(singles)} scalars change alone", file=sys.stderr)

    rng = random.Random(9)
    pool = ([chr(c) for c in marks] + [chr(a) + chr(b) for _, (a, b) in pairs] + [chr(c) for c, _ in pairs]
            + [chr(c) for c in singles] + ["a", "e", "q", " ", "\u0F73", "\u0F75", "\u0F81", "\u0F71", "\u0F72",
                                         "\u1100", "\u1161", "\u11A8", "\uAC00", "\uAC01", "\u3131", "x", "\u00e9"])
    w = sys.stdout.write
    for cp in singles:
        w(json.dumps({"text": "a" + chr(cp) + "b", "nfc": NFC.normalize_str("a" + chr(cp) + "b")}, ensure_ascii=False) + "\n")
    for _, (a, b) in pairs:
        s = chr(a) + chr(b)
        w(json.dumps({"text": s, "nfc": NFC.normalize_str(s)}, ensure_ascii=False) + "\n")
    for _ in range(8000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
        w(json.dumps({"text": s, "nfc": NFC.normalize_str(s)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
