//! Instructions per call of every row, counted by callgrind: stable where
//! times are noisy (a loaded machine, 2 cores).
//!
//! `cargo bench -p fast-async-benches --bench instructions` runs this binary
//! under `valgrind --tool=callgrind` once per row and per iteration count
//! (`N` and `2N` calls, so that start-up and warm-up cancel out) and prints
//! `(Ir(2N) - Ir(N)) / N`; the row `loop_only` is the measuring loop alone
//! (subtract it to get the call's own instructions). Without valgrind on the `PATH` it says so and
//! exits. `instructions ROW N` runs `ROW` `N` times (what callgrind runs);
//! without `--bench` (as `cargo test --benches` runs it) every row runs once.

use std::env;
use std::process::{Command, ExitCode};

use fast_async_benches::{rows, Env};

/// Calls per measurement (the recursion rows make 127 calls per row call).
fn iterations(row: &str) -> u64 {
    if row.starts_with("recursion") {
        2_000
    } else {
        100_000
    }
}

/// The rows, each with its hit percentage (cache rows get one per rate),
/// after `loop_only`: the measuring loop alone.
fn all_rows() -> Vec<(String, &'static str, usize)> {
    let mut all = vec![("loop_only".to_owned(), "loop_only", 0)];
    for &(name, _) in rows::ALL {
        if name.starts_with("cache") {
            for hit in [50, 90, 99] {
                all.push((format!("{name}/{hit}"), name, hit));
            }
        } else {
            all.push((name.to_owned(), name, 0));
        }
    }
    all
}

/// Total instructions of `self ROW N` under callgrind.
fn callgrind(row: &str, n: u64) -> Result<u64, String> {
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(exe)
        .args([row, &n.to_string()])
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .lines()
        .find_map(|line| {
            let (_, count) = line.split_once("Collected :")?;
            count.trim().parse().ok()
        })
        .ok_or_else(|| format!("no instruction count from callgrind for {row}:\n{stderr}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let rows = all_rows();

    // `instructions ROW N`: what callgrind runs.
    if let [row, n] = args.as_slice() {
        let Some((_, function, hit)) = rows.iter().find(|(name, ..)| name == row) else {
            eprintln!("unknown row {row}");
            return ExitCode::FAILURE;
        };
        let n = n.parse().expect("N: a number");
        let mut env = Env::new(*hit);
        std::hint::black_box(rows::repeat(function, &mut env, n));
        return ExitCode::SUCCESS;
    }

    if !args.iter().any(|arg| arg == "--bench") {
        // `cargo test --benches`: check that every row runs.
        for (_, function, hit) in &rows {
            rows::repeat(function, &mut Env::new(*hit), 1).expect("a known row");
        }
        return ExitCode::SUCCESS;
    }

    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("instructions: valgrind is not installed; skipped");
        return ExitCode::SUCCESS;
    }
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    println!("instructions per call (callgrind, Ir):");
    for (name, ..) in &rows {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let n = iterations(name);
        match (callgrind(name, n), callgrind(name, 2 * n)) {
            (Ok(once), Ok(twice)) => {
                let per_call = (twice as f64 - once as f64) / n as f64;
                println!("  {name:<36} {per_call:>10.1}");
            }
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
