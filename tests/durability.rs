//! Durability on a real disk: a child process saving a session in a loop is
//! killed with SIGKILL at random moments; after each kill the session loads
//! with the last acknowledged state or the one in flight, never older, never
//! a parse error, never a checksum mismatch. The test counts kills, not
//! seconds: when to kill is decided by acknowledgements received and a
//! random phase, and the figures (saves per second) are printed, not asserted.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tana::session::store;

const KILLS: usize = 200;

/// How long a child may take to report a save before it counts as stuck (a
/// liveness bound, not a speed target).
const LIVENESS: Duration = Duration::from_secs(30);

#[test]
fn power_kill_9_during_a_save_loads_the_old_or_the_new_state() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("mission.yaml");
    let mut rng = fastrand::Rng::with_seed(0x7a4a);
    let mut last_acknowledged = 0u64;
    let mut in_flight_seen = 0usize;
    let started = Instant::now();
    for kill in 0..KILLS {
        let mut child = Command::new(crate::common::tana_bin())
            .args(["save-loop"])
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("saved ") {
                    let _ = tx.send(n.parse::<u64>().unwrap());
                }
            }
        });
        // The child is up once it reports the state it reopened.
        let first = rx
            .recv_timeout(LIVENESS)
            .expect("the child reports the state it opened");
        assert!(
            first >= last_acknowledged,
            "kill {kill}: reopened at {first}, older than {last_acknowledged}"
        );
        // Let a random number of saves be acknowledged (counted, not timed),
        // then kill at a random phase of the save under way.
        let mut acknowledged = first;
        for _ in 0..rng.usize(0..4) {
            acknowledged = rx
                .recv_timeout(LIVENESS)
                .unwrap_or_else(|_| panic!("kill {kill}: the child stopped saving"));
        }
        std::thread::sleep(Duration::from_micros(rng.u64(0..3_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        // Acknowledgements printed before the kill landed count too.
        if let Some(later) = rx.try_iter().last() {
            acknowledged = later;
        }
        assert!(
            !status.success(),
            "kill {kill}: the child was killed, not finished"
        );

        let (session, report) =
            store::load(&path).unwrap_or_else(|e| panic!("kill {kill}: {}", e.render()));
        assert!(
            report.unreadable.is_empty(),
            "kill {kill}: {:?}",
            report.messages()
        );
        assert_eq!(
            report.integrity,
            Some(store::Integrity::Intact),
            "kill {kill}: every generation tana wrote is sealed"
        );
        assert!(
            session.saves == acknowledged || session.saves == acknowledged + 1,
            "kill {kill}: loaded save {} but {acknowledged} was acknowledged",
            session.saves
        );
        if session.saves == acknowledged + 1 {
            in_flight_seen += 1;
        }
        last_acknowledged = session.saves;
    }
    // Opening again cleans up the temp file of the save the last kill cut short.
    let output = Command::new(crate::common::tana_bin())
        .args(["save-loop", "--count", "0"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stale: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(stale.is_empty(), "stale temp files left: {stale:?}");
    let seconds = started.elapsed().as_secs_f64();
    let saves_made = last_acknowledged;
    eprintln!(
        "{KILLS} kills, {saves_made} saves in {seconds:.1} s ({:.0} saves/s including process starts), {in_flight_seen} kills landed after the in-flight save completed",
        saves_made as f64 / seconds
    );
}
