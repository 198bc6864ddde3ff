//! Benchmarks (placeholder until the figures land).
fn main() {}
