fn main() {
    std::process::exit(mptcpanalyzer::cli::main());
}
