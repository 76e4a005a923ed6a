//! JSON text (CloudFormation JSON, a plan, or anything): decode, load, run every rule,
//! check every span. UTF-8 input that `load_text` would not read as JSON (it does not
//! start with `{` or `[` after a byte order mark and whitespace) is wrapped in `[...]`, so
//! it still goes to the JSON parser rather than the YAML one.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let bytes = match std::str::from_utf8(data) {
        Ok(text) if !text.trim_start_matches('\u{feff}').trim_start().starts_with(['{', '[']) => {
            let mut v = b"[".to_vec();
            v.extend_from_slice(data);
            v.push(b']');
            v
        }
        _ => data.to_vec(),
    };
    vpclint_fuzz::check_bytes(bytes);
});
