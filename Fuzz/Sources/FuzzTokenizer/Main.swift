#if canImport(Glibc)
import Glibc
#endif
import CFuzzDriver

@main enum Main {
    static func main() {
        _ = tokenizer  // load (and sha256-check) the vocabulary before libFuzzer's timer starts
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTokenizer(data!, size) }
        exit(status)
    }
}
