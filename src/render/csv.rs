//! What every CSV output shares: text that spreadsheet applications could
//! take for a formula is written so they take it as text.

/// Spreadsheet applications run cells starting with = + - @ as formulas; a
/// leading apostrophe makes them text. For text cells only: a negative number
/// passed here would gain an apostrophe.
pub(crate) fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_made_text() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@x"), "'@x");
        assert_eq!(neutralise("Early Years"), "Early Years");
    }
}
