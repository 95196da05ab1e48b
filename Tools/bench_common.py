"""What the single-thread tokenizer benchmarks (bench_tokenizer.py, bench_qwen.py,
bench_gpt_oss.py) share: the shuffled corpus they time, and tokenizer-bench's encode stream
they check agreement with."""
import array
import json
import os
import random
import struct
import subprocess


def write_corpus(texts, path, megabytes, seed=1234):
    """Repeats `texts` in a different shuffled order each pass (fixed seed) until `megabytes`
    MB of UTF-8, writes them to `path` separated by NUL bytes (tokenizer-bench's corpus format)
    and returns (documents, bytes)."""
    rng = random.Random(seed)
    docs, size = [], 0
    while size < megabytes * 1_000_000:
        order = texts[:]
        rng.shuffle(order)
        for t in order:
            docs.append(t)
            size += len(t.encode("utf-8"))
    with open(path, "wb") as f:
        f.write("\0".join(docs).encode("utf-8"))
    return docs, size


def stream_ids(binary, extra, texts):
    """Tokenpack's ids of each text, added tokens on: one `tokenizer-bench stream --specials`
    run over all of them (stdin: u32 LE length + bytes each; stdout: u32 LE count + i32 ids)."""
    payload = bytearray()
    for t in texts:
        b = t.encode("utf-8")
        payload += struct.pack("<I", len(b)) + b
    out = subprocess.run([binary, "stream", "--specials"] + extra, input=bytes(payload), stdout=subprocess.PIPE, check=True).stdout
    ids = array.array("i")
    ids.frombytes(out)
    result, pos = [], 0
    for _ in texts:
        n = ids[pos]
        result.append(ids[pos + 1:pos + 1 + n].tolist())
        pos += 1 + n
    return result


def kit_texts(kit):
    """A Hugging Face model kit's texts: every message content of its dev.jsonl, then every
    text of its text_oracle.jsonl (those without a NUL byte, the corpus separator)."""
    out = []
    with open(os.path.join(kit, "dev.jsonl"), encoding="utf-8") as f:
        for line in f:
            for m in json.loads(line).get("messages", []):
                c = m.get("content")
                if isinstance(c, str) and c:
                    out.append(c)
    with open(os.path.join(kit, "text_oracle.jsonl"), encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line)["text"])
    return [t for t in out if t and "\0" not in t]
