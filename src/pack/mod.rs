//! The agenda pack: a meeting's manifest (committee, membership, agenda),
//! the cover and front sheets typeset here, and the joining of every report
//! into one page-numbered PDF with bookmarks.

pub(crate) mod extent;
pub(crate) mod inputs;
pub(crate) mod manifest;
pub(crate) mod merge;
pub(crate) mod pdf;
pub(crate) mod preflight;
pub(crate) mod stamp;
pub(crate) mod structure;
pub(crate) mod text;
pub(crate) mod write;
