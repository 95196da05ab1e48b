#!/usr/bin/env python3
"""Generate Sources/Tokenizer/UnicodeTables.swift: the Unicode data the pre-tokenizer patterns
and the NFC quick check are built from.

1. Fine classes of every code point: Lu, Ll, Lt, Lm, Lo (General_Category L*), M (Mn Mc Me),
   N (Nd Nl No), White_Space, other. Each `PreTokenizerPattern` maps these onto its own classes
   at load (cl100k: L* letter, N number, White_Space space, M and the rest other; Qwen3.5: M is a
   letter too; o200k would need Lu/Lt, Ll and Lm/Lo/M apart).
2. `nfcStopRanges`: scalars that are not certainly stable under NFC -- NFC_Quick_Check No or
   Maybe, or a canonical combining class other than 0 (reordering). Text free of them is NFC.

The reference tokenizer for GLM-4 is tiktoken, whose pattern runs on Rust's regex-syntax 0.8.11
(fancy-regex 0.19); those tables are Unicode 16.0.0 (verified by probing: U+105C0, new in 16.0,
is a letter there; U+10940, new in 17.0, is not). So the tables here must be Unicode 16.0.0 too:

    pip install unicodedata2==16.0.0
    python3 Tools/gen_unicode_tables.py > Sources/Tokenizer/UnicodeTables.swift

\\s = White_Space (PropList.txt; unicodedata has no White_Space, and the set has been unchanged
since Unicode 6.0, so it is listed below). NFC_Quick_Check is not in unicodedata either; it is
derived from the decompositions (see `nfc_stop`) and the derivation is checked below against
unicodedata2.normalize on every scalar alone and on random pairs.
Tools/check_unicode_agreement.py proves the cl100k classes against tiktoken on every scalar value.
"""
import random
import sys

import unicodedata2

VERSION = "16.0.0"
assert unicodedata2.unidata_version == VERSION, unicodedata2.unidata_version

# PropList.txt, White_Space (25 code points).
WHITE_SPACE = set(range(0x09, 0x0E)) | {0x20, 0x85, 0xA0, 0x1680} | set(range(0x2000, 0x200B)) | {
    0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
assert len(WHITE_SPACE) == 25

# Fine class numbers (must match `UnicodeFineClass` in Sources/Tokenizer/UnicodeClass.swift).
OTHER, LU, LL, LT, LM, LO, MARK, NUMBER, SPACE = range(9)
NAMES = {LU: "Lu", LL: "Ll", LT: "Lt", LM: "Lm", LO: "Lo", MARK: "M", NUMBER: "N", SPACE: "White_Space"}
OF_CATEGORY = {"Lu": LU, "Ll": LL, "Lt": LT, "Lm": LM, "Lo": LO, "Mn": MARK, "Mc": MARK, "Me": MARK,
               "Nd": NUMBER, "Nl": NUMBER, "No": NUMBER}


def fine(cp):
    if cp in WHITE_SPACE:
        return SPACE
    if 0xD800 <= cp <= 0xDFFF:
        return OTHER
    return OF_CATEGORY.get(unicodedata2.category(chr(cp)), OTHER)


def cl100k(cp):
    """The previous generator's classes (1 letter, 2 number, 3 space), kept to prove the mapping."""
    if cp in WHITE_SPACE:
        return 3
    if 0xD800 <= cp <= 0xDFFF:
        return 0
    cat = unicodedata2.category(chr(cp))
    return 1 if cat[0] == "L" else 2 if cat[0] == "N" else 0


def nfc_stop():
    """NFC_QC=No: the scalar is changed by NFC on its own (singletons, composition exclusions,
    non-starter decompositions). NFC_QC=Maybe: the second scalar of a primary composite's
    canonical decomposition pair (it may compose with what precedes it), plus Hangul V and T
    jamo (algorithmic compositions). ccc != 0: canonical reordering may apply."""
    stop = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if unicodedata2.normalize("NFC", c) != c or unicodedata2.combining(c) != 0:
            stop.add(cp)
        d = unicodedata2.decomposition(c)
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2 and unicodedata2.normalize("NFC", c) == c:
                stop.add(int(parts[1], 16))
    stop |= set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    return stop


def check_nfc(stop):
    # Every code point below U+0300 is NFC-stable (so bytes < 0xCC never start a stop scalar).
    assert min(stop) >= 0x300, hex(min(stop))
    keep = [cp for cp in range(0x110000) if cp not in stop and not 0xD800 <= cp <= 0xDFFF]
    rng = random.Random(16)
    stops = sorted(stop)
    for _ in range(200_000):
        s = "".join(chr(rng.choice(keep)) for _ in range(rng.randint(1, 4)))
        assert unicodedata2.normalize("NFC", s) == s, [hex(ord(x)) for x in s]
    # And the set is not too large: each stop scalar is there for a reason (checked loosely:
    # after a suitable base, or alone, NFC changes or may change the text).
    for cp in stops:
        c = chr(cp)
        assert (unicodedata2.normalize("NFC", c) != c or unicodedata2.combining(c) != 0
                or any(unicodedata2.normalize("NFC", chr(b) + c) != chr(b) + c for b in base_candidates(cp))), hex(cp)


_BASES = None


def base_candidates(cp):
    global _BASES
    if _BASES is None:
        _BASES = {}
        for b in range(0x110000):
            if 0xD800 <= b <= 0xDFFF:
                continue
            d = unicodedata2.decomposition(chr(b))
            if d and not d.startswith("<"):
                parts = d.split()
                if len(parts) == 2:
                    _BASES.setdefault(int(parts[1], 16), []).append(int(parts[0], 16))
        _BASES.setdefault(0, [])
    if 0x1161 <= cp <= 0x1175:
        return [0x1100]
    if 0x11A8 <= cp <= 0x11C2:
        return [0xAC00]
    return _BASES.get(cp, [])


# Hugging Face `tokenizers` 0.23.3 (the kit's oracle) normalizes with the crate
# unicode-normalization-alignments, whose data is Unicode 9.0: it lacks the combining classes and
# the compositions of characters added since. Normalization stability makes 9.0's data the
# 16.0 data restricted to characters assigned in 9.0, so NFC as HF does it is the 16.0 tables
# below minus these. Measured against tokenizers on every 16.0 primary composite and every
# mark with a nonzero class (Tools/check_hf_nfc.py reproduces both lists; no scalar alone
# normalizes differently).
HF_UNKNOWN_COMPOSITES = {
    0x105C9, 0x105E4, 0x11383, 0x11385, 0x1138E, 0x11391, 0x113C5, 0x113C7, 0x113C8, 0x11938,
    0x16121, 0x16122, 0x16123, 0x16124, 0x16125, 0x16126, 0x16127, 0x16128, 0x16D68, 0x16D69, 0x16D6A}
HF_UNKNOWN_CLASSES = {
    0x7FD, 0x897, 0x898, 0x899, 0x89A, 0x89B, 0x89C, 0x89D, 0x89E, 0x89F, 0x8CA, 0x8CB, 0x8CC, 0x8CD,
    0x8CE, 0x8CF, 0x8D0, 0x8D1, 0x8D2, 0x8D3, 0x9FE, 0xC3C, 0xD3B, 0xD3C, 0xEBA, 0x1715, 0x1ABF,
    0x1AC0, 0x1AC1, 0x1AC2, 0x1AC3, 0x1AC4, 0x1AC5, 0x1AC6, 0x1AC7, 0x1AC8, 0x1AC9, 0x1ACA, 0x1ACB,
    0x1ACC, 0x1ACD, 0x1ACE, 0x1DF6, 0x1DF7, 0x1DF8, 0x1DF9, 0x1DFA, 0xA82C, 0x10D24, 0x10D25,
    0x10D26, 0x10D27, 0x10D69, 0x10D6A, 0x10D6B, 0x10D6C, 0x10D6D, 0x10EAB, 0x10EAC, 0x10EFD,
    0x10EFE, 0x10EFF, 0x10F46, 0x10F47, 0x10F48, 0x10F49, 0x10F4A, 0x10F4B, 0x10F4C, 0x10F4D,
    0x10F4E, 0x10F4F, 0x10F50, 0x10F82, 0x10F83, 0x10F84, 0x10F85, 0x11070, 0x1133B, 0x113CE,
    0x113CF, 0x113D0, 0x1145E, 0x11839, 0x1183A, 0x1193D, 0x1193E, 0x11943, 0x119E0, 0x11A34,
    0x11A47, 0x11A99, 0x11D42, 0x11D44, 0x11D45, 0x11D97, 0x11F41, 0x11F42, 0x1612F, 0x16FF0,
    0x16FF1, 0x1E08F, 0x1E130, 0x1E131, 0x1E132, 0x1E133, 0x1E134, 0x1E135, 0x1E136, 0x1E2AE,
    0x1E2EC, 0x1E2ED, 0x1E2EE, 0x1E2EF, 0x1E4EC, 0x1E4ED, 0x1E4EE, 0x1E4EF, 0x1E5EE, 0x1E5EF}
assert len(HF_UNKNOWN_COMPOSITES) == 21 and len(HF_UNKNOWN_CLASSES) == 120


def nfc_data():
    """(full canonical decompositions, nonzero combining classes, primary composites) as HF has them."""
    decomp, classes, composites = {}, {}, {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:  # Hangul syllables: algorithmic
            continue
        c = chr(cp)
        cc = unicodedata2.combining(c)
        if cc and cp not in HF_UNKNOWN_CLASSES:
            classes[cp] = cc
        d = unicodedata2.decomposition(c)
        if d and not d.startswith("<"):
            if cp in HF_UNKNOWN_COMPOSITES:
                continue
            decomp[cp] = [ord(x) for x in unicodedata2.normalize("NFD", c)]
            parts = d.split()
            if len(parts) == 2 and unicodedata2.normalize("NFC", c) == c:
                composites[(int(parts[0], 16), int(parts[1], 16))] = cp
    return decomp, classes, composites


def ranges(f):
    out = []
    start, cur = 0, f(0)
    for cp in range(1, 0x110000):
        c = f(cp)
        if c != cur:
            if cur:
                out.append((start, cp - 1, cur))
            start, cur = cp, c
    if cur:
        out.append((start, 0x10FFFF, cur))
    return out


def main():
    classes = [fine(cp) for cp in range(0x110000)]
    to_cl100k = {OTHER: 0, LU: 1, LL: 1, LT: 1, LM: 1, LO: 1, MARK: 0, NUMBER: 2, SPACE: 3}
    for cp in range(0x110000):
        assert to_cl100k[classes[cp]] == cl100k(cp), hex(cp)
    rs = ranges(lambda cp: classes[cp])
    stop = nfc_stop()
    check_nfc(stop)
    ns = [(a, b) for a, b, _ in ranges(lambda cp: 1 if cp in stop else 0)]

    w = sys.stdout.write
    w("// Generated by Tools/gen_unicode_tables.py -- do not edit.\n")
    w(f"// Unicode {VERSION} (the tables of regex-syntax 0.8.11, which tiktoken 0.14 uses).\n\n")
    w("/// The Unicode version of `unicodeFineClassRanges` and `nfcStopRanges`.\n")
    w(f'let unicodeTablesVersion = "{VERSION}"\n\n')
    w("/// Code point ranges of the fine classes (`UnicodeFineClass`), sorted, disjoint, non-adjacent\n")
    w("/// when equal class. Three `UInt32` per range: first code point, last code point (inclusive), class\n")
    w("/// (" + ", ".join(f"{k} = {v}" for k, v in NAMES.items()) + "). Code points in no range are\n")
    w(f"/// class 0 (other, including surrogates). {len(rs)} ranges.\n")
    w("let unicodeFineClassRanges: [UInt32] = [\n")
    for i in range(0, len(rs), 4):
        w("    " + " ".join(f"0x{a:X}, 0x{b:X}, {c}," for a, b, c in rs[i:i + 4]) + "\n")
    w("]\n\n")
    w("/// Scalars that are not certainly NFC-stable: NFC_Quick_Check No or Maybe, or canonical combining\n")
    w("/// class != 0. Two `UInt32` per range: first, last (inclusive); sorted, disjoint, non-adjacent.\n")
    w(f"/// All are >= U+0300, so UTF-8 bytes < 0xCC never start one. {len(stop)} scalars in {len(ns)} ranges.\n")
    w("let nfcStopRanges: [UInt32] = [\n")
    for i in range(0, len(ns), 6):
        w("    " + " ".join(f"0x{a:X}, 0x{b:X}," for a, b in ns[i:i + 6]) + "\n")
    w("]\n\n")
    decomp, classes, composites = nfc_data()
    w("/// NFC as Hugging Face `tokenizers` does it (Unicode 9.0 data; see the generator): full canonical\n")
    w("/// decompositions (Hangul syllables are algorithmic and not listed). Per entry: code point, length n,\n")
    w(f"/// then n scalars. {len(decomp)} entries.\n")
    w("let nfcDecompositions: [UInt32] = [\n")
    items = [[cp, len(v)] + v for cp, v in sorted(decomp.items())]
    for i in range(0, len(items), 6):
        w("    " + " ".join(", ".join(f"0x{x:X}" for x in it) + "," for it in items[i:i + 6]) + "\n")
    w("]\n\n")
    w(f"/// Nonzero canonical combining classes: code point, class. {len(classes)} entries.\n")
    w("let nfcCombiningClasses: [UInt32] = [\n")
    cl = sorted(classes.items())
    for i in range(0, len(cl), 8):
        w("    " + " ".join(f"0x{a:X}, {b}," for a, b in cl[i:i + 8]) + "\n")
    w("]\n\n")
    w(f"/// Primary composites (not composition-excluded): first, second, composite. {len(composites)} entries.\n")
    w("let nfcCompositions: [UInt32] = [\n")
    co = sorted((a, b, c) for (a, b), c in composites.items())
    for i in range(0, len(co), 6):
        w("    " + " ".join(f"0x{a:X}, 0x{b:X}, 0x{c:X}," for a, b, c in co[i:i + 6]) + "\n")
    w("]\n")


if __name__ == "__main__":
    main()
