//! The terminal the full-screen interface runs on: whether there is one at
//! all (else a message pointing to `--plain`, before anything is created),
//! and whether it is still there. When a terminal goes away (an SSH link
//! dropped, the window or tmux pane closed) its input reports a hang-up, or
//! end of file; crossterm's reader then loops for ever on reads that return
//! nothing. So the interface asks [`Watch::wait`] first and calls crossterm
//! only when there is input, and a watchdog thread, blocked on the terminal
//! until it hangs up, makes sure the interface ends the way SIGHUP does even
//! if crossterm was caught reading at that very moment.

use std::io::IsTerminal as _;
use std::os::fd::{AsFd as _, OwnedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::io::Errno;

/// Refuses to start the full-screen interface where there is no terminal
/// (cron, a pipe, `ssh host tana` without `-t`), with a message pointing to
/// plain mode. Called before any session file is created or opened.
pub fn require_terminal() -> Result<()> {
    let output = std::io::stdout().is_terminal();
    let input = std::io::stdin().is_terminal() || open_dev_tty().is_ok();
    if output && input {
        return Ok(());
    }
    bail!(
        "the full-screen interface needs a terminal, and {} is not one (a pipe, cron, or `ssh host tana` without -t); nothing was created. Use the line-by-line interview instead: `tana new --plain --state NAME` or `tana open --plain SESSION` (or run tana in a terminal, `ssh -t host tana`)",
        if output {
            "the input"
        } else {
            "the standard output"
        }
    )
}

fn open_dev_tty() -> std::io::Result<OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    rustix::fs::open(
        "/dev/tty",
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(Into::into)
}

/// What the terminal's input has to offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// Bytes are waiting to be read.
    Input,
    /// Nothing yet (the wait timed out, or a signal came).
    Idle,
    /// The terminal hung up, reached end of file or failed: it will never
    /// give input again.
    Gone,
}

/// The terminal input crossterm reads (standard input when it is a
/// terminal, else `/dev/tty`), watched for input and for a hang-up.
pub struct Watch {
    fd: OwnedFd,
    /// True when crossterm reads standard input (fd 0) itself.
    on_stdin: bool,
}

impl Watch {
    /// The terminal input, as crossterm picks it.
    pub fn open() -> std::io::Result<Watch> {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            Ok(Watch {
                fd: stdin.as_fd().try_clone_to_owned()?,
                on_stdin: true,
            })
        } else {
            Ok(Watch {
                fd: open_dev_tty()?,
                on_stdin: false,
            })
        }
    }

    /// Waits up to `timeout` for input. A hang-up, an error, or input that
    /// is "ready" with no byte to read (end of file) is [`Ready::Gone`].
    pub fn wait(&self, timeout: Duration) -> Ready {
        let timeout = Timespec::try_from(timeout).unwrap_or(Timespec {
            tv_sec: 1,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) | Err(Errno::INTR | Errno::AGAIN) => return Ready::Idle,
            Ok(_) => {}
            Err(_) => return Ready::Gone,
        }
        let events = fds[0].revents();
        if events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return Ready::Gone;
        }
        if events.contains(PollFlags::IN) {
            return match rustix::io::ioctl_fionread(&self.fd) {
                Ok(0) | Err(_) => Ready::Gone,
                Ok(_) => Ready::Input,
            };
        }
        Ready::Idle
    }

    /// Blocks until the terminal hangs up (or fails); no wake-ups before.
    fn wait_for_hangup(&self) {
        loop {
            let mut fds = [PollFd::new(&self.fd, PollFlags::empty())];
            match rustix::event::poll(&mut fds, None) {
                Err(Errno::INTR | Errno::AGAIN) => {}
                Ok(_) if fds[0].revents().is_empty() => {}
                Ok(_) | Err(_) => return,
            }
        }
    }
}

/// Shared between the interface and its watchdog.
#[derive(Debug, Default)]
pub struct Flags {
    /// Set by SIGTERM, SIGHUP or the watchdog: save and leave.
    pub stop: Arc<AtomicBool>,
    /// Set by the interface when it has started to leave (for whatever
    /// reason): from then on the watchdog has nothing to do.
    pub leaving: AtomicBool,
}

/// How long the interface has, after a hang-up, to notice it by itself.
const NOTICE_GRACE: Duration = Duration::from_millis(400);

/// After the rescue, how long before the process is ended outright.
const RESCUE_GRACE: Duration = Duration::from_secs(3);

/// Starts the watchdog: it sleeps in `poll` until the terminal hangs up,
/// then sets `stop`. If the interface has not started to leave shortly
/// after, it is stuck inside crossterm's read loop: the watchdog puts an
/// empty pipe in place of standard input, so that crossterm's next read
/// finds nothing and returns, and the interface saves and leaves as on
/// SIGHUP. Should even that fail (crossterm reading `/dev/tty` itself), the
/// process ends, which releases the session's lock; what was saved stays.
pub fn spawn_watchdog(watch: &Watch, flags: &Arc<Flags>) -> std::io::Result<()> {
    let fd = watch.fd.try_clone()?;
    let watch = Watch {
        fd,
        on_stdin: watch.on_stdin,
    };
    let flags = Arc::clone(flags);
    std::thread::Builder::new()
        .name("tana-tty-watchdog".into())
        .spawn(move || {
            watch.wait_for_hangup();
            flags.stop.store(true, Ordering::SeqCst);
            if wait_until(&flags.leaving, NOTICE_GRACE) {
                return;
            }
            // Kept open for ever: an empty pipe, never end of file.
            let mut _pipe_writer = None;
            if watch.on_stdin
                && let Ok((reader, writer)) = rustix::pipe::pipe_with(
                    rustix::pipe::PipeFlags::NONBLOCK | rustix::pipe::PipeFlags::CLOEXEC,
                )
                && rustix::stdio::dup2_stdin(&reader).is_ok()
            {
                _pipe_writer = Some(writer);
            }
            if !wait_until(&flags.leaving, RESCUE_GRACE) {
                std::process::exit(1);
            }
            // The interface is leaving; let it finish its last save.
            loop {
                std::thread::park();
            }
        })?;
    Ok(())
}

/// Waits up to `limit` for `flag`; true when it was set.
fn wait_until(flag: &AtomicBool, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if flag.load(Ordering::SeqCst) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    flag.load(Ordering::SeqCst)
}
