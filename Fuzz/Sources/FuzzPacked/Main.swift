#if canImport(Glibc)
import Glibc
#endif
import CFuzzDriver

@main enum Main {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzPacked(data!, size) }
        exit(status)
    }
}
