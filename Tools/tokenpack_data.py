#!/usr/bin/env python3
"""Read Tokenpack's output from Python with numpy alone (README "Output format").

    from tokenpack_data import TokenpackDataset
    ds = TokenpackDataset("out/sample")          # the --output-prefix given to `tokenpack encode`
    len(ds)                                      # number of sequences
    ids, labels = ds[0]                          # int32 numpy arrays (labels is None for text data)

    import torch
    from tokenpack_data import TorchDataset, pad_collate   # torch is needed only for these
    loader = torch.utils.data.DataLoader(TorchDataset("out/sample"), batch_size=8,
                                         shuffle=True, collate_fn=pad_collate)
    for batch in loader:    # input_ids, labels, attention_mask: int64 tensors [8, longest]
        ...

Each array is a Megatron MMIDIDX v1 dataset: `PREFIX_input_ids_document.idx/.bin` and, for
chat data, `PREFIX_labels_document.idx/.bin`. The arrays are memory-mapped, never copied
until you ask (`np.array(ids)`).

A packed dataset (`tokenpack encode --pack N`) keeps one conversation per sequence and one bin
per document of the index; `PackedDataset` yields one bin at a time:

    from tokenpack_data import PackedDataset
    bins = PackedDataset("out/packed")
    b = bins[0]      # dict of numpy arrays: input_ids, labels, position_ids (restarting at 0 for
                     # each conversation) and cu_seqlens (int32 [0, len1, len1+len2, ...]),
                     # as flash-attention's varlen kernels take them
    TorchPackedDataset("out/packed")   # the same as int64 tensors (cu_seqlens int32)

As a script: `python3 tokenpack_data.py PREFIX [--dump]` prints a summary, or every sequence
as one JSON line `{"input_ids": [...], "labels": [...]}` with --dump (`--bins`: one line per
packed bin).
"""

import json
import os
import struct
import sys

import numpy as np

_MAGIC = b"MMIDIDX\x00\x00"
_DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64,
           6: np.float64, 7: np.float32, 8: np.uint16}
IGNORE_INDEX = -100


class IndexedArray:
    """One MMIDIDX dataset (`path` without .idx/.bin): `len`, `[i]` -> numpy view."""

    def __init__(self, path):
        self.path = path
        with open(path + ".idx", "rb") as f:
            header = f.read(34)
        if len(header) < 34 or header[:9] != _MAGIC:
            raise ValueError(f"{path}.idx: not an MMIDIDX index (bad magic)")
        version, = struct.unpack("<Q", header[9:17])
        if version != 1:
            raise ValueError(f"{path}.idx: version {version}, expected 1")
        self.dtype = np.dtype(_DTYPES[header[17]]).newbyteorder("<")
        self.count, doc_count = struct.unpack("<QQ", header[18:34])
        idx = np.memmap(path + ".idx", mode="r", dtype=np.uint8)
        at = 34
        self.lengths = np.frombuffer(idx, dtype="<i4", count=self.count, offset=at)
        at += 4 * self.count
        self.offsets = np.frombuffer(idx, dtype="<i8", count=self.count, offset=at)
        at += 8 * self.count
        self.document_index = np.frombuffer(idx, dtype="<i8", count=doc_count, offset=at)
        size = os.path.getsize(path + ".bin")
        self.bin = (np.memmap(path + ".bin", mode="r", dtype=self.dtype) if size
                    else np.zeros(0, dtype=self.dtype))

    def __len__(self):
        return self.count

    def __getitem__(self, i):
        if not -self.count <= i < self.count:
            raise IndexError(i)
        i %= self.count
        start = int(self.offsets[i]) // self.dtype.itemsize
        return self.bin[start:start + int(self.lengths[i])]


class TokenpackDataset:
    """`PREFIX` written by `tokenpack encode`: `ds[i]` -> (input_ids, labels or None)."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.input_ids = IndexedArray(prefix + "_input_ids_document")
        labels = prefix + "_labels_document"
        self.labels = IndexedArray(labels) if os.path.exists(labels + ".idx") else None
        if self.labels is not None and len(self.labels) != len(self.input_ids):
            raise ValueError(f"{prefix}: {len(self.input_ids)} id sequences but {len(self.labels)} label sequences")
        meta = prefix + ".meta.json"
        self.meta = json.load(open(meta, encoding="utf-8")) if os.path.exists(meta) else None

    def __len__(self):
        return len(self.input_ids)

    def __getitem__(self, i):
        return self.input_ids[i], (self.labels[i] if self.labels is not None else None)


class TorchDataset:
    """A map-style PyTorch dataset over a Tokenpack prefix; torch is imported on first use.
    Items are dicts of int64 tensors: input_ids, labels (copies, so workers can batch them)."""

    def __init__(self, prefix):
        self.data = TokenpackDataset(prefix)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        import torch
        ids, labels = self.data[i]
        item = {"input_ids": torch.from_numpy(np.array(ids, dtype=np.int64))}
        if labels is not None:
            item["labels"] = torch.from_numpy(np.array(labels, dtype=np.int64))
        return item


def pad_collate(items, pad_id=0, label_pad=IGNORE_INDEX):
    """Collates `TorchDataset` items of different lengths into one batch (`collate_fn=`).

    Pads on the right to the longest sequence: `input_ids` with `pad_id` (any id works, the
    attention mask hides it), `labels` with -100 so padding is never a target, and adds
    `attention_mask` (1 for real tokens, 0 for padding). Items that are numpy arrays (from
    `TokenpackDataset`) give numpy arrays, so the function works without torch too.
    """
    if not items:
        raise ValueError("pad_collate: empty batch")
    first = items[0]
    if isinstance(first, tuple):  # TokenpackDataset items: (ids, labels or None)
        items = [{"input_ids": ids, **({"labels": labels} if labels is not None else {})} for ids, labels in items]
        first = items[0]
    torch_items = type(first["input_ids"]).__module__.startswith("torch")
    width = max(len(item["input_ids"]) for item in items)
    names = ["input_ids"] + (["labels"] if "labels" in first else [])
    out = {name: np.full((len(items), width), pad_id if name == "input_ids" else label_pad, dtype=np.int64)
           for name in names}
    out["attention_mask"] = np.zeros((len(items), width), dtype=np.int64)
    for row, item in enumerate(items):
        n = len(item["input_ids"])
        for name in names:
            value = item[name]
            out[name][row, :n] = value.numpy() if torch_items else np.asarray(value)
        out["attention_mask"][row, :n] = 1
    if torch_items:
        import torch
        return {name: torch.from_numpy(array) for name, array in out.items()}
    return out


class PackedDataset:
    """`PREFIX` written by `tokenpack encode --pack N`: `bins[d]` -> dict of numpy arrays
    `input_ids`, `labels`, `position_ids` (0, 1, ... within each conversation) and `cu_seqlens`
    (the conversation boundaries, int32). Any dataset works: unpacked, each bin is one record."""

    def __init__(self, prefix):
        self.data = TokenpackDataset(prefix)
        if self.data.labels is None:
            raise ValueError(f"{prefix}: no labels (a text dataset); packed bins hold chat data")
        docs = self.data.input_ids.document_index
        if not np.array_equal(docs, self.data.labels.document_index):
            raise ValueError(f"{prefix}: input_ids and labels have different document indexes")
        self.documents = docs
        self.pack = (self.data.meta or {}).get("pack")

    def __len__(self):
        return len(self.documents) - 1

    def __getitem__(self, d):
        if not -len(self) <= d < len(self):
            raise IndexError(d)
        d %= len(self)
        first, end = int(self.documents[d]), int(self.documents[d + 1])
        lengths = self.data.input_ids.lengths[first:end].astype(np.int64)
        ids = self.data.input_ids
        start = int(ids.offsets[first]) // ids.dtype.itemsize if end > first else 0
        n = int(lengths.sum())
        cu = np.zeros(len(lengths) + 1, dtype=np.int32)
        np.cumsum(lengths, out=cu[1:])
        pos = np.arange(n, dtype=np.int64) - np.repeat(cu[:-1].astype(np.int64), lengths)
        lab = self.data.labels
        lstart = int(lab.offsets[first]) // lab.dtype.itemsize if end > first else 0
        return {"input_ids": ids.bin[start:start + n], "labels": lab.bin[lstart:lstart + n],
                "position_ids": pos, "cu_seqlens": cu}

    def efficiency(self, capacity=None):
        """Tokens / (bins x capacity): the share of the bins' room that holds tokens."""
        capacity = capacity or self.pack
        return float(self.data.input_ids.lengths.sum()) / (len(self) * capacity)


class TorchPackedDataset:
    """`PackedDataset` as int64 tensors (cu_seqlens int32); torch is imported on first use."""

    def __init__(self, prefix):
        self.data = PackedDataset(prefix)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, d):
        import torch
        b = self.data[d]
        item = {k: torch.from_numpy(np.array(b[k], dtype=np.int64)) for k in ("input_ids", "labels", "position_ids")}
        item["cu_seqlens"] = torch.from_numpy(np.array(b["cu_seqlens"], dtype=np.int32))
        return item


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if "--bins" in argv[1:]:
        bins = PackedDataset(argv[0])
        for d in range(len(bins)):
            b = bins[d]
            sys.stdout.write(json.dumps({k: v.tolist() for k, v in b.items()}, separators=(",", ":")) + "\n")
        return 0
    ds = TokenpackDataset(argv[0])
    if "--dump" in argv[1:]:
        out = sys.stdout
        for i in range(len(ds)):
            ids, labels = ds[i]
            row = {"input_ids": ids.tolist()}
            if labels is not None:
                row["labels"] = labels.tolist()
            out.write(json.dumps(row, separators=(",", ":")) + "\n")
        return 0
    tokens = int(ds.input_ids.lengths.sum()) if len(ds) else 0
    summary = f"{argv[0]}: {len(ds)} sequences, {tokens} tokens"
    if ds.labels is not None:  # text datasets have no labels, hence no targets to count
        targets = sum(int((ds[i][1] != IGNORE_INDEX).sum()) for i in range(len(ds)))
        summary += f", {targets} targets"
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
