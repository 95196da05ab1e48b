#!/usr/bin/env python3
"""Packing efficiency of `tokenpack encode --pack N` against naive greedy packing.

    python3 Tools/packing_efficiency.py PREFIX N [--window W] [--packed PACKED_PREFIX]

PREFIX is an unpacked dataset (any `tokenpack encode` output); its sequence lengths, each cut to
N, are packed two ways: first-fit decreasing within windows of W records (what `--pack` does,
reimplemented here) and naive greedy in input order (next fit: a record goes into the current
bin, or opens a new one). Efficiency = tokens / (bins x N). With --packed, the bins of a dataset
written with `--pack N` are counted too, and must equal the first-fit-decreasing plan.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenpack_data import IndexedArray  # noqa: E402


def ffd_bins(lengths, n, window):
    bins = 0
    for w in range(0, len(lengths), window):
        chunk = lengths[w:w + window]
        room = []
        for length in sorted(chunk, reverse=True):
            for b, r in enumerate(room):
                if r >= length:
                    room[b] -= length
                    break
            else:
                room.append(n - length)
        bins += len(room)
    return bins


def greedy_bins(lengths, n):
    bins, used = 0, n + 1
    for length in lengths:
        if used + length > n:
            bins, used = bins + 1, 0
        used += length
    return bins


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("prefix")
    p.add_argument("n", type=int)
    p.add_argument("--window", type=int, default=1024)
    p.add_argument("--packed")
    a = p.parse_args()
    lengths = [min(int(x), a.n) for x in IndexedArray(a.prefix + "_input_ids_document").lengths]
    tokens = sum(lengths)
    ffd, greedy = ffd_bins(lengths, a.n, a.window), greedy_bins(lengths, a.n)
    print(f"{a.prefix}: {len(lengths)} records, {tokens} tokens, N = {a.n}, window {a.window}")
    print(f"  first-fit decreasing: {ffd} bins, efficiency {tokens / (ffd * a.n):.4f}")
    print(f"  naive greedy:         {greedy} bins, efficiency {tokens / (greedy * a.n):.4f}")
    print(f"  (a bin per record:    {len(lengths)} bins, efficiency {tokens / (len(lengths) * a.n):.4f})")
    if a.packed:
        packed = IndexedArray(a.packed + "_input_ids_document")
        bins = len(packed.document_index) - 1
        print(f"  {a.packed}: {bins} bins, efficiency {int(packed.lengths.sum()) / (bins * a.n):.4f}")
        if bins != ffd:
            print("  MISMATCH: the packed dataset's bins differ from the plan", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
