//! CloudFormation YAML (or any text): decode, load, run every rule, check every span.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vpclint_fuzz::check_bytes(data.to_vec());
});
