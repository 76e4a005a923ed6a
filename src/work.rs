//! A per-thread count of primitive operations (tree lookups, model lookups, index
//! entries visited), so tests can check that the cost of checking grows linearly with the
//! input without timing anything. Counting is a thread-local add: cheap enough to leave on.

use std::cell::Cell;

thread_local! {
    static WORK: Cell<u64> = const { Cell::new(0) };
}

/// Records `n` units of work on this thread.
#[inline]
pub fn tick(n: u64) {
    WORK.with(|w| w.set(w.get().wrapping_add(n)));
}

/// Runs `f` and returns its result with the work it recorded on this thread.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, u64) {
    let before = WORK.with(Cell::get);
    let r = f();
    let after = WORK.with(Cell::get);
    (r, after.wrapping_sub(before))
}
