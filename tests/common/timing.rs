//! CPU time for the benchmarks that print figures.

use std::sync::OnceLock;
use std::time::Instant;

/// CPU time this thread has used, where Linux reports it (`/proc/thread-self/schedstat`), so that
/// figures hold on a shared machine; else wall time since the first call.
pub fn cpu_seconds() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = START.get_or_init(Instant::now);
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(|ns| ns as f64 / 1e9)
        .unwrap_or_else(|| start.elapsed().as_secs_f64())
}
