// swift-tools-version:6.1
// Tokenpack: zstd JSONL chat corpora → GLM-4 token ids and labels in Megatron's int32 format.
//
// Targets follow the data flow (see DESIGN.md); each depends only on the stages before it:
// CZstd → ZstdStream → JSONLines → JSONScanner → ChatTemplate (one folder per family) → Tokenizer
// → Labels → PackedFormat → GLM4 (bundled vocabulary) → Models (one model value: tokenizer +
// template, chosen at the edge) → Pipeline → tokenpack (argument parsing only).
import PackageDescription

let package = Package(
    name: "Tokenpack",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tokenpack", targets: ["tokenpack"]),
        .library(name: "Tokenizer", targets: ["Tokenizer"]),
        .library(name: "PackedFormat", targets: ["PackedFormat"]),
        // For the Benchmarks/ package, which measures each stage on its own.
        .library(name: "ZstdStream", targets: ["ZstdStream"]),
        .library(name: "JSONLines", targets: ["JSONLines"]),
        .library(name: "JSONScanner", targets: ["JSONScanner"]),
        .library(name: "ChatTemplate", targets: ["ChatTemplate"]),
        .library(name: "Labels", targets: ["Labels"]),
        .library(name: "GLM4", targets: ["GLM4"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libzstd from the system (Debian: libzstd-dev, found with pkg-config).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // zlib from the system (Debian: zlib1g-dev), for .jsonl.gz inputs.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // Bytes in, bytes out: streaming zstd and gzip decompression and plain-file reading.
        .target(name: "ZstdStream", dependencies: ["CZstd", "CZlib"]),
        // Line framing: records (bytes) with file, 1-based line and byte offset.
        .target(name: "JSONLines", dependencies: ["ZstdStream"]),
        // A byte-level JSON parser and a Python-`json.dumps`-compatible writer.
        .target(name: "JSONScanner"),
        // Conversation → segments (special ids, text, trainable flags): one folder per template
        // family, each with its label rule.
        .target(name: "ChatTemplate", dependencies: ["JSONScanner"]),
        // SHA-256 block compression with the x86 SHA extensions (chosen at run time; a stub on
        // other CPUs), for the vocabulary checksums.
        .target(name: "CSHA256"),
        // A cache prefetch hint (a static inline C function), for the tokenizer's piece loop.
        .target(name: "CPrefetch"),
        // Byte-level BPE (tiktoken-compatible), flat-array trie, special tokens.
        .target(name: "Tokenizer", dependencies: ["CSHA256", "CPrefetch"]),
        // Hugging Face tokenizer.json (byte-level BPE) → Tokenizer.
        .target(name: "HuggingFaceTokenizer", dependencies: ["Tokenizer", "JSONScanner"]),
        // Segments + tokenizer → input_ids and labels (the loss-mask rules).
        .target(name: "Labels", dependencies: ["ChatTemplate", "Tokenizer"]),
        // Starting the kernel's writeback of a file range without waiting (sync_file_range),
        // for the output writer.
        .target(name: "CWriteback"),
        // Megatron MMIDIDX .idx/.bin writer and memory-mapped reader.
        .target(name: "PackedFormat", dependencies: ["CWriteback"]),
        // GLM-4's tokenizer.model and tokenizer_config.json linked into the binary (assembler
        // .incbin of Sources/GLM4/Resources), so the executable needs no resource bundle.
        .target(name: "CGLM4Vocabulary"),
        // The bundled GLM-4 vocabulary and tokenizer_config.json.
        .target(
            name: "GLM4",
            dependencies: ["Tokenizer", "CGLM4Vocabulary"],
            exclude: ["Resources"]
        ),
        // The model value: a tokenizer and a template family, from the bundled GLM-4 files, a
        // tiktoken file or a Hugging Face tokenizer directory.
        .target(name: "Models", dependencies: ["Tokenizer", "HuggingFaceTokenizer", "ChatTemplate", "JSONScanner", "GLM4"]),
        // Human-readable views of a written dataset: decoded text with targets marked, token tables.
        .target(name: "Inspect", dependencies: ["PackedFormat", "Tokenizer"]),
        // Ordered parallel workers, progress, errors and rejects: the encode job.
        .target(
            name: "Pipeline",
            dependencies: ["ZstdStream", "JSONLines", "JSONScanner", "ChatTemplate", "Tokenizer", "Labels", "PackedFormat", "Models"]
        ),
        // `tokenpack bench`: each stage timed alone on in-memory records, plus the real pipeline.
        .target(
            name: "Bench",
            dependencies: ["ZstdStream", "JSONLines", "JSONScanner", "ChatTemplate", "Tokenizer", "Labels", "PackedFormat", "Models", "Pipeline"]
        ),
        // Tokenizer benchmark and probe driver for Tools/bench_tokenizer.py and
        // Tools/check_unicode_agreement.py (not a product; not installed).
        .executableTarget(name: "tokenizer-bench", dependencies: ["Tokenizer", "HuggingFaceTokenizer", "GLM4", "Models", "JSONScanner", "ChatTemplate", "Labels"]),
        .executableTarget(
            name: "tokenpack",
            dependencies: [
                "Pipeline", "PackedFormat", "Tokenizer", "ChatTemplate", "Labels", "Models", "Inspect", "Bench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Finds ../shared/reference and reads its JSONL files.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ZstdStreamTests", dependencies: ["ZstdStream", "TestSupport"]),
        .testTarget(name: "JSONLinesTests", dependencies: ["JSONLines", "TestSupport"]),
        .testTarget(name: "JSONScannerTests", dependencies: ["JSONScanner", "TestSupport"]),
        .testTarget(name: "ChatTemplateTests", dependencies: ["ChatTemplate", "JSONScanner", "Models", "TestSupport"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "GLM4", "TestSupport"]),
        .testTarget(name: "HuggingFaceTokenizerTests", dependencies: ["HuggingFaceTokenizer", "Tokenizer", "TestSupport"]),
        .testTarget(name: "LabelsTests", dependencies: ["Labels", "ChatTemplate", "JSONScanner", "Tokenizer", "GLM4", "Models", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "ChatTemplate", "Tokenizer", "TestSupport"]),
        .testTarget(name: "PackedFormatTests", dependencies: ["PackedFormat", "TestSupport"]),
        .testTarget(name: "InspectTests", dependencies: ["Inspect", "PackedFormat", "Tokenizer", "GLM4", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PackedFormat", "Models", "Labels", "ChatTemplate", "TestSupport"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Pipeline", "JSONLines", "GLM4", "Models", "TestSupport"]),
        .testTarget(name: "tokenpackTests", dependencies: ["tokenpack", "PackedFormat", "TestSupport"]),
    ]
)
