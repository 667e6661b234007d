//! `cargo run --release -p partner-center-emulator -- --port 7070`

use std::io::Write;

use partner_center_emulator::cli::{self, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match cli::parse(&args) {
        Ok(Command::Run(c)) => c,
        Ok(Command::Help) => {
            print!("{}", cli::USAGE);
            return std::process::ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("partner-center-emulator: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let emu = match partner_center_emulator::start(*config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("partner-center-emulator: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("partner-center-emulator listening on {}", emu.url());
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    emu.shutdown().await;
    std::process::ExitCode::SUCCESS
}
