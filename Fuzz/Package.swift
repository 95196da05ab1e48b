// swift-tools-version:6.1
// libFuzzer targets for Tokenpack's parsers of outside bytes (scripts/fuzz.sh builds and runs
// them). Each target is an executable whose `main` hands `LLVMFuzzerTestOneInput` to
// libFuzzer's `LLVMFuzzerRunDriver`; build only with
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -assert-config -Xswiftc Debug
// (`-assert-config Debug`: Tokenpack's `assert`s on its unsafe index math stay on while fuzzing).
import PackageDescription

let package = Package(
    name: "TokenpackFuzz",
    dependencies: [.package(name: "Tokenpack", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(name: "FuzzJSONTape", dependencies: ["CFuzzDriver", .product(name: "JSONScanner", package: "Tokenpack")]),
        .executableTarget(name: "FuzzLineReader", dependencies: ["CFuzzDriver", .product(name: "JSONLines", package: "Tokenpack")]),
        .executableTarget(name: "FuzzTemplates", dependencies: ["CFuzzDriver",
            .product(name: "JSONScanner", package: "Tokenpack"), .product(name: "ChatTemplate", package: "Tokenpack"),
        ]),
        .executableTarget(name: "FuzzTokenizer", dependencies: ["CFuzzDriver",
            .product(name: "Tokenizer", package: "Tokenpack"), .product(name: "GLM4", package: "Tokenpack"),
        ]),
        .executableTarget(name: "FuzzPacked", dependencies: ["CFuzzDriver", .product(name: "PackedFormat", package: "Tokenpack")]),
    ]
)
