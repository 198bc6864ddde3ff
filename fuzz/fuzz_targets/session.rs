//! Any bytes given as a session file, as the store reads one: the checksum
//! line checked, then the YAML. Never a panic; a session that loads is
//! written back by tana to a file that loads as the same session, sealed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tana::session::Session;
use tana::session::store::{self, Integrity};
use tana::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = yaml::source_from_bytes(data.to_vec()) else {
        return;
    };
    if store::verify(&source).is_err() {
        return;
    }
    let Ok(session) = Session::from_source(&source) else {
        return;
    };
    let written = session.to_yaml();
    let sealed = String::from_utf8(store::seal(written.as_bytes())).expect("tana writes UTF-8");
    assert_eq!(store::verify(&sealed), Ok(Integrity::Intact));
    let again = Session::from_source(&sealed)
        .unwrap_or_else(|p| panic!("tana's own file does not load: {p:?}\n{sealed}"));
    assert_eq!(again.to_yaml(), written, "saving is stable");
});
