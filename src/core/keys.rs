//! Keys of a TOML file that nothing reads: a typo ("titel", "budjet") would
//! otherwise fall back to a default without a word. Each is reported with
//! its line and the key it probably meant.

use crate::core::diag::{Diagnostics, Origin};

/// Reports every key of the TOML `text` that `schema` does not know, each
/// with its line and the key it probably meant. `schema` lists the top-level
/// keys under `""` and each table's (or array of tables') keys under its name.
pub(crate) fn report_unknown_keys(
    text: &str,
    file: &Origin,
    schema: &[(&str, &[&str])],
    diags: &mut Diagnostics,
) {
    let Ok(table) = toml::from_str::<toml::Table>(text) else { return };
    let mut unknown: Vec<(String, &[&str])> = Vec::new();
    let known = |table: &str| schema.iter().find(|(t, _)| *t == table).map_or(&[][..], |(_, k)| *k);
    for (key, value) in &table {
        if !known("").contains(&key.as_str()) {
            unknown.push((key.clone(), known("")));
            continue;
        }
        let tables: Vec<&toml::Table> = match value {
            toml::Value::Table(t) => vec![t],
            toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_table).collect(),
            _ => Vec::new(),
        };
        for t in tables {
            unknown.extend(
                t.keys().filter(|k| !known(key).contains(&k.as_str())).map(|k| (k.clone(), known(key))),
            );
        }
    }
    let mut used = Vec::new();
    for (key, keys) in &unknown {
        // The first line that sets this key and is not reported yet.
        let line = text.lines().enumerate().position(|(i, l)| {
            let l = l.trim_start().trim_start_matches('[').trim_start_matches('"');
            !used.contains(&i)
                && l.strip_prefix(key.as_str()).is_some_and(|rest| {
                    let rest = rest.trim_start_matches('"').trim_start();
                    rest.starts_with('=') || rest.starts_with(']') || rest.starts_with('.')
                })
        });
        used.extend(line);
        let origin = line.map_or(file.clone(), |i| file.at(i as u32, 0));
        let hint = match probably_meant(key, keys) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => format!("the keys here are {}", keys.join(", ")),
        };
        diags.error(Some(origin), format!("unknown key `{key}`: {hint}"));
    }
}

/// The known key nearest to `key`, if it is near enough to be a typo.
pub(crate) fn probably_meant<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&key, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The fewest one-character edits from `a` to `b`, a swap of two
/// neighbours counting as one ("titel" → "title"): optimal string alignment.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_the_key_they_meant() {
        let known = ["presenter", "title", "number", "scorecard", "variance"];
        assert_eq!(probably_meant("presentr", &known), Some("presenter"));
        assert_eq!(probably_meant("Titel", &known), Some("title"));
        assert_eq!(probably_meant("scorcard", &known), Some("scorecard"));
        assert_eq!(probably_meant("colour", &known), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line() {
        let schema: &[(&str, &[&str])] = &[("", &["scorecard", "data"]), ("data", &["budget", "indicators"])];
        let mut diags = Diagnostics::default();
        let text = "[scorecard]\n[data]\nbudjet = \"b.csv\"\nindicators = \"i.csv\"\ncolour = 1\n";
        report_unknown_keys(text, &Origin::file("s.toml"), schema, &mut diags);
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "s.toml:3:1: unknown key `budjet`: did you mean `budget`?",
                "s.toml:5:1: unknown key `colour`: the keys here are budget, indicators"
            ]
        );
    }
}
