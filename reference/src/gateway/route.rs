//! Routing: a request's `Version` names the product, and the product must serve its `Action`.

use crate::error::KmsError;
use crate::gateway::GatewayConfig;
use crate::wire::Product;

/// The product and action of a request, or the refusal: `MissingParameter` for an absent
/// Version or Action, `InvalidParameter` for a version or action not served.
pub(crate) fn route(
    config: &GatewayConfig,
    action: Option<&str>,
    version: Option<&str>,
) -> Result<(Product, String), KmsError> {
    let version = version
        .filter(|v| !v.is_empty())
        .ok_or_else(|| KmsError::missing_parameter("Version"))?;
    let action = action
        .filter(|a| !a.is_empty())
        .ok_or_else(|| KmsError::missing_parameter("Action"))?;
    let product = Product::from_version(version)
        .filter(|p| config.serves(*p))
        .ok_or_else(|| {
            KmsError::invalid_parameter("Version", "the specified version is not supported")
        })?;
    check_action(product, action)?;
    Ok((product, action.to_owned()))
}

/// `InvalidParameter` naming Action when `product` does not serve `action`.
pub(crate) fn check_action(product: Product, action: &str) -> Result<(), KmsError> {
    if product.serves(action) {
        Ok(())
    } else {
        Err(KmsError::invalid_parameter(
            "Action",
            "the specified action is not supported",
        ))
    }
}
