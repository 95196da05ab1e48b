#!/usr/bin/env python3
"""Tokenpack against the tools users would otherwise run, measured in one run.

Builds two corpora deterministically under --out (default out/peers/):

  text   documents for the tokenizer comparison: every message content of dev.jsonl, every line
         of text.txt and every text of text_multiline.jsonl (from ../shared/reference/data),
         repeated in that order up to --mb MB; kept in memory as a list of str for the Python
         peers and written as {"text": ...} JSON Lines (text.jsonl) for `tokenpack bench
         --format text`.
  chat   dev.jsonl lines repeated up to --chat-mb MB (chat.jsonl). The official pipeline runs
         about 5.6 MB/s, so it is timed on the first --official-mb MB of the same file.

Without ../shared/reference (or TOKENPACK_REFERENCE) both corpora are built from the bundled
sample (samples/chat.jsonl.zst, via the `zstd` command) and the official pipeline is skipped.

Peers (each timed --repeat times, all of them in interleaved rounds, A B A B, so that the
noise of a shared machine falls on all of them alike; the median is reported; --alone then
times each side of the two deciding pairs back to back to check the peers' own figures):

  tiktoken (GLM-4 vocabulary, the bundled Sources/GLM4/Resources/tokenizer.model, with the
      cl100k pattern and 14 specials exactly as glm4_reference.py's load_encoding builds it):
      1 thread encode_ordinary per document; encode_ordinary_batch with all cores; one Python
      thread per core each looping encode_ordinary over its share (tiktoken releases the GIL).
  HF tokenizers: built offline from the same vocabulary with transformers' TikTokenConverter,
      the same pattern and specials, post-processor removed; ids are checked against
      tiktoken's on every distinct document first. 1 thread (encode per document) and
      encode_batch_fast on all cores.
  bpe-openai (rust-gems `bpe` crate's Python package) on its cl100k vocabulary, beside
      tiktoken built from the same cl100k ranks (read from bpe-openai's bundled
      cl100k_base.tiktoken.gz: no download, which is not reachable offline); ids checked.
  official pipeline: glm4_reference.Reference.process_conversation (json.loads + template +
      tokenize + labels, max lengths 512/512, output not written), 1 process.
  Tokenpack: `tokenpack bench INPUT --workers N --repeat 1 --json [--format text]`, once per
      round, at 1 worker and all cores; the `tokenize` stage on the text corpus, the `pipeline`
      stage on chat (bench times each stage inside the process, after the tokenizer is loaded,
      as the Python peers are timed after theirs is built).

Output: a Markdown table on stdout, --out/results.json (raw seconds of every run) and a bar
chart (--chart, default docs/benchmarks.png; --quick writes it to --out instead). 1 MB = 10^6 bytes; text MB are the UTF-8 bytes
of the documents, chat MB the bytes of the JSONL input.

Needs: python3 ≥ 3.9; pip install tiktoken tokenizers transformers bpe-openai matplotlib (jinja2
for the official pipeline); swift (to build .build/release/tokenpack); zstd when the reference
kit is absent; the reference kit ../shared/reference (or TOKENPACK_REFERENCE) for the GLM-4
corpora and the official pipeline; for --whole-process --model qwen, ../shared/models/qwen3_5.

    python3 Tools/compare_peers.py            # default: 50 MB text, 40 MB chat, 3 repeats
    python3 Tools/compare_peers.py --quick    # smoke test: a few MB, 1 repeat

The decisive tokenizer comparison is whole process: `tokenpack encode --format text --workers 1`
against a Python loop of json.loads + tiktoken encode_ordinary + writing int32 ids, alternating
A B A B, CPU time of each child process, median (Tools/whole_process.py; options after the flag
go to it):

    python3 Tools/compare_peers.py --whole-process --corpus chat --mb 60 --runs 3 --two-workers
    python3 Tools/compare_peers.py --whole-process --corpus unique,letter,cjk,digits,emoji,spaces
    python3 Tools/compare_peers.py --whole-process --model qwen --corpus chat --mb 30
"""

import argparse
import base64
import gc
import hashlib
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED_VOCAB = REPO / "Sources" / "GLM4" / "Resources" / "tokenizer.model"
BUNDLED_CONFIG = REPO / "Sources" / "GLM4" / "Resources" / "tokenizer_config.json"
BUNDLED_SAMPLE = REPO / "samples" / "chat.jsonl.zst"
MB = 1_000_000

# GLM-4's tokenizer, written as glm4_reference.py writes it (PAT_STR, SPECIAL_TOKENS,
# load_encoding) so this script runs without ../shared; when the reference is present the
# two are compared and a difference stops the run.
GLM4_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)"
    r"|[^\r\n\p{L}\p{N}]?\p{L}+"
    r"|\p{N}{1,3}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+"
    r"|\s+(?!\S)"
    r"|\s+"
)
GLM4_SPECIALS = [
    "<|endoftext|>", "[MASK]", "[gMASK]", "[sMASK]", "<sop>", "<eop>",
    "<|system|>", "<|user|>", "<|assistant|>", "<|observation|>",
    "<|begin_of_image|>", "<|end_of_image|>", "<|begin_of_video|>", "<|end_of_video|>",
]
GLM4_ORDINARY = 151329  # ordinary (mergeable) tokens; specials follow

# Chunk size for the batch APIs: encode_ordinary_batch / encode_batch_fast return every id
# of their input as Python ints (~28 bytes each), so 50 MB in one call would hold ~0.5 GB.
BATCH_DOCS = 4096

# Items encoded once before timing, so one-time costs (thread pools, lazy tables, caches)
# are not charged to the first timed run.
WARMUP_ITEMS = 300


class Skip(Exception):
    """A peer that cannot run here; the message says why and goes into the table."""


# --------------------------------------------------------------------------------------------
# Machine, packages, reference kit
# --------------------------------------------------------------------------------------------

def machine_info():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for pkg in ("tiktoken", "tokenizers", "transformers", "bpe-openai", "matplotlib", "jinja2"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu": model, "cores": cores, "mem_gb": mem_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "packages": versions,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def find_reference(arg):
    cands = [arg] if arg else [os.environ.get("TOKENPACK_REFERENCE"), REPO.parent / "shared" / "reference"]
    for c in cands:
        if c and (Path(c) / "glm4_reference.py").is_file():
            return Path(c).resolve()
    return None


def import_reference(ref_dir):
    spec = importlib.util.spec_from_file_location("glm4_reference", ref_dir / "glm4_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    if mod.PAT_STR != GLM4_PATTERN or list(mod.SPECIAL_TOKENS) != GLM4_SPECIALS \
            or mod.FIRST_SPECIAL_ID != GLM4_ORDINARY:
        sys.exit("glm4_reference.py's pattern or specials differ from this script's copy; update it")
    return mod


def load_tiktoken_file(path):
    """'<base64 bytes> <rank>' per line, ranks 0..N-1 (the format of tokenizer.model)."""
    ranks = {}
    with open(path, "rb") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                ranks[base64.b64decode(parts[0], validate=True)] = int(parts[1])
    if sorted(ranks.values()) != list(range(len(ranks))):
        sys.exit(f"{path}: ranks are not 0..N-1")
    return ranks


def glm4_tiktoken(vocab_path):
    """== glm4_reference.load_encoding(vocab_path)"""
    import tiktoken
    ranks = load_tiktoken_file(vocab_path)
    if len(ranks) != GLM4_ORDINARY:
        sys.exit(f"{vocab_path}: {len(ranks)} tokens, GLM-4 has {GLM4_ORDINARY}")
    return tiktoken.Encoding(
        name="glm4", pat_str=GLM4_PATTERN, mergeable_ranks=ranks,
        special_tokens={t: len(ranks) + i for i, t in enumerate(GLM4_SPECIALS)})


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------

def source_material(ref_dir):
    """(base text documents, base chat JSONL lines, description), all deterministic."""
    if ref_dir is not None:
        data = ref_dir / "data"
        chat_lines = [l for l in (data / "dev.jsonl").read_text(encoding="utf-8").split("\n") if l.strip()]
        docs = contents_of(chat_lines)
        text = (data / "text.txt").read_text(encoding="utf-8")
        docs += [l.rstrip("\r") for l in text.split("\n") if l.strip()]
        for l in (data / "text_multiline.jsonl").read_text(encoding="utf-8").split("\n"):
            if l.strip():
                obj = json.loads(l)
                t = obj if isinstance(obj, str) else obj["text"]
                if t:
                    docs.append(t)
        desc = (f"{ref_dir}/data: dev.jsonl message contents + text.txt lines + "
                f"text_multiline.jsonl texts")
        return docs, chat_lines, desc
    try:
        raw = subprocess.run(["zstd", "-dc", str(BUNDLED_SAMPLE)], check=True,
                             stdout=subprocess.PIPE).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"no reference kit and cannot decompress {BUNDLED_SAMPLE}: {e}")
    chat_lines = [l for l in raw.split("\n") if l.strip()]
    return contents_of(chat_lines), chat_lines, f"{BUNDLED_SAMPLE} (message contents)"


def contents_of(chat_lines):
    docs = []
    for line in chat_lines:
        for m in json.loads(line).get("messages", []):
            c = m.get("content") if isinstance(m, dict) else None
            if isinstance(c, str) and c:
                docs.append(c)
    return docs


def repeat_to(items, sizes, target):
    """items cycled in order until their sizes sum to >= target bytes."""
    out, total, i = [], 0, 0
    while total < target:
        out.append(items[i % len(items)])
        total += sizes[i % len(items)]
        i += 1
    return out, total


def build_corpora(args, ref_dir, out_dir):
    base_docs, base_chat, desc = source_material(ref_dir)
    doc_sizes = [len(d.encode("utf-8")) for d in base_docs]
    docs, text_bytes = repeat_to(base_docs, doc_sizes, int(args.mb * MB))
    text_path = out_dir / "text.jsonl"
    with open(text_path, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")

    line_sizes = [len(l.encode("utf-8")) + 1 for l in base_chat]
    chat, chat_bytes = repeat_to(base_chat, line_sizes, int(args.chat_mb * MB))
    chat_path = out_dir / "chat.jsonl"
    with open(chat_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(l + "\n" for l in chat))
    official, official_bytes = repeat_to(base_chat, line_sizes, int(min(args.official_mb, args.chat_mb) * MB))

    specials = sum(1 for d in base_docs if any(s in d for s in GLM4_SPECIALS))
    info = {
        "source": desc,
        "text": {"path": str(text_path), "documents": len(docs), "bytes": text_bytes,
                 "distinct_documents": len(base_docs), "distinct_bytes": sum(doc_sizes),
                 "documents_with_special_token_text": specials},
        "chat": {"path": str(chat_path), "records": len(chat), "bytes": chat_bytes,
                 "distinct_records": len(base_chat)},
        "official_subset": {"records": len(official), "bytes": official_bytes},
    }
    return docs, base_docs, official, info


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------

class Peer:
    """One row: `body(items)` encodes every item (document or JSONL line) once and returns the
    token count; `bytes` is the size of `items` in UTF-8 (JSONL: with the newlines)."""

    def __init__(self, key, group, label, vocab, threads, items=None, body=None, records=None, note=""):
        self.key, self.group, self.label, self.vocab, self.threads = key, group, label, vocab, threads
        self.items, self.body, self.records, self.note = items, body, records, note
        if items is None:
            self.bytes = 0
        elif group == "chat":
            self.bytes = sum(len(x.encode("utf-8")) + 1 for x in items)
        else:
            self.bytes = sum(len(x.encode("utf-8")) for x in items)
        self.seconds, self.cpu_seconds, self.tokens = [], [], None
        self.status = "ok"
        self.stages = None  # Tokenpack: the full bench JSON
        self.alone_seconds = None  # --alone: runs back to back, nothing else between them

    def run_once(self):
        """One timed run: (wall seconds, CPU seconds, tokens)."""
        gc.collect()
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        tokens = self.body(self.items)
        t1 = time.perf_counter()
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), tokens

    def alone_once(self):
        """One run for --alone: its wall seconds, not added to the rounds' figures."""
        return self.run_once()[0]

    def time_once(self):
        seconds, cpu, tokens = self.run_once()
        self.seconds.append(seconds)
        self.cpu_seconds.append(cpu)
        if self.tokens is not None and tokens != self.tokens:
            raise RuntimeError(f"{self.label}: token count changed between runs")
        self.tokens = tokens

    def warm_up(self):
        self.body(self.items[:WARMUP_ITEMS])

    def rates(self):
        return [self.bytes / s / MB for s in self.seconds if s > 0]

    def summary(self):
        r = self.rates()
        if not r:
            return None
        return {"median": statistics.median(r), "min": min(r), "max": max(r)}

    def to_json(self):
        out = {"key": self.key, "group": self.group, "peer": self.label, "vocab": self.vocab,
               "threads": self.threads, "status": self.status, "note": self.note,
               "bytes": self.bytes, "tokens": self.tokens, "records": self.records,
               "seconds": self.seconds, "cpu_seconds": self.cpu_seconds or None,
               "mb_per_s": self.summary()}
        if self.cpu_seconds:
            out["mb_per_cpu_s"] = self.bytes / statistics.median(self.cpu_seconds) / MB
        if self.records and self.seconds:
            out["records_per_s"] = self.records / statistics.median(self.seconds)
        if self.stages is not None:
            out["tokenpack_bench"] = self.stages
        if self.alone_seconds:
            out["alone_seconds"] = self.alone_seconds
        return out


def skipped(key, group, label, vocab, threads, why):
    p = Peer(key, group, label, vocab, threads, note=why)
    p.status = "skipped"
    return p


def split(items, n):
    """n contiguous shares of about equal length (contiguous keeps each thread's documents
    in corpus order, as a user splitting a file would)."""
    k, r = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + k + (1 if i < r else 0)
        out.append(items[start:end])
        start = end
    return out


def prefix(docs, mb):
    """The first documents of `docs` adding up to >= mb MB (the whole list if it is smaller).
    The corpus is a cycle of ~1.2 MB of distinct text, so any prefix past one cycle has the
    same mix of documents and MB/s stay comparable."""
    out, total = [], 0
    for d in docs:
        if total >= mb * MB:
            break
        out.append(d)
        total += len(d.encode("utf-8"))
    return out


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


def threaded(shares, encode):
    """One Python thread per share, each looping `encode`; returns the total token count."""
    counts = [0] * len(shares)

    def work(i):
        c = 0
        for d in shares[i]:
            c += len(encode(d))
        counts[i] = c

    ts = [threading.Thread(target=work, args=(i,)) for i in range(len(shares))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(counts)


# --------------------------------------------------------------------------------------------
# Peers
# --------------------------------------------------------------------------------------------

def each(encode):
    """Body that encodes document after document on the calling thread."""
    def body(docs):
        c = 0
        for d in docs:
            c += len(encode(d))
        return c
    return body


def tiktoken_peers(enc, docs, cores):
    def batch(ds):
        c = 0
        for b in chunks(ds, BATCH_DOCS):
            for ids in enc.encode_ordinary_batch(b, num_threads=cores):
                c += len(ids)
        return c

    return [
        Peer("tiktoken-1t", "text", "tiktoken encode_ordinary", "GLM-4", 1, docs, each(enc.encode_ordinary)),
        Peer("tiktoken-batch", "text", "tiktoken encode_ordinary_batch", "GLM-4", cores, docs, batch,
             note=f"batches of {BATCH_DOCS} documents"),
        Peer("tiktoken-threads", "text", "tiktoken, 1 Python thread per core", "GLM-4", cores, docs,
             lambda ds: threaded(split(ds, cores), enc.encode_ordinary)),
    ]


def hf_tokenizer(vocab_path, cache_dir):
    """GLM-4 as a Hugging Face `tokenizers` Tokenizer, converted offline with transformers'
    TikTokenConverter (12 s for 151k tokens here, so the result is cached by vocabulary hash)."""
    from tokenizers import Tokenizer
    key = hashlib.sha256((sha256(vocab_path) + GLM4_PATTERN + "|".join(GLM4_SPECIALS)).encode()).hexdigest()[:16]
    cached = cache_dir / f"hf_glm4_{key}.json"
    if cached.is_file():
        return Tokenizer.from_file(str(cached)), f"cached conversion {cached.name}"
    from transformers.convert_slow_tokenizer import TikTokenConverter
    t0 = time.perf_counter()
    tok = TikTokenConverter(vocab_file=str(vocab_path), pattern=GLM4_PATTERN,
                            extra_special_tokens=GLM4_SPECIALS).converted()
    tok.post_processor = None
    got = [tok.token_to_id(s) for s in GLM4_SPECIALS]
    want = list(range(GLM4_ORDINARY, GLM4_ORDINARY + len(GLM4_SPECIALS)))
    if got != want:
        raise Skip(f"special token ids {got} != {want}")
    tok.save(str(cached))
    return tok, f"converted in {time.perf_counter() - t0:.1f} s"


def compare_ids(name, docs, a, b, a_name, b_name):
    """Encode every document with both; the result row of the id check."""
    bad, tokens, first = 0, 0, None
    for i, d in enumerate(docs):
        x, y = a(d), b(d)
        tokens += len(x)
        if x != y:
            bad += 1
            if first is None:
                j = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                first = {"document": i, "position": j, "text": d[:120],
                         a_name: x[max(0, j - 3):j + 5], b_name: y[max(0, j - 3):j + 5]}
    return {"check": name, "documents": len(docs), "tokens": tokens,
            "mismatched_documents": bad, "ok": bad == 0, "first_mismatch": first}


def hf_peers(vocab_path, enc, docs, base_docs, cores, cache_dir, checks):
    os.environ.setdefault("RAYON_NUM_THREADS", str(cores))
    # Set explicitly: the batch row turns it on, the 1-thread row off, and an explicit
    # value also silences tokenizers' fork warning when Tokenpack is started later.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    try:
        tok, how = hf_tokenizer(vocab_path, cache_dir)
    except ImportError as e:
        raise Skip(f"not installed ({e.name}): pip install tokenizers transformers")
    check = compare_ids("HF tokenizers (TikTokenConverter) vs tiktoken, GLM-4", base_docs,
                        enc.encode_ordinary, lambda d: tok.encode(d, add_special_tokens=False).ids,
                        "tiktoken", "hf")
    check["conversion"] = how
    checks.append(check)
    flag = "" if check["ok"] else f"FLAGGED: ids differ from tiktoken on {check['mismatched_documents']} documents"

    def batch(ds):
        os.environ["TOKENIZERS_PARALLELISM"] = "true"
        try:
            c = 0
            for b in chunks(ds, BATCH_DOCS):
                for e in tok.encode_batch_fast(b, add_special_tokens=False):
                    c += len(e.ids)
            return c
        finally:
            os.environ["TOKENIZERS_PARALLELISM"] = "false"

    one = Peer("hf-1t", "text", "HF tokenizers encode", "GLM-4", 1, docs,
               each(lambda d: tok.encode(d, add_special_tokens=False).ids))
    sub = f"timed on the first {len(docs):,} documents of the text corpus ({one.bytes / MB:.1f} MB)"
    one.note = "; ".join(x for x in (flag, sub) if x)
    peers = [one, Peer("hf-batch", "text", "HF tokenizers encode_batch_fast", "GLM-4", cores, docs, batch,
                       note="; ".join(x for x in (flag, sub, f"batches of {BATCH_DOCS} documents") if x))]
    if flag:
        for p in peers:
            p.status = "flagged"
    return peers


def cl100k_peers(docs, base_docs, checks):
    try:
        import tiktoken
        from bpe_openai import _bindings, registry
    except ImportError as e:
        raise Skip(f"not installed ({e.name}): pip install bpe-openai")
    # bpe-openai ships the cl100k ranks it was built from; tiktoken gets exactly those.
    cl = registry.cl100k_base()
    tt = tiktoken.Encoding(name="cl100k_local", pat_str=cl["pat_str"],
                           mergeable_ranks=cl["mergeable_ranks"], special_tokens=cl["special_tokens"])
    # The Rust tokenizer itself, not bpe_openai.Encoding: that wrapper adds a UTF-8
    # validation copy and a list copy per call, which are not the crate's cost.
    bpe = _bindings.tokenizer_for_encoding("cl100k_base")
    check = compare_ids("bpe-openai vs tiktoken, cl100k", base_docs, tt.encode_ordinary,
                        lambda d: list(bpe.encode(d)), "tiktoken", "bpe_openai")
    checks.append(check)
    flag = "" if check["ok"] else f"FLAGGED: ids differ from tiktoken on {check['mismatched_documents']} documents"
    peers = [Peer("tiktoken-cl100k-1t", "text", "tiktoken encode_ordinary", "cl100k", 1, docs,
                  each(tt.encode_ordinary)),
             Peer("bpe-openai-1t", "text", "bpe-openai encode", "cl100k", 1, docs, each(bpe.encode),
                  note="; ".join(x for x in (flag, "the Rust tokenizer (bpe_openai._bindings), without "
                                                   "the Python wrapper's per-call copies") if x))]
    if flag:
        peers[1].status = "flagged"
    return peers


def official_peer(ref, ref_dir, lines):
    r = ref.Reference(str(ref_dir / "tokenizer.model"), str(ref_dir / "tokenizer_config.json"))
    loads, process = json.loads, r.process_conversation

    def body(ls):
        c = 0
        for line in ls:
            try:
                ids, _labels = process(loads(line)["messages"], 512, 512)
                c += len(ids)
            except Exception:  # as the reference's main(): an error row, the run goes on
                pass
        return c

    return Peer("official-1p", "chat", "official pipeline (glm4_reference)", "GLM-4", 1, lines, body,
                records=len(lines), note="json.loads + process_conversation, max 512/512, not written")


# --------------------------------------------------------------------------------------------
# Tokenpack
# --------------------------------------------------------------------------------------------

def tokenpack_binary(args, notes):
    """(path or None, why not). Builds the release binary when it is missing (or always with
    --build; the build is incremental), before any timing starts."""
    path = Path(args.tokenpack) if args.tokenpack else REPO / ".build" / "release" / "tokenpack"
    if not args.tokenpack and (args.build or (not path.is_file() and not args.no_build)):
        print("swift build -c release --product tokenpack ...", file=sys.stderr, flush=True)
        p = subprocess.run(["swift", "build", "-c", "release", "--product", "tokenpack"], cwd=REPO,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            tail = p.stdout.strip().splitlines()[-1:] or ["?"]
            return None, f"release build failed: {tail[0][:160]}"
    if not path.is_file():
        return None, f"binary not found at {path}"
    if not args.tokenpack:
        newest = max((f.stat().st_mtime for f in (REPO / "Sources").rglob("*.swift")), default=0)
        if path.stat().st_mtime < newest:
            notes.append(f"{path} is older than Sources/ (run with --build to rebuild it first)")
    try:
        v = subprocess.run([str(path), "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True, timeout=30).stdout.strip()
        notes.append(f"tokenpack {v or '(no --version output)'} at {path}")
    except (OSError, subprocess.TimeoutExpired):
        pass
    return path, None


def tokenpack_bench(binary, inputs, workers, repeat, text_format):
    cmd = [str(binary), "bench", *map(str, inputs), "--workers", str(workers),
           "--repeat", str(repeat), "--json"]
    if text_format:
        cmd += ["--format", "text"]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        raise Skip(f"`{' '.join(cmd[1:])}` timed out")
    if p.returncode != 0:
        err = (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[0]
        raise Skip(f"`tokenpack bench … --json` failed, is `bench` in this build? ({err[:160]})")
    try:
        shown = ["tokenpack", "bench", *(Path(i).name for i in inputs), *cmd[2 + len(inputs):]]
        return json.loads(p.stdout), " ".join(shown)
    except json.JSONDecodeError:
        raise Skip("`tokenpack bench --json` did not print JSON")


def stage(bench, name):
    for s in bench.get("stages", []):
        if s.get("name") == name:
            return s
    raise Skip(f"`tokenpack bench` reported no `{name}` stage")


class TokenpackPeer(Peer):
    """One `tokenpack bench` configuration, run once per round (`--repeat 1`) so that its runs
    alternate with the Python peers'; `seconds` and `cpu_seconds` are those of one stage, and
    `stages` gathers every stage's runs across the rounds."""

    def __init__(self, binary, key, group, label, inp, workers, text_format, stage_name):
        super().__init__(key, group, label, "GLM-4", workers)
        self.binary, self.inp, self.text_format, self.stage_name = binary, inp, text_format, stage_name
        self.note = ""

    def run_bench(self):
        bench, cmd = tokenpack_bench(self.binary, [self.inp], self.threads, 1, self.text_format)
        s = stage(bench, self.stage_name)
        self.note = f"`{self.stage_name}` stage of `{cmd}`, once per round"
        return bench, s

    def time_once(self):
        bench, s = self.run_bench()
        self.bytes = int(s["bytes"])
        self.seconds += [float(x) for x in s["seconds"]]
        self.cpu_seconds += [float(x) for x in s.get("cpu_seconds") or []]
        if self.tokens is not None and s.get("tokens") != self.tokens:
            raise RuntimeError(f"{self.label}: token count changed between runs")
        self.tokens = s.get("tokens")
        if self.stage_name == "pipeline":
            self.records = bench.get("records")
        if self.stages is None:
            self.stages = bench
        else:  # gather every stage's runs
            by = {st["name"]: st for st in bench.get("stages", [])}
            for st in self.stages.get("stages", []):
                new = by.get(st["name"])
                if new:
                    st["seconds"] = list(st.get("seconds", [])) + list(new.get("seconds", []))
                    st["cpu_seconds"] = list(st.get("cpu_seconds") or []) + list(new.get("cpu_seconds") or [])
            self.stages["repeat"] = len(self.seconds)

    def alone_once(self):
        _, s = self.run_bench()
        return float(s["seconds"][0])

    def warm_up(self):
        pass


def tokenpack_peer(binary, binary_note, key, group, label, inp, workers, text_format, stage_name):
    if binary is None:
        return skipped(key, group, label, "GLM-4", workers, binary_note)
    return TokenpackPeer(binary, key, group, label, inp, workers, text_format, stage_name)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def fmt(x, nd=1):
    return "—" if x is None else f"{x:,.{nd}f}"


def baseline(p, by):
    """The row a ratio is taken against: tiktoken 1 thread on the same vocabulary for text,
    the official pipeline for chat."""
    if p.group == "chat":
        return by.get("official-1p")
    return by.get("tiktoken-cl100k-1t" if p.vocab == "cl100k" else "tiktoken-1t")


def ratio_of(p, base):
    a, b = (p.summary() if p else None), (base.summary() if base else None)
    if not a or not b:
        return None
    return a["median"] / b["median"]


def markdown(machine, settings, corpora, peers, checks, notes):
    by = {p.key: p for p in peers}
    base_t, base_c = by.get("tiktoken-1t"), by.get("official-1p")
    out = []
    out.append(f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['os']}, "
               f"Python {machine['python']}; {machine['date']}.  ")
    runs = settings["repeat"]
    out.append(f"Median of {runs} run{'s' if runs != 1 else ''} per row; 1 MB = 10^6 bytes.  ")
    pk = machine["packages"]
    out.append("Packages: " + ", ".join(f"{k} {v}" for k, v in pk.items() if v) + ".")
    out.append("")
    t = corpora["text"]
    out.append(f"Tokenizer, text corpus: {t['documents']:,} documents, {t['bytes'] / MB:.1f} MB "
               f"(UTF-8 text fed to the tokenizer).")
    out.append("")
    out.append("| peer | vocabulary | threads | MB/s (median) | min–max | MB per CPU-s | vs tiktoken 1 thread, same vocabulary |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for p in peers:
        if p.group != "text":
            continue
        s = p.summary()
        name = p.label + (" ⚑" if p.status == "flagged" else "")
        if s is None:
            out.append(f"| {name} | {p.vocab} | {p.threads} | skipped | | | |")
            continue
        cpu = p.bytes / statistics.median(p.cpu_seconds) / MB if p.cpu_seconds else None
        r = ratio_of(p, baseline(p, by))
        out.append(f"| {name} | {p.vocab} | {p.threads} | {fmt(s['median'])} | "
                   f"{fmt(s['min'])}–{fmt(s['max'])} | {fmt(cpu)} | {fmt(r, 2)}× |")
    out.append("")
    c, o = corpora["chat"], corpora["official_subset"]
    out.append(f"End to end, chat JSONL: {c['records']:,} conversations, {c['bytes'] / MB:.1f} MB "
               f"(the official pipeline on the first {o['records']:,}, {o['bytes'] / MB:.1f} MB).")
    out.append("")
    out.append("| peer | workers | MB/s (median) | min–max | conversations/s | vs official pipeline |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for p in peers:
        if p.group != "chat":
            continue
        s = p.summary()
        if s is None:
            out.append(f"| {p.label} | {p.threads} | skipped | | | |")
            continue
        recs = p.records / statistics.median(p.seconds) if p.records else None
        out.append(f"| {p.label} | {p.threads} | {fmt(s['median'])} | {fmt(s['min'])}–{fmt(s['max'])} | "
                   f"{fmt(recs, 0)} | {fmt(ratio_of(p, base_c), 2)}× |")
    benches = [p for p in peers if p.stages is not None]
    if benches:
        out.append("")
        out.append("Tokenpack per stage (`tokenpack bench`; MB of the stage's input, text or JSONL):")
        out.append("")
        out.append("| input | workers | stage | MB/s (median) | min–max | M tokens/s |")
        out.append("| --- | ---: | --- | ---: | ---: | ---: |")
        for p in benches:
            for st in p.stages.get("stages", []):
                secs = [float(x) for x in st.get("seconds", []) if float(x) > 0]
                if not secs:
                    continue
                rates = [st["bytes"] / x / MB for x in secs]
                tok = st.get("tokens")
                tps = tok / statistics.median(secs) / 1e6 if tok else None
                out.append(f"| {p.group} | {p.threads} | {st['name']} | {fmt(statistics.median(rates))} | "
                           f"{fmt(min(rates))}–{fmt(max(rates))} | {fmt(tps, 2)} |")
    out.append("")
    out.append("Checks:" if checks else "Checks: none ran.")
    for ch in checks:
        mark = "ok" if ch["ok"] else "MISMATCH"
        line = (f"- {ch['check']}: {mark}, {ch['documents']:,} distinct documents, "
                f"{ch['tokens']:,} tokens, {ch['mismatched_documents']} documents differ")
        if ch.get("first_mismatch"):
            line += f"; first: {json.dumps(ch['first_mismatch'], ensure_ascii=False)[:300]}"
        out.append(line)
    out.append("")
    out.append("Targets:")
    tp1, tpn = by.get("tokenpack-tok-1"), by.get("tokenpack-tok-n")
    pp1, ppn = by.get("tokenpack-pipe-1"), by.get("tokenpack-pipe-n")

    def alone(p, base):
        if p is None or base is None or not p.alone_seconds or not base.alone_seconds:
            return ""
        r = (p.bytes / statistics.median(p.alone_seconds)) / (base.bytes / statistics.median(base.alone_seconds))
        return f"; each alone, back to back: {r:.2f}×"

    out.append(f"- tokenizer, 1 thread vs tiktoken 1 thread: {fmt(ratio_of(tp1, base_t), 2)}×"
               f"{alone(tp1, base_t)} (target ≥ 6×, goal 10×; the deciding figure is whole process, "
               f"--whole-process)")
    out.append(f"- end to end, 1 worker vs official pipeline: {fmt(ratio_of(pp1, base_c), 2)}×"
               f"{alone(pp1, base_c)} (target ≥ 10×)")
    out.append(f"- {machine['cores']} workers vs 1 worker: tokenize {fmt(ratio_of(tpn, tp1), 2)}×, "
               f"pipeline {fmt(ratio_of(ppn, pp1), 2)}× (target ≥ 1.9×; tiktoken batch "
               f"{fmt(ratio_of(by.get('tiktoken-batch'), base_t), 2)}×, threads "
               f"{fmt(ratio_of(by.get('tiktoken-threads'), base_t), 2)}×)")
    notes_all, by_note = list(notes), {}
    for p in peers:
        if p.note:
            by_note.setdefault(p.note, []).append(f"{p.label}, {unit(p)}")
    notes_all += [f"{'; '.join(names)}: {note}" for note, names in by_note.items()]
    if notes_all:
        out.append("")
        out.append("Notes:")
        out += [f"- {n}" for n in notes_all]
    return "\n".join(out)


def unit(p):
    u = "worker" if p.key.startswith("tokenpack") else ("process" if p.key.startswith("official") else "thread")
    return f"{p.threads} {u}" + ("" if p.threads == 1 else ("es" if u == "process" else "s"))


COLORS = {"tiktoken": "#4c6ef5", "hf": "#15aabf", "cl100k": "#adb5bd", "official": "#7950f2",
          "tokenpack": "#e8590c"}


def color(p):
    if p.key.startswith("tokenpack"):
        return COLORS["tokenpack"]
    if p.vocab == "cl100k":
        return COLORS["cl100k"]
    if p.key.startswith("hf"):
        return COLORS["hf"]
    if p.key.startswith("official"):
        return COLORS["official"]
    return COLORS["tiktoken"]


def chart(path, machine, settings, peers):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by = {p.key: p for p in peers}
    groups = [("text", "tiktoken-1t", [(4, "floor"), (10, "goal")],
               "Tokenizer on text: MB/s of UTF-8 text (× = vs tiktoken, 1 thread, same vocabulary)"),
              ("chat", "official-1p", [(8, "floor"), (20, "goal")],
               "End to end on chat JSONL: MB/s of JSONL (× = vs the official pipeline)")]
    heights = [max(1, sum(1 for p in peers if p.group == g[0])) + 1.5 for g in groups]
    fig, axes = plt.subplots(2, 1, figsize=(10, 0.42 * sum(heights) + 1.2),
                             gridspec_kw={"height_ratios": heights})

    for ax, (group, base_key, targets, title) in zip(axes, groups):
        rows = [p for p in peers if p.group == group]
        base = by.get(base_key)
        bs = base.summary() if base else None
        y = list(range(len(rows)))[::-1]
        vals, err_lo, err_hi = [], [], []
        for p in rows:
            s = p.summary()
            m = s["median"] if s else 0.0
            vals.append(m)
            err_lo.append(m - s["min"] if s else 0.0)
            err_hi.append(s["max"] - m if s else 0.0)
        ax.barh(y, vals, xerr=[err_lo, err_hi], color=[color(p) for p in rows], height=0.7,
                capsize=2, error_kw={"elinewidth": 0.8, "ecolor": "#343a40"})
        ax.set_yticks(y)
        ax.set_yticklabels([f"{p.label}" + (f" [{p.vocab}]" if group == "text" else "") + f", {unit(p)}"
                            for p in rows], fontsize=8)
        ax.set_title(title, fontsize=9, loc="left")
        ax.tick_params(axis="x", labelsize=8)
        top = max(vals + [1e-9])
        if bs:
            for mult, name in targets:
                x = bs["median"] * mult
                ax.axvline(x, color="#868e96", linestyle="--", linewidth=0.8)
                ax.text(x, 1.0, f" {name} {mult}×", transform=ax.get_xaxis_transform(),
                        fontsize=7, color="#495057", va="top")
                top = max(top, x)
        for yi, p, v, hi in zip(y, rows, vals, err_hi):
            s = p.summary()
            r = ratio_of(p, baseline(p, by))
            txt = "  skipped" if s is None else f"  {v:,.1f}" + (f" ({r:.2f}×)" if r is not None else "")
            ax.text(v + hi, yi, txt, va="center", fontsize=7)
        ax.set_xlim(0, top * 1.18)
        ax.set_ylim(-0.6, len(rows) - 0.4 + 0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[-1].set_xlabel("MB/s, median (whiskers: min–max); 1 MB = 10^6 bytes", fontsize=8)
    runs = settings["repeat"]
    fig.suptitle(f"Tokenpack and peers on {machine['cpu']}, {machine['cores']} cores — "
                 f"median of {runs} run{'s' if runs != 1 else ''}, {machine['date']}", fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130)
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

PEER_GROUPS = ("tiktoken", "hf", "cl100k", "official", "tokenpack")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--whole-process" in argv:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import whole_process
        whole_process.main([a for a in argv if a != "--whole-process"])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50, help="text corpus size in MB (default 50)")
    ap.add_argument("--chat-mb", type=float, default=40, help="chat corpus size in MB (default 40)")
    ap.add_argument("--official-mb", type=float, default=20,
                    help="MB of the chat corpus the official pipeline is timed on (default 20)")
    ap.add_argument("--hf-mb", type=float, default=20,
                    help="MB of the text corpus HF tokenizers is timed on (default 20; it runs ~3.5 MB/s)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per peer, median reported (default 3)")
    ap.add_argument("--threads", type=int, default=None, help="'all cores' (default: CPUs available)")
    ap.add_argument("--quick", action="store_true", help="smoke test: 4 MB text, 4 MB chat, 1 run")
    ap.add_argument("--out", default=str(REPO / "out" / "peers"), help="scratch dir (default out/peers)")
    ap.add_argument("--chart", default=None,
                    help="chart path (default docs/benchmarks.png; with --quick, OUT/benchmarks.png so a "
                         "smoke test never replaces the README's chart)")
    ap.add_argument("--reference", default=None,
                    help="reference kit (default: TOKENPACK_REFERENCE or ../shared/reference)")
    ap.add_argument("--vocab", default=str(BUNDLED_VOCAB), help="GLM-4 tokenizer.model")
    ap.add_argument("--tokenpack", default=None, help="tokenpack binary (default .build/release/tokenpack)")
    ap.add_argument("--no-build", action="store_true", help="do not build tokenpack when it is missing")
    ap.add_argument("--build", action="store_true",
                    help="run `swift build -c release --product tokenpack` first even if the binary exists")
    ap.add_argument("--alone", action="store_true",
                    help="after the rounds, time tiktoken and Tokenpack tokenize, then the official and "
                         "Tokenpack pipelines, each --repeat times back to back, and report those ratios too")
    ap.add_argument("--skip", default="", help=f"comma-separated peers to leave out: {','.join(PEER_GROUPS)}")
    args = ap.parse_args(argv)
    if args.quick:
        args.mb, args.chat_mb, args.official_mb, args.hf_mb, args.repeat = 4, 4, 2, 2, 1
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(PEER_GROUPS):
        ap.error(f"unknown --skip {sorted(skip - set(PEER_GROUPS))}; choose from {PEER_GROUPS}")

    machine = machine_info()
    cores = args.threads or machine["cores"]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.chart is None:
        args.chart = str(out_dir / "benchmarks.png") if args.quick else str(REPO / "docs" / "benchmarks.png")
    settings = {"mb": args.mb, "chat_mb": args.chat_mb, "official_mb": args.official_mb, "hf_mb": args.hf_mb,
                "repeat": args.repeat, "threads": cores, "quick": args.quick,
                "vocab": str(args.vocab), "vocab_sha256": sha256(args.vocab)}
    notes, checks = [], []
    load0 = os.getloadavg()
    started = time.perf_counter()

    ref_dir = find_reference(args.reference)
    ref = import_reference(ref_dir) if ref_dir else None
    if ref is None:
        notes.append("reference kit not found: corpora built from the bundled sample, official pipeline skipped")
    elif sha256(ref_dir / "tokenizer.model") != settings["vocab_sha256"]:
        sys.exit(f"{args.vocab} differs from {ref_dir / 'tokenizer.model'}")

    log = lambda m: print(f"[{time.perf_counter() - started:6.1f}s] {m}", file=sys.stderr, flush=True)
    if "tokenpack" not in skip:
        binary, why = tokenpack_binary(args, notes)
    log("building corpora")
    docs, base_docs, official_lines, corpora = build_corpora(args, ref_dir, out_dir)
    if corpora["text"]["documents_with_special_token_text"]:
        notes.append(f"{corpora['text']['documents_with_special_token_text']} distinct documents contain "
                     f"special-token text: encode_ordinary treats it as text, HF and Tokenpack may not")

    enc = glm4_tiktoken(args.vocab)
    peers = []
    if ref is not None:  # the reference's own load_encoding must give the same ids
        r_enc = ref.load_encoding(str(args.vocab))
        checks.append(compare_ids("tiktoken (this script) vs glm4_reference.load_encoding", base_docs[:500],
                                  enc.encode_ordinary, r_enc.encode_ordinary, "script", "reference"))
    if "tiktoken" not in skip:
        peers += tiktoken_peers(enc, docs, cores)
    if "hf" not in skip:
        log("HF tokenizers: converting and checking ids")
        try:
            peers += hf_peers(Path(args.vocab), enc, prefix(docs, args.hf_mb), base_docs, cores, out_dir, checks)
        except Skip as e:
            peers += [skipped("hf-1t", "text", "HF tokenizers encode", "GLM-4", 1, str(e))]
    if "cl100k" not in skip:
        log("cl100k: loading bpe-openai and tiktoken, checking ids")
        try:
            peers += cl100k_peers(docs, base_docs, checks)
        except Skip as e:
            peers += [skipped("bpe-openai-1t", "text", "bpe-openai encode", "cl100k", 1, str(e))]
    if "official" not in skip:
        if ref is None:
            peers.append(skipped("official-1p", "chat", "official pipeline (glm4_reference)", "GLM-4", 1,
                                 "needs ../shared/reference (or TOKENPACK_REFERENCE / --reference)"))
        else:
            peers.append(official_peer(ref, ref_dir, official_lines))

    if "tokenpack" not in skip:
        text_in, chat_in = corpora["text"]["path"], corpora["chat"]["path"]
        for key, group, label, inp, w, fmt_text, st in (
                ("tokenpack-tok-1", "text", "Tokenpack tokenize", text_in, 1, True, "tokenize"),
                ("tokenpack-tok-n", "text", "Tokenpack tokenize", text_in, cores, True, "tokenize"),
                ("tokenpack-pipe-1", "chat", "Tokenpack pipeline", chat_in, 1, False, "pipeline"),
                ("tokenpack-pipe-n", "chat", "Tokenpack pipeline", chat_in, cores, False, "pipeline")):
            peers.append(tokenpack_peer(binary, why, key, group, label, inp, w, fmt_text, st))

    # Every peer, Python and Tokenpack: a warm-up, then interleaved rounds (A B A B).
    live = [p for p in peers if p.status != "skipped"]
    for p in live:
        p.warm_up()
    for r in range(args.repeat):
        # Rotate the order each round so no peer always runs right after the same neighbour.
        k = r % len(live) if live else 0
        for p in live[k:] + live[:k]:
            log(f"round {r + 1}/{args.repeat}: {p.label} ({p.threads})")
            try:
                p.time_once()
            except Skip as e:
                p.status, p.note = "skipped", str(e)
                live.remove(p)
                continue
            s = p.rates()[-1]
            log(f"    {s:.2f} MB/s")

    tp = [p for p in peers if p.key.startswith("tokenpack-tok") and p.tokens is not None]
    tt = next((p for p in peers if p.key == "tiktoken-1t" and p.tokens is not None), None)
    for p in tp:
        if tt and p.bytes != tt.bytes:
            notes.append(f"Tokenpack tokenize stage saw {p.bytes:,} bytes, the Python peers {tt.bytes:,}")

    # Each side alone, back to back: the peer's own figure with nothing alternating beside it.
    if args.alone:
        by = {p.key: p for p in peers if p.status != "skipped"}
        for a, b in (("tiktoken-1t", "tokenpack-tok-1"), ("official-1p", "tokenpack-pipe-1")):
            for k in (a, b):
                if a in by and b in by:
                    log(f"alone: {by[k].label} ({by[k].threads}), {args.repeat} runs")
                    by[k].alone_seconds = [by[k].alone_once() for _ in range(args.repeat)]

    # Same vocabulary, same input: every GLM-4 text peer must produce the same token count
    # (for Tokenpack this is a parity check on the whole corpus).
    full = next((p.bytes for p in peers if p.key == "tiktoken-1t"), None)
    counts = {f"{p.label}, {unit(p)}": p.tokens for p in peers if p.group == "text" and p.vocab == "GLM-4"
              and p.tokens is not None and p.bytes == full}
    if len(set(counts.values())) > 1:
        notes.append(f"token counts differ between GLM-4 text peers on the same input: {counts}")

    load1 = os.getloadavg()
    if max(load0[0], load1[0]) > 0.5 * machine["cores"]:
        notes.append(f"machine was busy (1-min load average {load0[0]:.1f} before, {load1[0]:.1f} after, "
                     f"{machine['cores']} cores): absolute MB/s are low, ratios measured in the same run hold better")
    machine["loadavg_before"], machine["loadavg_after"] = load0, load1

    table = markdown(machine, settings, corpora, peers, checks, notes)
    print(table)
    results = {"machine": machine, "settings": settings, "corpora": corpora, "checks": checks,
               "results": [p.to_json() for p in peers], "notes": notes, "table_markdown": table,
               "elapsed_s": time.perf_counter() - started}
    res_path = out_dir / "results.json"
    res_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        chart(Path(args.chart), machine, settings, peers)
        log(f"wrote {res_path} and {args.chart}")
    except ImportError:
        log(f"wrote {res_path}; no chart: pip install matplotlib")
    return 0


if __name__ == "__main__":
    sys.exit(main())
