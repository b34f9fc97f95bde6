//! Alibaba Cloud Resource Names of KMS keys and aliases (docs/spec/kms-api.md §5.4).

/// `acs:kms:<region>:<account>:key`, the key container.
pub(crate) fn key_container_arn(region: &str, account: &str) -> String {
    format!("acs:kms:{region}:{account}:key")
}

/// `acs:kms:<region>:<account>:key/<key-id>`.
pub fn key_arn(region: &str, account: &str, key_id: &str) -> String {
    format!("acs:kms:{region}:{account}:key/{key_id}")
}

/// `acs:kms:<region>:<account>:alias`, the alias container.
pub(crate) fn alias_container_arn(region: &str, account: &str) -> String {
    format!("acs:kms:{region}:{account}:alias")
}

/// `acs:kms:<region>:<account>:alias/<name>`; `alias_name` already carries `alias/`.
pub(crate) fn alias_arn(region: &str, account: &str, alias_name: &str) -> String {
    format!("acs:kms:{region}:{account}:{alias_name}")
}

/// The key id of a key ARN, if `text` is the ARN of a key of this region and account.
pub(crate) fn key_id_from_arn<'a>(text: &'a str, region: &str, account: &str) -> Option<&'a str> {
    let rest = text.strip_prefix("acs:kms:")?;
    let rest = rest.strip_prefix(region)?.strip_prefix(':')?;
    let rest = rest.strip_prefix(account)?.strip_prefix(':')?;
    let id = rest.strip_prefix("key/")?;
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_arns_round_trip_only_in_their_region_and_account() {
        let arn = key_arn("cn-hangzhou", "123", "abc");
        assert_eq!(arn, "acs:kms:cn-hangzhou:123:key/abc");
        assert_eq!(key_id_from_arn(&arn, "cn-hangzhou", "123"), Some("abc"));
        assert_eq!(key_id_from_arn(&arn, "cn-beijing", "123"), None);
        assert_eq!(key_id_from_arn(&arn, "cn-hangzhou", "124"), None);
        assert_eq!(
            key_id_from_arn("acs:kms:cn-hangzhou:123:key/", "cn-hangzhou", "123"),
            None
        );
        assert_eq!(alias_arn("r", "a", "alias/x"), "acs:kms:r:a:alias/x");
    }
}
