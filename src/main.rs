//! The `tshoot` binary: a thin shell around the library crate.

use std::process::ExitCode;

fn main() -> ExitCode {
    match tshoot::cli::run() {
        Ok(code) => code,
        // A reader that stops early (`tshoot list | head`) is not an error.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
