//! The well-known APIs a token's audience (`aud`) can name, by app ID or by resource URL, and
//! the API an operator says they call (`--for graph|exchange|sharepoint|arm|URL`).
//!
//! The app IDs are the ones in `assets/ids/first-party-apps.tsv` (Microsoft's first-party
//! list); a unit test checks each against [`crate::ids::app_name`].

use serde::Serialize;

/// A Microsoft API a token can be issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    /// Microsoft Graph.
    Graph,
    /// Exchange Online.
    Exchange,
    /// SharePoint Online.
    #[serde(rename = "sharepoint")]
    SharePoint,
    /// Azure Resource Manager.
    Arm,
    /// The retired Azure AD Graph (graph.windows.net).
    AadGraph,
}

struct Resource {
    api: Api,
    name: &'static str,
    /// The API's first-party app ID.
    app_id: &'static str,
    /// Its resource URLs, lower case, no trailing slash.
    urls: &'static [&'static str],
    /// What to ask for instead (in a finding).
    ask_for: &'static str,
}

const RESOURCES: &[Resource] = &[
    Resource {
        api: Api::Graph,
        name: "Microsoft Graph",
        app_id: "00000003-0000-0000-c000-000000000000",
        urls: &["https://graph.microsoft.com"],
        ask_for: "https://graph.microsoft.com/.default",
    },
    Resource {
        api: Api::Exchange,
        name: "Exchange Online",
        app_id: "00000002-0000-0ff1-ce00-000000000000",
        urls: &[
            "https://outlook.office365.com",
            "https://outlook.office.com",
        ],
        ask_for: "https://outlook.office365.com/.default",
    },
    Resource {
        api: Api::SharePoint,
        name: "SharePoint Online",
        app_id: "00000003-0000-0ff1-ce00-000000000000",
        urls: &[],
        ask_for: "https://<tenant>.sharepoint.com/.default",
    },
    Resource {
        api: Api::Arm,
        name: "Azure Resource Manager",
        app_id: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
        urls: &[
            "https://management.azure.com",
            "https://management.core.windows.net",
        ],
        ask_for: "https://management.azure.com/.default",
    },
    Resource {
        api: Api::AadGraph,
        name: "Azure AD Graph (retired)",
        app_id: "00000002-0000-0000-c000-000000000000",
        urls: &["https://graph.windows.net"],
        ask_for: "https://graph.windows.net/.default",
    },
];

fn resource(api: Api) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.api == api)
}

impl Api {
    /// "Microsoft Graph".
    pub fn name(self) -> &'static str {
        resource(self).map_or("", |r| r.name)
    }

    /// The API's first-party app ID.
    pub fn app_id(self) -> &'static str {
        resource(self).map_or("", |r| r.app_id)
    }

    /// The scope to request a token for it with.
    pub fn ask_for(self) -> &'static str {
        resource(self).map_or("", |r| r.ask_for)
    }

    /// Every well-known API.
    pub fn all() -> impl Iterator<Item = Api> {
        RESOURCES.iter().map(|r| r.api)
    }
}

/// Lower case, without a trailing slash.
fn normal(text: &str) -> String {
    text.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// The host of an `https://host[:port]/path` URL, lower case.
fn host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The well-known API an audience value names: an app ID (SharePoint's may carry
/// `/host@tenant`) or a resource URL.
pub fn api_of_audience(aud: &str) -> Option<Api> {
    let aud = normal(aud);
    for r in RESOURCES {
        if aud == r.app_id
            || aud
                .strip_prefix(r.app_id)
                .is_some_and(|rest| rest.starts_with('/'))
        {
            return Some(r.api);
        }
    }
    api_of_url(&aud)
}

/// The well-known API a URL belongs to (any path on its host).
fn api_of_url(url: &str) -> Option<Api> {
    if !url.starts_with("https://") {
        return None;
    }
    let name = host(url)?;
    if name.ends_with(".sharepoint.com") {
        return Some(Api::SharePoint);
    }
    RESOURCES
        .iter()
        .find(|r| {
            r.urls
                .iter()
                .any(|u| host(u).as_deref() == Some(name.as_str()))
        })
        .map(|r| r.api)
}

/// The API named by `--for`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForApi {
    /// A well-known API, by name or by a URL on its host.
    Known(Api),
    /// Any other API, by its resource URL or app ID URI (`api://...`), normalized.
    Other(String),
}

impl ForApi {
    /// `graph`, `exchange`, `sharepoint`, `arm`, or a URL / app ID URI; `None` otherwise.
    pub fn parse(text: &str) -> Option<ForApi> {
        let t = normal(text);
        let known = match t.as_str() {
            "graph" | "msgraph" => Some(Api::Graph),
            "exchange" | "exo" => Some(Api::Exchange),
            "sharepoint" | "spo" => Some(Api::SharePoint),
            "arm" | "azure" => Some(Api::Arm),
            _ => None,
        };
        if let Some(api) = known {
            return Some(ForApi::Known(api));
        }
        if let Some(api) = api_of_audience(&t) {
            return Some(ForApi::Known(api));
        }
        if t.contains("://") && !t.contains(char::is_whitespace) {
            return Some(ForApi::Other(t));
        }
        None
    }

    /// "Microsoft Graph", or the URL.
    pub fn describe(&self) -> String {
        match self {
            ForApi::Known(api) => api.name().to_owned(),
            ForApi::Other(url) => url.clone(),
        }
    }

    /// Whether a token with this audience is for this API.
    pub fn accepts(&self, aud: &str) -> bool {
        match self {
            ForApi::Known(api) => api_of_audience(aud) == Some(*api),
            ForApi::Other(url) => {
                let aud = normal(aud);
                aud == *url
                    || url
                        .strip_prefix(&aud)
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }

    /// The scope to ask for.
    pub fn ask_for(&self) -> String {
        match self {
            ForApi::Known(api) => api.ask_for().to_owned(),
            ForApi::Other(url) => format!("{url}/.default"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_ids_are_microsofts() {
        for api in Api::all() {
            assert!(
                crate::ids::app_name(api.app_id()).is_some(),
                "{api:?}: {} is not in the first-party table",
                api.app_id()
            );
        }
        assert_eq!(
            crate::ids::app_name(Api::Exchange.app_id()),
            Some("Office 365 Exchange Online")
        );
        assert_eq!(
            crate::ids::app_name(Api::Arm.app_id()),
            Some("Windows Azure Service Management API")
        );
        assert_eq!(
            crate::ids::app_name(Api::AadGraph.app_id()),
            Some("Windows Azure Active Directory")
        );
    }

    #[test]
    fn audiences_by_id_and_url() {
        let cases = [
            ("00000003-0000-0000-c000-000000000000", Some(Api::Graph)),
            ("https://graph.microsoft.com/", Some(Api::Graph)),
            ("https://graph.microsoft.com", Some(Api::Graph)),
            ("https://outlook.office365.com", Some(Api::Exchange)),
            ("00000002-0000-0ff1-ce00-000000000000", Some(Api::Exchange)),
            ("https://contoso.sharepoint.com", Some(Api::SharePoint)),
            (
                "https://contoso-admin.sharepoint.com/",
                Some(Api::SharePoint),
            ),
            (
                "00000003-0000-0ff1-ce00-000000000000/contoso.sharepoint.com@11111111-2222-3333-4444-555555555555",
                Some(Api::SharePoint),
            ),
            ("https://management.azure.com/", Some(Api::Arm)),
            ("https://management.core.windows.net/", Some(Api::Arm)),
            ("https://graph.windows.net", Some(Api::AadGraph)),
            ("00000002-0000-0000-c000-000000000000", Some(Api::AadGraph)),
            ("api://contoso-api", None),
            ("https://evil.sharepoint.com.example.net", None),
            ("http://graph.microsoft.com", None),
            ("00000003-0000-0000-c000-0000000000001", None),
        ];
        for (aud, want) in cases {
            assert_eq!(api_of_audience(aud), want, "{aud}");
        }
    }

    #[test]
    fn for_api_by_name_or_url() {
        assert_eq!(ForApi::parse("graph"), Some(ForApi::Known(Api::Graph)));
        assert_eq!(
            ForApi::parse("Exchange"),
            Some(ForApi::Known(Api::Exchange))
        );
        assert_eq!(
            ForApi::parse("https://graph.microsoft.com/v1.0/me"),
            Some(ForApi::Known(Api::Graph))
        );
        assert_eq!(ForApi::parse("arm"), Some(ForApi::Known(Api::Arm)));
        assert_eq!(
            ForApi::parse("sharepoint"),
            Some(ForApi::Known(Api::SharePoint))
        );
        assert_eq!(ForApi::parse("nonsense"), None);
        let own = ForApi::parse("https://api.contoso.com/").unwrap();
        assert_eq!(own, ForApi::Other("https://api.contoso.com".into()));
        assert!(own.accepts("https://api.contoso.com/"));
        assert!(!own.accepts("https://graph.microsoft.com"));
        let path = ForApi::parse("https://api.contoso.com/orders/1").unwrap();
        assert!(path.accepts("https://api.contoso.com"));
        assert!(ForApi::Known(Api::Graph).accepts("https://graph.microsoft.com/"));
        assert!(!ForApi::Known(Api::Graph).accepts("https://graph.windows.net"));
        assert_eq!(
            ForApi::Known(Api::Arm).ask_for(),
            "https://management.azure.com/.default"
        );
        assert_eq!(own.ask_for(), "https://api.contoso.com/.default");
        assert_eq!(own.describe(), "https://api.contoso.com");
    }
}
