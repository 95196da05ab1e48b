#!/usr/bin/env python3
"""Convert a parquet file or a JSON array file to JSON Lines on stdout, for `tokenpack encode`.

    python3 Tools/to_jsonl.py data.parquet > data.jsonl
    python3 Tools/to_jsonl.py data.json | zstd > data.jsonl.zst

A parquet file (first bytes `PAR1`) needs pyarrow (`pip install pyarrow`); it is read one row
group at a time. A JSON file holding an array writes one line per element; one holding a
single object writes that object as one line. gzip-compressed JSON (`.json.gz`) is read too.
Each row is written with `json.dumps(row, ensure_ascii=False)`: nested lists and structs (the
`messages` of a chat corpus) come out as JSON arrays and objects.
"""
import gzip
import json
import sys


def rows_of_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        sys.exit(f"{path}: parquet needs pyarrow, which is not installed: pip install pyarrow")
    for batch in pq.ParquetFile(path).iter_batches():
        yield from batch.to_pylist()


def rows_of_json(path, head):
    opener = gzip.open if head[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8-sig") as f:
        try:
            value = json.load(f)
        except json.JSONDecodeError as e:
            sys.exit(f"{path}: not a JSON document ({e}); if it is already JSON Lines, give it to tokenpack as it is")
    if isinstance(value, list):
        yield from value
    else:
        yield value


def default(value):
    # pyarrow gives bytes, dates and decimals for some column types.
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__.strip())
    path = sys.argv[1]
    with open(path, "rb") as f:
        head = f.read(4)
    rows = rows_of_parquet(path) if head == b"PAR1" else rows_of_json(path, head)
    out = sys.stdout
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=default))
        out.write("\n")
        n += 1
    print(f"{path}: {n} rows written", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
