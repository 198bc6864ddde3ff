//! The whole process to its first frame: the real `tana` binary started in
//! a real pseudo-terminal on a real session file, timed from the spawn to
//! the moment the last row of its first 80×24 frame has arrived (read back
//! through a terminal emulator). This includes what the in-process figure
//! leaves out: process start, reading and checking the session file, taking
//! its lock, the recent list, and terminal set-up.

use std::io::{Read as _, Write as _};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How many times the binary is started.
const RUNS: usize = 30;

/// Writes `session_yaml` to a temporary file and times `tana open` on it.
pub fn first_frame(session_yaml: &str) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("first-frame.yaml");
    std::fs::write(&path, session_yaml).unwrap();
    let mut times = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let elapsed = once(dir.path(), &path);
        // The first run warms the page cache and is not counted.
        if run > 0 {
            times.push(elapsed);
        }
    }
    times.sort();
    let at = |q: usize| times[(times.len() - 1) * q / 100];
    println!(
        "{:<66} median {:>10.3?}  p99 {:>10.3?}  max {:>10.3?}  ({RUNS} runs)",
        "start, whole process in a pty: spawn to first 80x24 frame",
        at(50),
        at(99),
        times[times.len() - 1]
    );
}

fn once(dir: &std::path::Path, session: &std::path::Path) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_tana"));
    command.args(["open", session.to_str().unwrap()]);
    command.cwd(dir);
    command.env("TERM", "xterm-256color");
    command.env("LANG", "C.UTF-8");
    command.env("XDG_DATA_HOME", dir.join("data"));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (done, arrived) = mpsc::channel();
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(command).unwrap();
    std::thread::spawn(move || {
        let mut screen = vt100::Parser::new(
            std::num::NonZero::new(24).unwrap(),
            std::num::NonZero::new(80).unwrap(),
            0,
        );
        let mut buffer = [0u8; 16384];
        let mut sent = false;
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 {
                break;
            }
            screen.process(&buffer[..n]);
            if !sent && frame_complete(screen.screen()) {
                let _ = done.send(Instant::now());
                sent = true;
            }
        }
    });
    let at = arrived
        .recv_timeout(Duration::from_secs(30))
        .expect("the first frame arrives");
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    child.wait().unwrap();
    at - start
}

/// The header (first row) and the footer (last row) of the interview are
/// both drawn: ratatui writes rows top to bottom, so the frame is complete.
fn frame_complete(screen: &vt100::Screen) -> bool {
    let rows: Vec<String> = screen.rows(0, 80).collect();
    rows.first().is_some_and(|r| r.contains("saved #"))
        && rows.last().is_some_and(|r| !r.trim().is_empty())
}
