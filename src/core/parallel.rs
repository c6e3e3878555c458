//! Work spread over the machine's cores: a council laptop has two or four,
//! and reading a long report's pages is work each page can do alone.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every item on every core, the results in item order.
/// Items are handed out one at a time, so that a few large ones (a long
/// report among short ones) do not leave a core idle; a panic in `f` goes
/// on as a panic of the caller.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_on(cores(), items, f)
}

/// How many cores the machine has.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// [`map`] on at most `threads` of the machine's worker threads, which
/// typst's own parallel work (page runs, fonts, images) shares: a thread
/// that waits for its part of that work takes up other work meanwhile,
/// rather than the machine running more threads than it has cores.
pub(crate) fn map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::with_capacity(items.len()));
    rayon::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|_| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    mine.push((i, f(item)));
                }
                done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(mine);
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that the workers finish out of order.
        let squares = map(&items, |&n| {
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(50));
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert_eq!(map(&[] as &[u8], |&b| b), Vec::<u8>::new());
    }

    #[test]
    fn a_panic_in_one_item_is_the_callers() {
        let items: Vec<u32> = (0..64).collect();
        let caught =
            std::panic::catch_unwind(|| map_on(2, &items, |&n| if n == 40 { panic!("item {n}") } else { n }));
        assert!(caught.is_err());
        // The pool is still there for the next caller.
        assert_eq!(map_on(2, &items, |&n| n + 1)[63], 64);
    }
}
