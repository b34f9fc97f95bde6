//! GetRandomPassword's generator (docs/spec/secrets.md §4.15; docs/spec/decisions.md D-214):
//! characters drawn from the caller-supplied randomness, so a seeded reference replays.

use crate::error::KmsError;
use crate::random::RandomSource;
use crate::secret::Secret;

/// The 31 punctuation marks of META24's list: ASCII punctuation without the backtick (D-214).
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_{|}~";
const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
/// PasswordLength bounds and default (D-214).
const LENGTHS: std::ops::RangeInclusive<i64> = 8..=128;
const DEFAULT_LENGTH: i64 = 32;

/// GetRandomPassword's options as sent; `None` is the default.
#[derive(Clone, Debug, Default)]
pub(crate) struct PasswordOptions {
    pub(crate) length: Option<i64>,
    pub(crate) exclude_characters: String,
    pub(crate) exclude_lowercase: bool,
    pub(crate) exclude_uppercase: bool,
    pub(crate) exclude_numbers: bool,
    pub(crate) exclude_punctuation: bool,
    /// Default true (D-214).
    pub(crate) require_each_included_type: Option<bool>,
}

/// A password by `options`, or `InvalidParameter` when none can be made.
pub(crate) fn generate_password(
    options: &PasswordOptions,
    rng: &dyn RandomSource,
) -> Result<Secret, KmsError> {
    let length = options.length.unwrap_or(DEFAULT_LENGTH);
    if !LENGTHS.contains(&length) {
        return Err(KmsError::invalid_parameter(
            "PasswordLength",
            "must be between 8 and 128",
        ));
    }
    let length = usize::try_from(length).unwrap_or(0);
    let classes: Vec<Vec<char>> = [
        (LOWERCASE, options.exclude_lowercase),
        (UPPERCASE, options.exclude_uppercase),
        (DIGITS, options.exclude_numbers),
        (PUNCTUATION, options.exclude_punctuation),
    ]
    .into_iter()
    .filter(|(_, excluded)| !excluded)
    .map(|(chars, _)| {
        chars
            .chars()
            .filter(|c| !options.exclude_characters.contains(*c))
            .collect::<Vec<char>>()
    })
    .filter(|chars| !chars.is_empty())
    .collect();
    let pool: Vec<char> = classes.iter().flatten().copied().collect();
    if pool.is_empty() {
        return Err(KmsError::invalid_parameter(
            "ExcludeCharacters",
            "every character is excluded",
        ));
    }
    let require_each = options.require_each_included_type.unwrap_or(true);
    let mut out: Vec<char> = Vec::with_capacity(length);
    if require_each {
        // classes.len() <= 4 < 8 <= length, so every class fits.
        for class in &classes {
            out.push(pick(class, rng));
        }
    }
    while out.len() < length {
        out.push(pick(&pool, rng));
    }
    // Fisher-Yates, so the required characters are not always in front.
    for i in (1..out.len()).rev() {
        let j = below(i + 1, rng);
        out.swap(i, j);
    }
    Ok(Secret::new(out.into_iter().collect::<String>()))
}

fn pick(chars: &[char], rng: &dyn RandomSource) -> char {
    chars.get(below(chars.len(), rng)).copied().unwrap_or('x')
}

/// A uniform index below `n` (n >= 1), by rejection so that no character is favoured.
fn below(n: usize, rng: &dyn RandomSource) -> usize {
    let n32 = u32::try_from(n).unwrap_or(u32::MAX).max(1);
    let zone = u32::MAX - (u32::MAX % n32);
    loop {
        let mut b = [0u8; 4];
        rng.fill(&mut b);
        let v = u32::from_le_bytes(b);
        if v < zone {
            return usize::try_from(v % n32).unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SeededRandom;

    fn options() -> PasswordOptions {
        PasswordOptions::default()
    }

    #[test]
    fn the_default_is_32_characters_of_every_class() {
        let rng = SeededRandom::new(1);
        let p = generate_password(&options(), &rng).unwrap();
        let p = p.expose();
        assert_eq!(p.chars().count(), 32);
        for class in [LOWERCASE, UPPERCASE, DIGITS, PUNCTUATION] {
            assert!(p.chars().any(|c| class.contains(c)), "{class}");
        }
        assert!(!p.contains('`') && !p.contains(' '));
    }

    #[test]
    fn exclusions_are_honoured() {
        let rng = SeededRandom::new(2);
        let o = PasswordOptions {
            length: Some(128),
            exclude_punctuation: true,
            exclude_uppercase: true,
            exclude_characters: "abc0".into(),
            ..options()
        };
        let p = generate_password(&o, &rng).unwrap();
        assert!(
            p.expose()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert!(!p.expose().contains(['a', 'b', 'c', '0']));
    }

    #[test]
    fn bad_lengths_and_empty_pools_are_invalid() {
        let rng = SeededRandom::new(3);
        for length in [7, 129, 0, -1] {
            let o = PasswordOptions {
                length: Some(length),
                ..options()
            };
            assert!(generate_password(&o, &rng).is_err());
        }
        let o = PasswordOptions {
            exclude_lowercase: true,
            exclude_uppercase: true,
            exclude_numbers: true,
            exclude_characters: PUNCTUATION.into(),
            ..options()
        };
        assert!(generate_password(&o, &rng).is_err());
    }
}
