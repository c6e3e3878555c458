//! Names made unique: the first of `x`, `x-2`, `x-3` … not yet taken, for
//! file names and web-page ids that two inputs could otherwise share.

/// The first of `name(1)`, `name(2)` … for which `take` says it was free
/// (and takes it); `name(1)` is the plain name, the rest carry their number.
pub(crate) fn first_free(mut take: impl FnMut(&str) -> bool, name: impl Fn(usize) -> String) -> String {
    (1..).map(name).find(|candidate| take(candidate)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_name_not_taken_wins() {
        let mut used = std::collections::HashSet::new();
        let mut next = || {
            first_free(|c| used.insert(c.to_string()), |n| if n == 1 { "a".into() } else { format!("a-{n}") })
        };
        assert_eq!([next(), next(), next()], ["a", "a-2", "a-3"]);
    }
}
