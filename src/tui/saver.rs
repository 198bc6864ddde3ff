//! Saving off the key-press path: a thread owns the session's [`Store`],
//! takes snapshots from the interface, always writes the newest one, and
//! reports each outcome back. Typing never waits for the disk.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::session::Session;
use crate::session::store::Store;

enum Request {
    Save(Box<Session>),
    SaveAs(PathBuf, Box<Session>),
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
    pub fn start(store: Store) -> Saver {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, outcomes) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("tana-saver".into())
            .spawn(move || run(store, &inbox, &outbox))
            .expect("the saver thread starts");
        Saver {
            requests,
            outcomes,
            thread: Some(thread),
            latest: 0,
        }
    }

    pub fn save(&mut self, session: Session) {
        self.latest = session.saves;
        let _ = self.requests.send(Request::Save(Box::new(session)));
    }

    pub fn save_as(&mut self, path: PathBuf, session: Session) {
        self.latest = session.saves;
        let _ = self.requests.send(Request::SaveAs(path, Box::new(session)));
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

fn run(mut store: Store, inbox: &Receiver<Request>, outbox: &Sender<Outcome>) {
    while let Ok(first) = inbox.recv() {
        // Only the newest snapshot matters: skip older ones that queued up,
        // but never skip a change of path.
        let mut request = first;
        while let Ok(next) = inbox.try_recv() {
            match (&request, &next) {
                (Request::SaveAs(..), _) | (_, Request::Stop) => {
                    handle(&mut store, request, outbox);
                    request = next;
                }
                _ => request = next,
            }
        }
        if matches!(request, Request::Stop) {
            return;
        }
        handle(&mut store, request, outbox);
    }
}

fn handle(store: &mut Store, request: Request, outbox: &Sender<Outcome>) {
    match request {
        Request::Save(session) => {
            let result = store
                .write_snapshot(session.to_yaml().as_bytes())
                .map_err(|e| format!("{e:#}"));
            let _ = outbox.send(Outcome::Saved {
                saves: session.saves,
                result,
            });
        }
        Request::SaveAs(path, session) => {
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
        Request::Stop => {}
    }
}
