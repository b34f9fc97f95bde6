//! The one wildcard matcher of the project: `*` matches any run of characters (also none),
//! `?` exactly one. Actions match case-insensitively, resources and `StringLike` do not.

/// Whether `text` matches `pattern` as a whole.
pub fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // ARNs and action names are ASCII: match bytes without allocating.
        let eq = |a: u8, b: u8| {
            if ignore_case {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        return match_units(pattern.as_bytes(), text.as_bytes(), b'*', b'?', eq);
    }
    let fold = |s: &str| -> Vec<char> {
        if ignore_case {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    match_units(&fold(pattern), &fold(text), '*', '?', |a, b| a == b)
}

/// The matching loop over bytes or characters: greedy, backtracking to the last `*`.
fn match_units<T: Copy + PartialEq>(
    p: &[T],
    t: &[T],
    star_unit: T,
    any_unit: T,
    eq: impl Fn(T, T) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position of the last `*` seen, and the text position it currently absorbs up to.
    let mut star: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        match p.get(pi) {
            Some(&pc) if pc == star_unit => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&pc) if pc == any_unit || eq(pc, tc) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // Let the last `*` absorb one more character and retry after it.
                Some((sp, st)) => {
                    star = Some((sp, st + 1));
                    pi = sp + 1;
                    ti = st + 1;
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == star_unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert!(wildcard_match("kms:*", "kms:Encrypt", false));
        assert!(wildcard_match("KMS:encrypt", "kms:Encrypt", true));
        assert!(!wildcard_match("KMS:encrypt", "kms:Encrypt", false));
        assert!(wildcard_match("kms:List*", "kms:ListKeys", true));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("a*b*c", "aXbYbZc", false));
        assert!(!wildcard_match("a*b*c", "aXbYbZ", false));
        assert!(wildcard_match(
            "acs:kms:*:*:key/*",
            "acs:kms:cn-hangzhou:1:key/abc",
            false
        ));
    }

    /// The reference the matcher is checked against: a regular expression built from the
    /// pattern, every other character escaped.
    fn regex_reference(pattern: &str, text: &str, ignore_case: bool) -> bool {
        let mut re = String::from("^");
        for c in pattern.chars() {
            match c {
                '*' => re.push_str("(?s:.*)"),
                '?' => re.push_str("(?s:.)"),
                other => re.push_str(&regex::escape(&other.to_string())),
            }
        }
        re.push('$');
        regex::RegexBuilder::new(&re)
            .case_insensitive(ignore_case)
            .build()
            .unwrap()
            .is_match(text)
    }

    proptest! {
        #[test]
        fn agrees_with_a_regular_expression(
            pattern in "[ab*?:/.]{0,10}",
            text in "[abAB:/.]{0,12}",
            ignore_case in any::<bool>(),
        ) {
            prop_assert_eq!(
                wildcard_match(&pattern, &text, ignore_case),
                regex_reference(&pattern, &text, ignore_case)
            );
        }

        #[test]
        fn agrees_on_arbitrary_unicode(pattern in "\\PC{0,8}", text in "\\PC{0,8}") {
            prop_assert_eq!(wildcard_match(&pattern, &text, false), regex_reference(&pattern, &text, false));
        }
    }
}
