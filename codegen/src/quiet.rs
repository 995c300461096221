//! Progenitor runs behind `catch_unwind`, a backstop for panics validation did not foresee; the panic hook would
//! still print progenitor's message and a backtrace before our error. [`quietly`] keeps the hook silent for the
//! closure it runs, on its own thread only, so the user reads our error alone.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `run` behind `catch_unwind` with the panic hook silent on this thread, so a panic inside progenitor becomes
/// our error alone, without its message and backtrace on stderr. The hook is process-wide: the first call wraps
/// whatever hook is installed in one that stays silent only on a thread inside `quietly`, so other threads (tests
/// running in parallel, a fuzzer's hook) keep reporting their own panics.
pub(crate) fn quietly<T>(run: impl FnOnce() -> T) -> std::thread::Result<T> {
    static WRAP_HOOK: Once = Once::new();
    WRAP_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|quiet| quiet.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(run));
    QUIET.with(|quiet| quiet.set(was_quiet));
    result
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn a_panic_inside_is_caught_without_the_hook_and_one_outside_still_reaches_it() {
        static HOOK_CALLS: AtomicUsize = AtomicUsize::new(0);
        // Installed before the first `quietly`, so that it is the hook `quietly` wraps.
        panic::set_hook(Box::new(|_| {
            HOOK_CALLS.fetch_add(1, Ordering::SeqCst);
        }));
        let caught = quietly(|| panic!("inside progenitor"));
        let message = caught.expect_err("the panic is caught");
        assert_eq!(message.downcast_ref::<&str>(), Some(&"inside progenitor"));
        assert_eq!(
            HOOK_CALLS.load(Ordering::SeqCst),
            0,
            "the hook stayed silent"
        );

        let outside = std::thread::spawn(|| panic!("elsewhere")).join();
        assert!(outside.is_err());
        assert_eq!(
            HOOK_CALLS.load(Ordering::SeqCst),
            1,
            "other panics still reach the hook"
        );
        // Nested use keeps the outer silence.
        let nested = quietly(|| {
            let _ = quietly(|| panic!("inner"));
            panic!("after inner")
        });
        assert!(nested.is_err());
        assert_eq!(HOOK_CALLS.load(Ordering::SeqCst), 1);
        let _ = panic::take_hook();
    }
}
