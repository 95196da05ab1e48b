#!/usr/bin/env python3
"""Open Tokenpack output with Megatron-LM's own reader and compare it with an expectation.

    pip install megatron-core torch numpy
    python3 Tools/megatron_check.py out/sample [--reference ../shared/reference/data/dev_ref.jsonl]

Opens `PREFIX_input_ids_document` (and `PREFIX_labels_document` when present) with
`megatron.core.datasets.indexed_dataset.IndexedDataset`, checks sequence count, document index
and every sequence against Tools/tokenpack_data.py's numpy reader, and, with --reference, against
a JSONL file of {"input_ids": [...], "labels": [...]} rows (error rows skipped, as Tokenpack
rejects them). Exit 0 and one summary line when everything matches.
"""

import argparse
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenpack_data import TokenpackDataset  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("prefix")
    p.add_argument("--reference", help="JSONL rows to compare with (e.g. dev_ref.jsonl)")
    args = p.parse_args()

    warnings.filterwarnings("ignore")
    import megatron.core
    from megatron.core.datasets.indexed_dataset import IndexedDataset

    ours = TokenpackDataset(args.prefix)
    names = ["input_ids"] + (["labels"] if ours.labels is not None else [])
    meg = {n: IndexedDataset(f"{args.prefix}_{n}_document") for n in names}
    expected = None
    if args.reference:
        expected = [r for r in (json.loads(l) for l in open(args.reference, encoding="utf-8") if l.strip())
                    if "error" not in r]

    for n, ds in meg.items():
        if len(ds) != len(ours):
            sys.exit(f"{n}: Megatron sees {len(ds)} sequences, numpy reader {len(ours)}")
        if list(ds.document_indices) != list(range(len(ours) + 1)):
            sys.exit(f"{n}: unexpected document index")
    if expected is not None and len(expected) != len(ours):
        sys.exit(f"reference has {len(expected)} rows, dataset {len(ours)}")
    tokens = 0
    for i in range(len(ours)):
        ids, labels = ours[i]
        mine = {"input_ids": ids, "labels": labels}
        for n, ds in meg.items():
            got = ds[i]
            if got.dtype != np.int32 or not np.array_equal(got, mine[n]):
                sys.exit(f"{n}[{i}]: Megatron and numpy readers differ")
            if expected is not None and got.tolist() != expected[i][n]:
                sys.exit(f"{n}[{i}]: differs from {args.reference} row {i + 1}")
        tokens += len(ids)
    print(f"megatron-core {megatron.core.__version__}: {args.prefix}: {len(ours)} sequences, {tokens} tokens, "
          f"{', '.join(names)} identical" + (f" and equal to {os.path.basename(args.reference)}" if expected else ""))


if __name__ == "__main__":
    main()
