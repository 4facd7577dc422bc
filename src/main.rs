fn main() -> std::process::ExitCode {
    landquota::cli::main()
}
