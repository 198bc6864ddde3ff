//! tana's benchmarks, a plain binary (`cargo bench`): each case runs many
//! times and prints the median, 99th percentile and maximum. Figures are
//! quoted in the issue notes; the targets are in the product design.

use std::hint::black_box;
use std::time::{Duration, Instant};

use tana::questionnaire::Questionnaire;

/// Runs `f` `runs` times after a warm-up and prints its timing distribution.
fn bench<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    for _ in 0..runs.div_ceil(10) {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<58} median {:>10.3?}  p99 {:>10.3?}  max {:>10.3?}  ({runs} runs)",
        pick(0.5),
        pick(0.99),
        times[times.len() - 1]
    );
    times
}

fn main() {
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));

    let shipped = tana::defaults::QUESTIONNAIRE;
    let large = tana::synthetic::questionnaire_yaml(5_000);
    if wanted("load") {
        let q = Questionnaire::from_source(shipped).unwrap();
        println!(
            "shipped questionnaire: {} bytes, {} questions; synthetic: {} bytes, 5000 questions",
            shipped.len(),
            q.questions.len(),
            large.len()
        );
        bench("load: parse + validate shipped questionnaire", 200, || {
            Questionnaire::from_source(shipped).unwrap()
        });
        bench(
            "load: parse + validate 5,000-question questionnaire",
            20,
            || Questionnaire::from_source(&large).unwrap(),
        );
    }
}
