//! Terraform `.tf` source: the bytes are one `.tf` file, scanned by `vpclint::load::terraform::source`
//! for resource blocks, module calls and `dynamic` blocks; every range found is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    vpclint_fuzz::tf::check_tf_bytes(data);
});
