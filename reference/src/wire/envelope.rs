//! Success and error envelopes, in JSON or XML (docs/spec/kms-api.md §1.6, §1.7;
//! docs/spec/decisions.md D-090 to D-094).

use serde_json::{Map, Value, json};

use crate::error::KmsError;
use crate::wire::Product;
use crate::wire::xml::{XML_CONTENT_TYPE, xml_document};

/// The content type of a JSON answer.
pub const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// The format a client asked its answer in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ResponseFormat {
    /// JSON, the default.
    #[default]
    Json,
    /// XML: `Format=XML`, or `Accept: application/xml` (or `text/xml`).
    Xml,
}

impl ResponseFormat {
    /// The format of a request with the common parameter `Format` (`format`) and the `Accept`
    /// header (`accept`): `Format` decides when the request has it, `XML` in any case meaning
    /// XML and every other value JSON; without it, an `Accept` whose first media range is
    /// `application/xml` or `text/xml` means XML; anything else is JSON (D-090).
    pub fn requested(format: Option<&str>, accept: Option<&str>) -> ResponseFormat {
        let xml = match format.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => f.eq_ignore_ascii_case("XML"),
            None => accept
                .and_then(|a| a.split(',').next())
                .map(|range| range.split(';').next().unwrap_or_default().trim())
                .is_some_and(|media| {
                    media.eq_ignore_ascii_case("application/xml")
                        || media.eq_ignore_ascii_case("text/xml")
                }),
        };
        if xml {
            ResponseFormat::Xml
        } else {
            ResponseFormat::Json
        }
    }

    /// The `Content-Type` of an answer in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseFormat::Json => JSON_CONTENT_TYPE,
            ResponseFormat::Xml => XML_CONTENT_TYPE,
        }
    }

    /// `body` in this format; `root` is the XML root element (JSON has none).
    pub fn render(self, root: &str, body: &Value) -> Vec<u8> {
        match self {
            ResponseFormat::Json => body.to_string().into_bytes(),
            ResponseFormat::Xml => xml_document(root, body).into_bytes(),
        }
    }
}

/// The JSON body of a success: the response's fields (`Response::body`,
/// `RamResponse::body`) plus `RequestId`.
pub fn success_body(request_id: &str, mut body: Map<String, Value>) -> Value {
    body.insert("RequestId".into(), json!(request_id));
    Value::Object(body)
}

/// The XML root of a success of `action`: `<EncryptResponse>` (D-091).
pub fn success_root(action: &str) -> String {
    format!("{action}Response")
}

/// The XML root of an error of `product`: `<KMS>` for KMS as the KMS pages show it, `<Error>`
/// for RAM and ActionTrail as the shared gateway's pages do (D-092).
pub fn error_root(product: Product) -> &'static str {
    match product {
        Product::Kms => "KMS",
        Product::Ram | Product::Trail | Product::Sts => "Error",
    }
}

/// The JSON body of an error: for KMS `HttpStatus` first, as KMS's samples show it; then
/// `RequestId`, `HostId`, `Code`, `Message` and `Recommend` (which names the product: `Kms`,
/// `Ram` or `Actiontrail`), and `AccessDeniedDetail` when RAM refused the call (D-093).
pub fn error_body(request_id: &str, host_id: &str, product: Product, error: &KmsError) -> Value {
    let mut fields = Map::new();
    if product == Product::Kms {
        fields.insert("HttpStatus".into(), json!(error.http_status()));
    }
    fields.insert("RequestId".into(), json!(request_id));
    fields.insert("HostId".into(), json!(host_id));
    fields.insert("Code".into(), json!(error.code().as_str()));
    fields.insert("Message".into(), json!(error.message()));
    fields.insert(
        "Recommend".into(),
        json!(format!(
            "https://api.aliyun.com/troubleshoot?q={}&product={}",
            error.code().as_str(),
            product.name()
        )),
    );
    if let Some(denied) = error.access_denied_detail() {
        fields.insert(
            "AccessDeniedDetail".into(),
            json!({
                "AuthAction": denied.auth_action,
                "NoPermissionType": denied.no_permission_type,
                "AuthPrincipalType": "SubUser",
                "AuthPrincipalDisplayName": denied.principal_name,
                "PolicyType": "AccountLevelIdentityBasedPolicy",
            }),
        );
    }
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn the_requested_format() {
        let f = ResponseFormat::requested;
        assert_eq!(f(None, None), ResponseFormat::Json);
        assert_eq!(f(Some("XML"), None), ResponseFormat::Xml);
        assert_eq!(f(Some("xml"), None), ResponseFormat::Xml);
        assert_eq!(
            f(Some("JSON"), Some("application/xml")),
            ResponseFormat::Json
        );
        assert_eq!(f(Some("yaml"), None), ResponseFormat::Json);
        assert_eq!(f(Some(""), Some("application/xml")), ResponseFormat::Xml);
        assert_eq!(f(None, Some("application/xml")), ResponseFormat::Xml);
        assert_eq!(
            f(None, Some("Text/XML; charset=utf-8")),
            ResponseFormat::Xml
        );
        assert_eq!(f(None, Some("application/json")), ResponseFormat::Json);
        assert_eq!(
            f(None, Some("text/html,application/xml;q=0.9")),
            ResponseFormat::Json
        );
        assert_eq!(f(None, Some("*/*")), ResponseFormat::Json);
    }

    #[test]
    fn http_status_only_for_kms() {
        let e = KmsError::new(ErrorCode::IllegalTimestamp);
        let kms = error_body("r", "h", Product::Kms, &e);
        assert_eq!(kms["HttpStatus"], 400);
        assert_eq!(
            kms.as_object()
                .and_then(|o| o.keys().next())
                .map(String::as_str),
            Some("HttpStatus")
        );
        assert!(
            error_body("r", "h", Product::Ram, &e)
                .get("HttpStatus")
                .is_none()
        );
        assert!(
            error_body("r", "h", Product::Trail, &e)
                .get("HttpStatus")
                .is_none()
        );
    }
}
