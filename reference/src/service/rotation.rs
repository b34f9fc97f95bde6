//! UpdateRotationPolicy, and the one parser of `RotationInterval` that CreateKey shares
//! (docs/spec/keys-v2.md §2.4, §2.8; docs/spec/decisions.md D-104).

use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::keystore::Rotation;
use crate::request::Origin;
use crate::response::Response;
use crate::service::Call;

const DAY: i64 = 86_400;
/// The interval range, in seconds: 7 to 365 days (D-104).
const INTERVAL_SECONDS: std::ops::RangeInclusive<i64> = 7 * DAY..=365 * DAY;

impl Call<'_> {
    pub(super) fn update_rotation_policy(
        &mut self,
        key_ref: &str,
        enable: bool,
        interval: Option<&str>,
    ) -> Result<Response, KmsError> {
        // The interval matters only when switching on, and is then required (§2.4).
        let rotation = if enable {
            Some(Rotation {
                interval_seconds: rotation_interval(interval.unwrap_or_default())?,
            })
        } else {
            None
        };
        let key = self.key_for(Api::UpdateRotationPolicy, key_ref)?;
        // Only material KMS generated for a symmetric key rotates (§2.8; D-109).
        if key.origin == Origin::External || !key.spec.is_symmetric() {
            return Err(ErrorCode::RejectedUnsupportedOperation.into());
        }
        // A NextRotationDate already past rotates at the next evaluation (D-105).
        key.rotation = rotation;
        Ok(Response::Empty)
    }
}

/// Parses `RotationInterval` (`<int><d|h|m|s>`) into seconds, 7 to 365 days (D-104).
pub(super) fn rotation_interval(text: &str) -> Result<i64, KmsError> {
    let invalid = || {
        KmsError::invalid_parameter(
            "RotationInterval",
            "must be a whole number followed by d, h, m or s, totalling 7 to 365 days \
             (604800s to 31536000s)",
        )
    };
    let unit = text.chars().last().ok_or_else(invalid)?;
    let digits = text
        .get(..text.len() - unit.len_utf8())
        .ok_or_else(invalid)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let number: i64 = digits.parse().map_err(|_| invalid())?;
    let factor = match unit {
        'd' => DAY,
        'h' => 3_600,
        'm' => 60,
        's' => 1,
        _ => return Err(invalid()),
    };
    let seconds = number.checked_mul(factor).ok_or_else(invalid)?;
    if INTERVAL_SECONDS.contains(&seconds) {
        Ok(seconds)
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_intervals() {
        for (good, seconds) in [
            ("365d", 365 * DAY),
            ("8760h", 365 * DAY),
            ("525600m", 365 * DAY),
            ("31536000s", 365 * DAY),
            ("7d", 7 * DAY),
            ("604800s", 7 * DAY),
            ("168h", 7 * DAY),
            ("30d", 30 * DAY),
        ] {
            assert_eq!(rotation_interval(good).unwrap(), seconds, "{good}");
        }
        for bad in [
            "",
            "6d",
            "604799s",
            "366d",
            "31536001s",
            "7",
            "d",
            "7x",
            "-7d",
            "+7d",
            " 7d",
            "7 d",
            "7D",
            "7dé",
            "é",
            "99999999999999999999d",
        ] {
            let e = rotation_interval(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidParameter, "{bad}");
            assert!(e.message().contains("RotationInterval"), "{bad}");
        }
    }
}
