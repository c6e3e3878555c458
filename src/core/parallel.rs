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

/// Keeps the process's memory to what its threads hold at once. glibc gives
/// each thread that meets a locked arena one of its own, up to eight a core,
/// and memory freed in an arena is reused only there: typst's threads and
/// ours then each keep the high-water mark of their own. Measured on the
/// national batch (152 scorecards, two at a time): 447 MiB at glibc's
/// default, 376 MiB with two arenas, in the same time; one arena was
/// 20% slower.
pub(crate) fn share_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of glibc's allocator,
    // which takes effect for arenas made afterwards; it touches no memory of ours.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// [`map`] on at most `threads` threads.
pub(crate) fn map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
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
}
