//! What one audit event may keep: values cut to a documented size and marked, so a caller
//! cannot make the trail hold its large parameters (docs/spec/decisions.md D-410, D-411).

use std::collections::BTreeMap;

use crate::trail::event::TrailEvent;

/// Characters one parameter value keeps (D-410): as long as the longest value a KMS
/// parameter may validly hold where that length is checked (Description, 8,192), so a valid
/// Description is never cut.
pub const MAX_VALUE_CHARS: usize = 8_192;

/// Characters all parameter values of one event keep together (D-411), spent in name order.
pub const MAX_PARAMETER_CHARS: usize = 16_384;

/// Characters the error message and the User-Agent of one event keep each (D-411).
pub const MAX_TEXT_CHARS: usize = 1_024;

/// What an event lost to the bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cut {
    /// Values (parameters, message, User-Agent) that were cut.
    pub(crate) values: u64,
    /// Characters removed from them.
    pub(crate) characters: u64,
}

impl Cut {
    fn add(&mut self, removed: usize) {
        if removed > 0 {
            self.values += 1;
            self.characters = self.characters.saturating_add(removed as u64);
        }
    }
}

/// The marker that ends a cut value (D-410): it says how many characters are missing, so a
/// reader of LookupEvents never takes a cut value for the whole one.
pub fn cut_marker(removed: usize) -> String {
    format!("...[cut {removed} characters]")
}

/// Cuts `text` to its first `keep` characters plus the marker; returns how many characters
/// were removed (0 when it fits, and then `text` is unchanged).
fn cut_to(text: &mut String, keep: usize) -> usize {
    let Some((at, _)) = text.char_indices().nth(keep) else {
        return 0;
    };
    let removed = text.get(at..).map_or(0, |rest| rest.chars().count());
    text.truncate(at);
    text.push_str(&cut_marker(removed));
    // Give the memory of a value that was far too long back now, not when the event goes.
    text.shrink_to_fit();
    removed
}

/// Cuts the parameter values: each to [`MAX_VALUE_CHARS`], and all together to
/// [`MAX_PARAMETER_CHARS`] in name order (the names are those some API defines, so their
/// number is bounded too).
fn bound_parameters(params: &mut BTreeMap<String, String>, cut: &mut Cut) {
    let mut budget = MAX_PARAMETER_CHARS;
    for value in params.values_mut() {
        let keep = MAX_VALUE_CHARS.min(budget);
        let removed = cut_to(value, keep);
        cut.add(removed);
        let kept = if removed > 0 {
            keep
        } else {
            value.chars().count()
        };
        budget = budget.saturating_sub(kept);
    }
}

/// Applies every bound of one event, and says what it cut.
pub(crate) fn bound_event(event: &mut TrailEvent) -> Cut {
    let mut cut = Cut::default();
    bound_parameters(&mut event.request_parameters, &mut cut);
    cut.add(cut_to(&mut event.user_agent, MAX_TEXT_CHARS));
    if let Some((_, message)) = &mut event.error {
        cut.add(cut_to(message, MAX_TEXT_CHARS));
    }
    cut
}

/// Bytes an event is counted for in the store's size bound (D-412): the text it holds plus
/// a fixed allowance for the record and its allocations. An estimate, but one that grows with
/// everything a caller can make larger.
pub(crate) fn event_bytes(event: &TrailEvent) -> usize {
    /// The record itself, its map nodes and allocator overhead, as a flat allowance.
    const EVENT_OVERHEAD: usize = 512;
    /// Per parameter: a map node and two string headers.
    const ENTRY_OVERHEAD: usize = 64;
    let params: usize = event
        .request_parameters
        .iter()
        .map(|(k, v)| k.len() + v.len() + ENTRY_OVERHEAD)
        .sum();
    let error = event.error.as_ref().map_or(0, |(c, m)| c.len() + m.len());
    let ids: usize = event
        .key_ids
        .iter()
        .chain(&event.secret_names)
        .map(String::len)
        .sum();
    let sts = event.sts.as_ref().map_or(0, |s| {
        s.response_elements
            .as_ref()
            .map_or(0, |r| r.to_string().len())
            + s.access_keys.iter().map(String::len).sum::<usize>()
    });
    let identity = &event.identity;
    EVENT_OVERHEAD
        + params
        + error
        + ids
        + sts
        + event.event_id.len()
        + event.event_name.len()
        + event.region.len()
        + event.account_id.len()
        + event.source_ip.len()
        + event.user_agent.len()
        + identity.principal_id.len()
        + identity.user_name.len()
        + identity.access_key_id.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_within_the_bound_is_kept_whole() {
        let mut s = "é".repeat(MAX_VALUE_CHARS);
        assert_eq!(cut_to(&mut s, MAX_VALUE_CHARS), 0);
        assert_eq!(s.chars().count(), MAX_VALUE_CHARS);
    }

    #[test]
    fn a_long_value_keeps_its_start_and_says_how_much_went() {
        let mut s = "é".repeat(10);
        assert_eq!(cut_to(&mut s, 4), 6);
        assert_eq!(s, format!("éééé{}", cut_marker(6)));
    }

    #[test]
    fn parameters_share_one_budget_in_name_order() {
        let mut params: BTreeMap<String, String> = [
            ("A", "a".repeat(MAX_VALUE_CHARS + 5)),
            ("B", "b".repeat(MAX_VALUE_CHARS)),
            ("C", "c".repeat(10)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let mut cut = Cut::default();
        bound_parameters(&mut params, &mut cut);
        assert_eq!(
            params["A"],
            format!("{}{}", "a".repeat(MAX_VALUE_CHARS), cut_marker(5))
        );
        // A and B spend the whole budget: nothing of C is kept but the marker.
        assert_eq!(params["B"], "b".repeat(MAX_VALUE_CHARS));
        assert_eq!(params["C"], cut_marker(10));
        assert_eq!(
            cut,
            Cut {
                values: 2,
                characters: 15
            }
        );
    }
}
