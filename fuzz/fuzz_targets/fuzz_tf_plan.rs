//! Terraform plans: fuzz bytes become a plan (see `vpclint_fuzz::plan`), which is
//! decoded, loaded, checked by every rule, and its spans checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vpclint_fuzz::check_bytes(vpclint_fuzz::plan::plan_bytes(data));
});
