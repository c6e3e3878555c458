//! The rules of a plan at a date: which actions are overdue, which statuses
//! say otherwise, and what each parent's status is from its children.

use rustc_hash::FxHashMap;

use super::plan::Plan;
use crate::core::diag::Diagnostics;

/// What the rules make of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assessed {
    /// Its status from its children (the worst wins; all completed is
    /// completed), or its own for an action with none: an index into the key.
    pub(crate) derived: Option<usize>,
    /// Past its due date and not completed.
    pub(crate) overdue: bool,
    /// Whether actions sit under it (1.1 above 1.1.1).
    pub(crate) has_children: bool,
}

/// For each action, the indices of the actions directly under it, found in
/// one pass over the plan.
fn children(plan: &Plan) -> Vec<Vec<usize>> {
    let index: FxHashMap<&str, usize> =
        plan.actions.iter().enumerate().map(|(i, a)| (a.reference.as_str(), i)).collect();
    let mut kids = vec![Vec::new(); plan.actions.len()];
    for (i, a) in plan.actions.iter().enumerate() {
        if let Some(&parent) = a.parent().and_then(|p| index.get(p)) {
            kids[parent].push(i);
        }
    }
    kids
}

/// The status of action `i` from its children, recursively.
fn derive(
    plan: &Plan,
    i: usize,
    children: &[Vec<usize>],
    memo: &mut Vec<Option<Option<usize>>>,
) -> Option<usize> {
    if let Some(known) = memo[i] {
        return known;
    }
    let kids = &children[i];
    let derived = if kids.is_empty() {
        plan.actions[i].status
    } else {
        let statuses: Vec<usize> = kids.iter().filter_map(|&k| derive(plan, k, children, memo)).collect();
        let key = &plan.key.statuses;
        if !statuses.is_empty() && statuses.len() == kids.len() && statuses.iter().all(|&s| key[s].completed)
        {
            statuses.first().copied()
        } else {
            statuses.into_iter().filter(|&s| !key[s].completed).max_by_key(|&s| key[s].severity)
        }
    };
    memo[i] = Some(derived);
    derived
}

/// Applies the rules at `as_of`; mismatches and contradictions are warnings.
pub(crate) fn assess(plan: &Plan, as_of: (i32, u32, u32), diags: &mut Diagnostics) -> Vec<Assessed> {
    let mut memo = vec![None; plan.actions.len()];
    let children = children(plan);
    let key = &plan.key;
    let mut out = Vec::with_capacity(plan.actions.len());
    for (i, a) in plan.actions.iter().enumerate() {
        let derived = derive(plan, i, &children, &mut memo);
        let completed = derived.is_some_and(|s| key.statuses[s].completed);
        let overdue = a.due_date.is_some_and(|d| d < as_of) && !completed;
        let has_children = !children[i].is_empty();
        if let (Some(stated), Some(from_children), true) = (a.status, derived, has_children) {
            if stated != from_children {
                diags.warning(
                    Some(a.status_origin.clone()),
                    format!(
                        "action {}: stated {}, but its actions give {}",
                        a.reference, key.statuses[stated].word, key.statuses[from_children].word
                    ),
                );
            }
        }
        if overdue && !derived.is_some_and(|s| key.statuses[s].red) {
            let status = derived.map_or("no status", |s| &key.statuses[s].word);
            diags.warning(
                Some(a.status_origin.clone()),
                format!("action {}: due {}, status {status}, not completed", a.reference, a.due),
            );
        }
        if completed && !has_children && a.update.is_empty() {
            diags.warning(
                Some(a.status_origin.clone()),
                format!("action {}: completed, with no update", a.reference),
            );
        }
        out.push(Assessed { derived, overdue, has_children });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::key::Key;
    use crate::actions::plan::{Action, Plan};
    use crate::core::diag::Origin;

    fn action(reference: &str, status: Option<&str>, due: Option<(i32, u32, u32)>, update: &str) -> Action {
        let key = Key::norfolk();
        Action {
            reference: reference.into(),
            key_area: String::new(),
            outcome: String::new(),
            text: "x".into(),
            ofsted_ref: String::new(),
            kpi_ref: String::new(),
            due: due.map_or(String::new(), |d| format!("{}-{}", d.0, d.1)),
            due_date: due,
            lead: String::new(),
            status: status.and_then(|s| key.statuses.iter().position(|k| k.word == s)),
            update: update.into(),
            origin: Origin::file("p"),
            status_origin: Origin::file("p"),
            kpi_origin: Origin::file("p"),
        }
    }

    #[test]
    fn parents_take_the_worst_of_their_children_and_completed_only_when_all_are() {
        let plan = Plan {
            key: Key::norfolk(),
            actions: vec![
                action("1.1", Some("Green"), None, ""),
                action("1.1.1", Some("Amber"), None, ""),
                action("1.1.2", Some("Blue"), None, "done"),
                action("1.2", Some("Green"), None, ""),
                action("1.2.1", Some("Blue"), None, "done"),
                action("1.2.2", Some("Blue"), None, "done"),
            ],
        };
        let mut diags = Diagnostics::default();
        let a = assess(&plan, (2019, 1, 31), &mut diags);
        let word = |i: usize| a[i].derived.map(|s| plan.key.statuses[s].word.as_str());
        assert_eq!(word(0), Some("Amber"));
        assert_eq!(word(3), Some("Blue"));
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            messages
                .contains(&"p: warning: action 1.1: stated Green, but its actions give Amber".to_string()),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"p: warning: action 1.2: stated Green, but its actions give Blue".to_string()),
            "{messages:?}"
        );
    }

    #[test]
    fn overdue_actions_not_marked_red_are_mismatches() {
        let plan = Plan {
            key: Key::norfolk(),
            actions: vec![
                action("1.1", Some("Green"), Some((2018, 11, 30)), ""),
                action("1.2", Some("Red"), Some((2018, 11, 30)), ""),
                action("1.3", Some("Blue"), Some((2018, 11, 30)), ""),
                action("1.4", Some("Green"), Some((2019, 3, 31)), ""),
            ],
        };
        let mut diags = Diagnostics::default();
        let a = assess(&plan, (2019, 1, 31), &mut diags);
        assert_eq!(a.iter().map(|a| a.overdue).collect::<Vec<_>>(), [true, true, false, false]);
        let messages: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "p: warning: action 1.1: due 2018-11, status Green, not completed",
                "p: warning: action 1.3: completed, with no update",
            ]
        );
    }
}
