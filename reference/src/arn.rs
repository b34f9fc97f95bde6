//! Alibaba Cloud Resource Names of KMS keys, aliases and secrets (docs/spec/kms-api.md §5.4;
//! docs/spec/secrets.md §1.4, §8).

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

/// `acs:kms:<region>:<account>:secret`, the secret container.
pub(crate) fn secret_container_arn(region: &str, account: &str) -> String {
    format!("acs:kms:{region}:{account}:secret")
}

/// `acs:kms:<region>:<account>:secret/<name>`.
pub(crate) fn secret_arn(region: &str, account: &str, name: &str) -> String {
    format!("acs:kms:{region}:{account}:secret/{name}")
}

/// The secret name a `SecretName` parameter gives: the text itself, or for a secret ARN of
/// this region and account the part after the first `:secret/` (names may hold `/`,
/// docs/spec/secrets.md §1.4). `None` for another region's or account's ARN.
pub(crate) fn secret_name_of<'a>(text: &'a str, region: &str, account: &str) -> Option<&'a str> {
    if !text.starts_with("acs:") {
        return Some(text);
    }
    let rest = text.strip_prefix("acs:kms:")?;
    let rest = rest.strip_prefix(region)?.strip_prefix(':')?;
    let rest = rest.strip_prefix(account)?;
    let name = rest.strip_prefix(":secret/")?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_arns_split_at_the_first_secret_segment() {
        let arn = secret_arn("cn-hangzhou", "123", "RdsSecret/Mysql5.4/MyCred");
        assert_eq!(
            arn,
            "acs:kms:cn-hangzhou:123:secret/RdsSecret/Mysql5.4/MyCred"
        );
        assert_eq!(
            secret_name_of(&arn, "cn-hangzhou", "123"),
            Some("RdsSecret/Mysql5.4/MyCred")
        );
        assert_eq!(secret_name_of(&arn, "cn-beijing", "123"), None);
        assert_eq!(secret_name_of("plain/name", "r", "a"), Some("plain/name"));
        assert_eq!(secret_name_of("acs:kms:r:a:key/k", "r", "a"), None);
    }

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
