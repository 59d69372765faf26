fn main() {
    std::process::exit(ualign::cli::main());
}
