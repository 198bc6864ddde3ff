//! Any bytes given as a questionnaire: located problems or a questionnaire,
//! never a panic, a hang or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tana::questionnaire::Questionnaire;
use tana::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = yaml::source_from_bytes(data.to_vec()) else {
        return;
    };
    if let Err(problems) = Questionnaire::from_source(&source) {
        assert!(!problems.is_empty(), "a refusal names at least one problem");
    }
});
