//! Improvement plans: numbered actions under key areas with a due date, a
//! lead and a status in the plan's key (Norfolk's, Lancashire's), the rules
//! that flag overdue actions and derive each parent's status, and the outputs.

pub(crate) mod csv;
pub(crate) mod due;
pub(crate) mod html;
pub(crate) mod key;
pub(crate) mod kpi;
pub(crate) mod pdf;
pub(crate) mod plan;
pub(crate) mod rules;
pub(crate) mod xlsx;
