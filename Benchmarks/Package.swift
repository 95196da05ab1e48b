// swift-tools-version:6.1
// Tokenpack's benchmarks, a package of their own so the main package stays dependency-light.
// Run: cd Benchmarks && swift package benchmark   (see README "Benchmarks")
import PackageDescription

let package = Package(
    name: "TokenpackBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Tokenpack", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TokenpackBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ZstdStream", package: "Tokenpack"),
                .product(name: "JSONLines", package: "Tokenpack"),
                .product(name: "JSONScanner", package: "Tokenpack"),
                .product(name: "ChatTemplate", package: "Tokenpack"),
                .product(name: "Tokenizer", package: "Tokenpack"),
                .product(name: "Labels", package: "Tokenpack"),
                .product(name: "PackedFormat", package: "Tokenpack"),
                .product(name: "GLM4", package: "Tokenpack"),
                .product(name: "Pipeline", package: "Tokenpack"),
                .product(name: "Models", package: "Tokenpack"),
            ],
            path: "Benchmarks/TokenpackBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
