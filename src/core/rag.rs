//! Red, amber and green: the one rating scale of every document, with the
//! letter and word printed beside each colour so colour is never the only signal.

use serde::Serialize;

/// A red/amber/green rating; `none` when there is no target or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Rag {
    /// On or better than target.
    Green,
    /// Off target but within the amber threshold.
    Amber,
    /// Worse than target (and than the amber threshold, if any).
    Red,
    /// Not rated.
    None,
}

impl Rag {
    /// The letter printed in the RAG cell, so colour is never the only signal.
    pub(crate) fn letter(self) -> &'static str {
        match self {
            Rag::Green => "G",
            Rag::Amber => "A",
            Rag::Red => "R",
            Rag::None => "–",
        }
    }

    /// The letter of a table cell that is blank when not rated, as finance
    /// tables print balances.
    pub(crate) fn letter_or_blank(self) -> &'static str {
        if self == Rag::None {
            ""
        } else {
            self.letter()
        }
    }

    /// The rating as the JSON and CSV contracts write it: "green", "none".
    pub(crate) fn key(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
            Rag::None => "none",
        }
    }

    /// The word for the rating.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
            Rag::None => "Not rated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_serialised_names() {
        for rag in [Rag::Green, Rag::Amber, Rag::Red, Rag::None] {
            assert_eq!(serde_json::to_value(rag).unwrap(), rag.key());
        }
    }
}
