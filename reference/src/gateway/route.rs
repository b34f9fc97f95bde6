//! Routing: a request's `Version` names the product, and the product must serve its `Action`.

use crate::error::{ErrorCode, KmsError};
use crate::gateway::GatewayConfig;
use crate::wire::{Product, printable};

/// The product and action of a request, or the refusal: `MissingParameter` for an absent
/// Version or Action, `InvalidVersion` for a version not served, `InvalidAction.NotFound` for
/// an action its product does not serve (docs/spec/decisions.md D-004).
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
            KmsError::with_message(
                ErrorCode::InvalidVersion,
                format!(
                    "Specified parameter Version is not valid: `{}` names no product served here.",
                    printable(version)
                ),
            )
        })?;
    check_action(product, action)?;
    Ok((product, action.to_owned()))
}

/// `InvalidAction.NotFound` (404) when `product` does not serve `action`.
pub(crate) fn check_action(product: Product, action: &str) -> Result<(), KmsError> {
    if product.serves(action) {
        Ok(())
    } else {
        Err(KmsError::with_message(
            ErrorCode::InvalidActionNotFound,
            format!(
                "Specified api is not found, please check your url and method: {} has no action `{}`.",
                product.name(),
                printable(action)
            ),
        ))
    }
}
