//! Saving off the key-press path: a thread owns the session's [`Store`] and
//! a copy of the session, taken once when the session opens. The interface
//! sends only what changed since its last snapshot ([`Changes`]: a few
//! answers, the position, the save counter), never the whole session; the
//! thread brings its copy up to date with every change in order, writes the
//! newest state, and reports each outcome back. Typing never waits for the
//! disk, and no key pays for copying a large session.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::interview::Changes;
use crate::session::Session;
use crate::session::store::Store;

enum Request {
    Save(Changes),
    SaveAs(PathBuf, Changes),
    Stop,
}

/// The result of one save: the save counter it carried and whether it reached the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Saved {
        saves: u64,
        result: Result<(), String>,
    },
    Retargeted {
        path: PathBuf,
        saves: u64,
        result: Result<(), String>,
    },
}

pub struct Saver {
    requests: Sender<Request>,
    outcomes: Receiver<Outcome>,
    thread: Option<JoinHandle<()>>,
    /// The save counter of the newest snapshot sent.
    pub latest: u64,
}

impl Saver {
    /// Starts the thread with the store and the session as it is now (as
    /// opened, or as last saved): the copy every later change applies to.
    pub fn start(store: Store, session: Session) -> Saver {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, outcomes) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("tana-saver".into())
            .spawn(move || run(store, session, &inbox, &outbox))
            .expect("the saver thread starts");
        Saver {
            requests,
            outcomes,
            thread: Some(thread),
            latest: 0,
        }
    }

    /// Saves the session with these changes made.
    pub fn save(&mut self, changes: Changes) {
        self.latest = changes.saves;
        let _ = self.requests.send(Request::Save(changes));
    }

    /// Saves the session with these changes made to a new file, and keeps
    /// saving there.
    pub fn save_as(&mut self, path: PathBuf, changes: Changes) {
        self.latest = changes.saves;
        let _ = self.requests.send(Request::SaveAs(path, changes));
    }

    /// Outcomes that have arrived, without waiting.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.try_iter().collect()
    }

    /// Waits until the newest snapshot has an outcome (or the timeout passes).
    pub fn wait_for_latest(&self, timeout: Duration) -> Vec<Outcome> {
        let deadline = std::time::Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.outcomes.recv_timeout(left) {
                Ok(outcome) => {
                    let saves = match &outcome {
                        Outcome::Saved { saves, .. } | Outcome::Retargeted { saves, .. } => *saves,
                    };
                    seen.push(outcome);
                    if saves >= self.latest {
                        return seen;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return seen,
            }
        }
    }
}

/// How long leaving waits for the saver thread to finish its last write.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Stop);
        if let Some(thread) = self.thread.take() {
            // A disk that hangs (a pulled USB stick, a dead network share) must
            // not hang tana: wait a while, then leave the thread behind.
            let deadline = std::time::Instant::now() + STOP_TIMEOUT;
            while !thread.is_finished() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

fn run(
    mut store: Store,
    mut session: Session,
    inbox: &Receiver<Request>,
    outbox: &Sender<Outcome>,
) {
    while let Ok(first) = inbox.recv() {
        // Every change is applied, in order; only the newest state is
        // written (a change of path is written at once).
        let mut owed = false;
        for request in std::iter::once(first).chain(inbox.try_iter()) {
            match request {
                Request::Save(changes) => {
                    changes.apply_to(&mut session);
                    owed = true;
                }
                Request::SaveAs(path, changes) => {
                    changes.apply_to(&mut session);
                    owed = false;
                    retarget(&mut store, path, &session, outbox);
                }
                Request::Stop => {
                    if owed {
                        write(&store, &session, outbox);
                    }
                    return;
                }
            }
        }
        if owed {
            write(&store, &session, outbox);
        }
    }
}

fn write(store: &Store, session: &Session, outbox: &Sender<Outcome>) {
    let result = store
        .write_snapshot(session.to_yaml().as_bytes())
        .map_err(|e| format!("{e:#}"));
    let _ = outbox.send(Outcome::Saved {
        saves: session.saves,
        result,
    });
}

fn retarget(store: &mut Store, path: PathBuf, session: &Session, outbox: &Sender<Outcome>) {
    let result = Store::claim_new(&path).and_then(|new_store| {
        new_store.write_snapshot(session.to_yaml().as_bytes())?;
        *store = new_store;
        Ok(())
    });
    let _ = outbox.send(Outcome::Retargeted {
        path,
        saves: session.saves,
        result: result.map_err(|e| format!("{e:#}")),
    });
}
