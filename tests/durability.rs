//! Durability on a real disk: a child process saving a session in a loop is
//! killed with SIGKILL at random moments; after each kill the session loads
//! with the last acknowledged state or the one in flight, never older and
//! never a parse error.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tana::session::store;

const KILLS: usize = 200;

#[test]
fn sigkill_at_random_moments_never_loses_an_acknowledged_save() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("mission.yaml");
    let mut rng = fastrand::Rng::with_seed(0x7a4a);
    let mut last_acknowledged = 0u64;
    let mut in_flight_seen = 0usize;
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
        // Wait for the child to be up (its first line), then kill at a random moment.
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the child reports its first save");
        assert!(
            first >= last_acknowledged,
            "kill {kill}: reopened at {first}, older than {last_acknowledged}"
        );
        std::thread::sleep(Duration::from_micros(rng.u64(0..30_000)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        let acknowledged = rx.try_iter().last().unwrap_or(first);
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
    assert!(
        last_acknowledged > KILLS as u64,
        "the loop made progress: {last_acknowledged}"
    );
    eprintln!(
        "{KILLS} kills, {last_acknowledged} saves, {in_flight_seen} kills landed after the in-flight save completed"
    );
}
