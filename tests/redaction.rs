//! Redaction before anything is written to disk or exported: a table of realistic secrets in
//! realistic context (each must vanish while its key name stays), a table of look-alikes that
//! operators need (each must be kept byte-for-byte), and idempotence over both.

use tshoot::redact::{MARKER, contains_secret, redact};

/// A fake but well-formed access token (header `{"typ":"JWT","alg":"RS256","kid":...}`).
const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Im5PbzNaRHJPRFhFSzFqS1doWHNsSFJfS1hFZyJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC83MmY5ODhiZi04NmYxLTQxYWYtOTFhYi0yZDdjZDAxMWRiNDcvIiwib2lkIjoiMWM0YjJhOWUtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxIiwidXBuIjoiYWRtaW5AY29udG9zby5jb20ifQ.a-602PmWzGdQQ8e9hrOwKAdjBfahPyxnvV3iAuL7w2sL2KXcNMXbkjfAe6pCG3vI_nYSTdViHipfak4i3tvIjg";

/// A second fake token (an id token), so two tokens in one text are told apart.
const ID_JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiIxYzRiMmE5ZS0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDEiLCJuYW1lIjoiQWRtaW4ifQ.fQkx1yHez881qN14gZsECxras-sMslo3plvafwJ6EpjmWeG8k6oXiTaKhPxQS_hFmoWOdwT9rGWuHV5Cbl4e0xEURueFglTqlrXifuM86FcFCQ";

/// An opaque (MSA-style) access token.
const OPAQUE: &str =
    "EwBwA8l6BAAUs5+HQn0N+h2FxWzLS31ZgQVuHsYAAWEFhhOiW/S8yh0INSjhz5Bw61lRpFPofny8MSZCGzP+723517DSD";

/// An Entra ID refresh token shape: `0.` then base64url with dots and dashes.
const REFRESH: &str = "0.AXoAv4j5cvGGr0GRqy180BHbR1xKHB6eAABAgAAAAAAAAAAAAAC7AIA.AgABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs_wUA9P_Yk2lfT7ZzOmOBmDsJlHf0R8I3p9wLbA6";

/// Entra ID client secret values (`xxxNQ~` + 34 characters).
const ENTRA_1: &str = "Abc8Q~Kf3.bT9xLmQ2vR_pW8nZ4sH6jY1uC0aE~dGi";
const ENTRA_2: &str = "Xy78Q~mN2.pQ4rS6tU8vW0xY2zA4bC6dE8fG_hI1jK";
const ENTRA_3: &str = "Qz18Q~aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4";

/// An Azure Storage account key.
const STORAGE_KEY: &str =
    "+1lF3BbaifRkT2p5BIqCKh63LWle0RAg5UUYNre87QJHiYWyVyDtjSP6CmJlA5SMIauRPiRKCle7ey2kiyYQqQ==";

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "1c4b2a9e-3d5f-4e6a-8b7c-9d0e1f2a3b4c";
const CORRELATION: &str = "9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b";

/// Text holding secrets: every `secrets` entry must be gone, every `keep` entry must remain.
struct Secret {
    name: &'static str,
    input: String,
    secrets: Vec<&'static str>,
    keep: Vec<&'static str>,
}

fn secret(
    name: &'static str,
    input: impl Into<String>,
    secrets: &[&'static str],
    keep: &[&'static str],
) -> Secret {
    Secret {
        name,
        input: input.into(),
        secrets: secrets.to_vec(),
        keep: keep.to_vec(),
    }
}

fn secrets() -> Vec<Secret> {
    vec![
        secret(
            "JWT in an Authorization header of a raw request",
            format!(
                "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer {JWT}\r\nclient-request-id: {CORRELATION}\r\n"
            ),
            &[JWT, "eyJ0eXAi"],
            &[
                "Authorization: Bearer ",
                "Host: graph.microsoft.com",
                "client-request-id: 9f8e7d6c",
            ],
        ),
        secret(
            "opaque bearer token in a curl command",
            format!(
                "curl -s -H \"Authorization: Bearer {OPAQUE}\" https://graph.microsoft.com/v1.0/me"
            ),
            &[OPAQUE, "EwBwA8l6"],
            &[
                "Authorization: Bearer ",
                "https://graph.microsoft.com/v1.0/me",
            ],
        ),
        secret(
            "basic auth header",
            "Authorization: Basic dXNlcjpwYXNz",
            &["dXNlcjpwYXNz"],
            &["Authorization: Basic "],
        ),
        secret(
            "proxy basic auth header",
            "Proxy-Authorization: Basic YWRtaW46UzNjcmV0IQ==\nVia: 1.1 proxy.contoso.com",
            &["YWRtaW46UzNjcmV0IQ=="],
            &["Proxy-Authorization: Basic ", "Via: 1.1 proxy.contoso.com"],
        ),
        secret(
            "storage SharedKey authorization",
            "Authorization: SharedKey contosostore:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=",
            &["ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08="],
            &["Authorization: SharedKey "],
        ),
        secret(
            "client secret in a token request form body",
            format!(
                "POST /{TENANT}/oauth2/v2.0/token\nclient_id={CLIENT}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret={ENTRA_1}&grant_type=client_credentials"
            ),
            &[ENTRA_1],
            &[
                "client_secret=",
                "grant_type=client_credentials",
                "client_id=1c4b2a9e-3d5f-4e6a-8b7c-9d0e1f2a3b4c",
                "/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
            ],
        ),
        secret(
            "client secret in JSON app settings",
            format!(
                r#"{{"clientId": "{CLIENT}", "clientSecret": "s3cr3t-V4lue!2024", "tenantId": "{TENANT}"}}"#
            ),
            &["s3cr3t-V4lue!2024"],
            &[
                r#""clientSecret": ""#,
                r#""tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47""#,
            ],
        ),
        secret(
            "Entra secretText returned by addPassword",
            format!(
                r#"{{"customKeyIdentifier":null,"displayName":"CIPP","endDateTime":"2026-05-14T09:21:33Z","hint":"Xy7","keyId":"{CORRELATION}","secretText":"{ENTRA_2}"}}"#
            ),
            &[ENTRA_2],
            &[
                r#""secretText":""#,
                r#""hint":"Xy7""#,
                r#""endDateTime":"2026-05-14T09:21:33Z""#,
                r#""keyId":"9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b""#,
            ],
        ),
        secret(
            "Entra client secret value pasted into prose",
            format!("Copied the new value {ENTRA_3} into the CIPP setup wizard"),
            &[ENTRA_3],
            &["Copied the new value ", " into the CIPP setup wizard"],
        ),
        secret(
            "SAS URL",
            "https://contosostore.blob.core.windows.net/backups/tenant.json?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-06-01T00:00:00Z&spr=https&sig=3sD0mF%2BqWm8tXh7r%2FJt9yK2bQ1pZ6vN4cL8eR5aT0uE%3D",
            &[
                "3sD0mF%2BqWm8tXh7r%2FJt9yK2bQ1pZ6vN4cL8eR5aT0uE%3D",
                "3sD0mF",
            ],
            &[
                "sig=",
                "se=2025-06-01T00:00:00Z",
                "https://contosostore.blob.core.windows.net/backups/tenant.json?sv=2022-11-02&ss=b",
            ],
        ),
        secret(
            "token endpoint JSON response",
            format!(
                r#"{{"token_type":"Bearer","scope":"https://graph.microsoft.com/.default","expires_in":3599,"ext_expires_in":3599,"access_token":"{JWT}","refresh_token":"{REFRESH}","id_token":"{ID_JWT}"}}"#
            ),
            &[JWT, REFRESH, ID_JWT, "AXoAv4j5"],
            &[
                r#""token_type":"Bearer""#,
                r#""expires_in":3599"#,
                r#""access_token":""#,
                r#""refresh_token":""#,
                r#""id_token":""#,
            ],
        ),
        secret(
            "refresh token in JSON escaped inside a log string",
            format!(r#"response body: "{{\"refresh_token\":\"{REFRESH}\",\"foci\":\"1\"}}""#),
            &[REFRESH],
            &[r#"\"refresh_token\":\""#, r#"\"foci\":\"1\""#],
        ),
        secret(
            "PowerShell ConvertTo-SecureString password",
            "$password = ConvertTo-SecureString 'P@ssw0rd!2024' -AsPlainText -Force",
            &["P@ssw0rd!2024"],
            &[
                "$password = ConvertTo-SecureString '",
                "' -AsPlainText -Force",
            ],
        ),
        secret(
            "PowerShell -Password and -RefreshToken parameters",
            format!(
                "New-PartnerAccessToken -ApplicationId {CLIENT} -RefreshToken '{REFRESH}' -Scopes 'https://api.partnercenter.microsoft.com/user_impersonation'\nNew-LocalUser -Name svc-cipp -Password \"Summer2024!Pass\" -PasswordNeverExpires"
            ),
            &[REFRESH, "Summer2024!Pass"],
            &[
                "-RefreshToken '",
                "-Password \"",
                "-PasswordNeverExpires",
                "-Scopes 'https://api.partnercenter.microsoft.com/user_impersonation'",
            ],
        ),
        secret(
            "PowerShell -ClientSecret and -ApplicationSecret",
            format!(
                ".\\Update-CIPP.ps1 -TenantId contoso.onmicrosoft.com -ApplicationSecret {ENTRA_3} -ClientSecret 'plain-Client-S3cret'"
            ),
            &[ENTRA_3, "plain-Client-S3cret"],
            &[
                "-ApplicationSecret ",
                "-ClientSecret '",
                "-TenantId contoso.onmicrosoft.com",
            ],
        ),
        secret(
            "az CLI --password",
            format!(
                "az login --service-principal --username {CLIENT} --password 'mYpA55w0rd-9x' --tenant contoso.onmicrosoft.com"
            ),
            &["mYpA55w0rd-9x"],
            &[
                "--password '",
                "--tenant contoso.onmicrosoft.com",
                "--username 1c4b2a9e",
            ],
        ),
        secret(
            "storage account connection string",
            format!(
                "DefaultEndpointsProtocol=https;AccountName=contosostore;AccountKey={STORAGE_KEY};EndpointSuffix=core.windows.net"
            ),
            &[STORAGE_KEY, "+1lF3Bbai"],
            &[
                "AccountKey=",
                "AccountName=contosostore;",
                ";EndpointSuffix=core.windows.net",
            ],
        ),
        secret(
            "Service Bus connection string",
            "Endpoint=sb://contoso-alerts.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=INSjhz5Bw61lRpFPofny8MSZCGzP+723517DSD++qnJ=",
            &["INSjhz5Bw61lRpFPofny8MSZCGzP+723517DSD++qnJ="],
            &[
                "SharedAccessKey=",
                "SharedAccessKeyName=RootManageSharedAccessKey;",
                "Endpoint=sb://contoso-alerts.servicebus.windows.net/;",
            ],
        ),
        secret(
            "SQL and ODBC connection strings",
            "Server=tcp:cipp.database.windows.net,1433;User ID=sqladmin;Password=Sup3r$ecret!;Encrypt=True;\nDriver={ODBC Driver 18 for SQL Server};Server=db01;Uid=sa;Pwd=Odbc!Pa55;",
            &["Sup3r$ecret!", "Odbc!Pa55"],
            &[
                "Password=",
                "Pwd=",
                "User ID=sqladmin;",
                ";Encrypt=True;",
                "Uid=sa;",
            ],
        ),
        secret(
            "authorization code in a redirect URL",
            format!(
                "https://localhost:44321/signin-oidc?code={REFRESH}&state=12345&session_state={CORRELATION}"
            ),
            &[REFRESH],
            &[
                "?code=",
                "&state=12345&session_state=9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b",
                "https://localhost:44321/signin-oidc",
            ],
        ),
        secret(
            "implicit flow fragment",
            format!(
                "https://app.contoso.com/#access_token={JWT}&token_type=Bearer&expires_in=3599&id_token={ID_JWT}"
            ),
            &[JWT, ID_JWT],
            &[
                "#access_token=",
                "&token_type=Bearer&expires_in=3599&id_token=",
            ],
        ),
        secret(
            "client assertion in a token request",
            format!(
                "client_id={CLIENT}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={JWT}&grant_type=client_credentials"
            ),
            &[JWT],
            &[
                "client_assertion=",
                "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer",
                "&grant_type=client_credentials",
            ],
        ),
        secret(
            "PKCE code verifier",
            "grant_type=authorization_code&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&redirect_uri=http%3A%2F%2Flocalhost",
            &["dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"],
            &[
                "code_verifier=",
                "grant_type=authorization_code&",
                "&redirect_uri=http%3A%2F%2Flocalhost",
            ],
        ),
        secret(
            "API key headers",
            "x-api-key: 7c1e4f9a2b3d4e5f8a9b0c1d2e3f4a5b\nOcp-Apim-Subscription-Key: d13406449a48d93718e41a614aa50d3b",
            &[
                "7c1e4f9a2b3d4e5f8a9b0c1d2e3f4a5b",
                "d13406449a48d93718e41a614aa50d3b",
            ],
            &["x-api-key: ", "Ocp-Apim-Subscription-Key: "],
        ),
        secret(
            "apikey and secret in a query string",
            "GET https://api.contoso.com/v1/alerts?apikey=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&tenant=contoso&secret=wh-5ecret-789 HTTP/1.1",
            &["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "wh-5ecret-789"],
            &["?apikey=", "&secret=", "&tenant=contoso&", " HTTP/1.1"],
        ),
        secret(
            "environment variables",
            format!(
                "export AZURE_CLIENT_ID={CLIENT}\nexport AZURE_CLIENT_SECRET=\"{ENTRA_1}\"\n$env:ARM_CLIENT_SECRET = 'arm-Env-S3cret'"
            ),
            &[ENTRA_1, "arm-Env-S3cret"],
            &[
                "AZURE_CLIENT_SECRET=\"",
                "$env:ARM_CLIENT_SECRET = '",
                "export AZURE_CLIENT_ID=1c4b2a9e-3d5f-4e6a-8b7c-9d0e1f2a3b4c",
            ],
        ),
        secret(
            "YAML config",
            "azure:\n  tenant_id: contoso.onmicrosoft.com\n  client_secret: \"mY-yAmL-s3cret\"\n  password: plainYamlPass1\n",
            &["mY-yAmL-s3cret", "plainYamlPass1"],
            &[
                "client_secret: \"",
                "password: ",
                "tenant_id: contoso.onmicrosoft.com",
            ],
        ),
        secret(
            "web.config appSettings and XML elements",
            "<add key=\"ida:ClientSecret\" value=\"legacy+Secret/Value=\" />\n<AutoLogon><Password><Value>Unattend!Pw1</Value></Password></AutoLogon>\n<ClientSecret>xml-Element-S3cret</ClientSecret>",
            &["legacy+Secret/Value=", "Unattend!Pw1", "xml-Element-S3cret"],
            &[
                "key=\"ida:ClientSecret\" value=\"",
                "<ClientSecret>",
                "</ClientSecret>",
                "<Password>",
            ],
        ),
        secret(
            "Azure app settings as name/value JSON",
            r#"[{"name": "CLIENT_SECRET", "value": "appsetting-S3cret", "slotSetting": false}]"#,
            &["appsetting-S3cret"],
            &[r#""name": "CLIENT_SECRET""#, r#""slotSetting": false"#],
        ),
        secret(
            "session cookies",
            format!(
                "Cookie: ESTSAUTH={REFRESH}; ESTSAUTHPERSISTENT=0.ARsAmy; x-ms-gateway-slice=estsfd\nSet-Cookie: buid=1.AXoAv4j5c_secret; path=/; secure; HttpOnly"
            ),
            &[REFRESH, "0.ARsAmy", "1.AXoAv4j5c_secret"],
            &["Cookie: ", "Set-Cookie: "],
        ),
        secret(
            "password in a proxy URL",
            "HTTPS_PROXY=http://svc-proxy:Pr0xyP%40ss@proxy.contoso.com:8080",
            &["Pr0xyP%40ss"],
            &["HTTPS_PROXY=http://svc-proxy:", "@proxy.contoso.com:8080"],
        ),
        secret(
            "bare JWT in a log line",
            format!("[MSAL] token acquired: {JWT} (expires 2024-05-14T10:21:33Z)"),
            &[JWT],
            &["[MSAL] token acquired: ", " (expires 2024-05-14T10:21:33Z)"],
        ),
        secret(
            "bearer token in a log line without a header name",
            format!("[MSAL] Sending request with Bearer {OPAQUE} to graph.microsoft.com"),
            &[OPAQUE],
            &["Sending request with Bearer ", " to graph.microsoft.com"],
        ),
        secret(
            "storage key pasted after a label",
            format!("Primary key (key1)\t{STORAGE_KEY}\nRotated 2024-05-14"),
            &[STORAGE_KEY],
            &["Primary key (key1)\t", "Rotated 2024-05-14"],
        ),
        secret(
            "hex signing secret",
            "Webhook signing secret efe26d7284630d1dc965d658053a6e5188d5ebaeef3131f2e1a04e5dca6fc19f",
            &["efe26d7284630d1dc965d658053a6e5188d5ebaeef3131f2e1a04e5dca6fc19f"],
            &["Webhook signing secret "],
        ),
        secret(
            "Python dict and Graph passwordProfile",
            r#"{'username': 'admin@contoso.com', 'password': 'py-S3cret'}
"passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "Welcome2024!xyz"}"#,
            &["py-S3cret", "Welcome2024!xyz"],
            &[
                "'password': '",
                "'username': 'admin@contoso.com'",
                r#""passwordProfile": {"forceChangePasswordNextSignIn": true, "password": ""#,
            ],
        ),
        secret(
            "device code polling request",
            format!(
                "grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id={CLIENT}&device_code=GAQABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs_wUA9P_Yk2lfT7"
            ),
            &["GAQABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs_wUA9P_Yk2lfT7"],
            &[
                "&device_code=",
                "grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=",
            ],
        ),
        secret(
            "CIPP setup log with an application secret",
            format!("2024-05-14T09:21:33Z INFO ApplicationSecret: {ENTRA_2} TenantID: {TENANT}"),
            &[ENTRA_2],
            &[
                "ApplicationSecret: ",
                "TenantID: 72f988bf-86f1-41af-91ab-2d7cd011db47",
                "2024-05-14T09:21:33Z INFO ",
            ],
        ),
    ]
}

/// Look-alikes operators need: each must come back byte-for-byte.
fn keeps() -> Vec<(&'static str, String)> {
    vec![
        (
            "AADSTS50020 message",
            "AADSTS50020: User account 'admin@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '00000003-0000-0000-c000-000000000000'(Microsoft Graph) in that tenant.".to_owned(),
        ),
        (
            "Entra sign-in error footer",
            format!("Request Id: {CORRELATION}\nCorrelation Id: {CORRELATION}\nTimestamp: 2024-05-14T09:21:33Z\nMessage: AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication.\nTrace ID: 0b3c5e1a-2f4d-4c8e-9a7b-6d5e4f3c2b1a"),
        ),
        (
            "invalid_grant JSON",
            format!(r#"{{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Trace ID: {CORRELATION} Correlation ID: {CORRELATION} Timestamp: 2024-05-14 09:21:33Z","error_codes":[70008],"timestamp":"2024-05-14 09:21:33Z","trace_id":"{CORRELATION}","correlation_id":"{CORRELATION}","error_uri":"https://login.microsoftonline.com/error?code=70008"}}"#),
        ),
        (
            "redirect URL with error and error_description",
            "https://app.contoso.com/callback?error=access_denied&error_description=AADSTS65004%3a+User+declined+to+consent+to+access+the+app.&state=12345".to_owned(),
        ),
        (
            "HTTP status line and response headers",
            format!("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nx-ms-request-id: {CORRELATION}\r\nx-ms-ests-server: 2.1.17846.6 - WUS3 ProdSlices\r\nDate: Tue, 14 May 2024 09:21:33 GMT\r\n"),
        ),
        (
            "AADSTS7000215 invalid client secret sentence",
            format!("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{CLIENT}'."),
        ),
        (
            "WWW-Authenticate challenge",
            r#"WWW-Authenticate: Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="invalid_token""#.to_owned(),
        ),
        (
            "Graph error JSON with a code",
            format!(r#"{{"error":{{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{{"date":"2024-05-14T09:21:33","request-id":"{CORRELATION}","client-request-id":"{CORRELATION}"}}}}}}"#),
        ),
        (
            "token request without secrets",
            format!("grant_type=authorization_code&client_id={CLIENT}&redirect_uri=https%3A%2F%2Flocalhost%3A44321%2Fsignin-oidc&scope=openid+profile+offline_access&response_mode=form_post"),
        ),
        (
            "error codes in several spellings",
            "error_codes: [50020]\nError Code: 50076\nerror code=50053\nerror=invalid_grant error=invalid_client error=interaction_required".to_owned(),
        ),
        (
            "Azure resource id",
            format!("/subscriptions/{TENANT}/resourceGroups/rg-cipp-prod-weu-001/providers/Microsoft.Web/sites/cipp-api-2024"),
        ),
        (
            "certificate thumbprint",
            format!("Connect-MgGraph -TenantId {TENANT} -ClientId {CLIENT} -CertificateThumbprint 3F2504E04F8911D39A0C0305E82C3301ABCDEF12"),
        ),
        (
            "token metadata without the token",
            "token_type=Bearer&expires_in=3599&ext_expires_in=3599".to_owned(),
        ),
        (
            "password errors in prose",
            "AADSTS50126: Error validating credentials due to invalid username or password.\nAADSTS50055: The password is expired.\nThe user's password must be reset by an administrator.".to_owned(),
        ),
        (
            "PowerShell without secrets",
            "Get-MgUser -UserId admin@contoso.com -Property Id,DisplayName,PasswordPolicies | Format-List\n$cred = Get-Credential\nConnect-ExchangeOnline -UserPrincipalName admin@contoso.onmicrosoft.com -ShowBanner:$false".to_owned(),
        ),
        (
            "sign-in log row",
            format!("2024-05-14T09:21:33.1234567Z\tFailure\t50053\tAccount is locked because the user tried to sign in too many times.\t{CORRELATION}\tadmin@contoso.com"),
        ),
        (
            "CIPP and MCAS messages",
            "Request not applicable to target tenant.\nCould not connect the app: Microsoft Defender for Cloud Apps returned 403 Forbidden.\nMSAL.NetCore.4.60.3.0.MsalClientException: ErrorCode: multiple_matching_tokens_detected".to_owned(),
        ),
        (
            "Graph query URL",
            "GET https://graph.microsoft.com/v1.0/users?$filter=userType eq 'Guest'&$select=id,displayName,mail,externalUserState&$top=100".to_owned(),
        ),
    ]
}

#[test]
fn secrets_are_redacted_and_keys_kept() {
    let mut failures = Vec::new();
    for case in secrets() {
        let out = redact(&case.input);
        for s in &case.secrets {
            if out.contains(s) {
                failures.push(format!("{}: secret {s:?} survived in\n  {out}", case.name));
            }
        }
        for k in &case.keep {
            if !out.contains(k) {
                failures.push(format!("{}: {k:?} is missing from\n  {out}", case.name));
            }
        }
        if !out.contains(MARKER) {
            failures.push(format!("{}: no {MARKER} in\n  {out}", case.name));
        }
        if !contains_secret(&case.input) {
            failures.push(format!("{}: contains_secret is false", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn look_alikes_are_kept_byte_for_byte() {
    let mut failures = Vec::new();
    for (name, input) in keeps() {
        let out = redact(&input);
        if out != input {
            failures.push(format!("{name}:\n  in:  {input}\n  out: {out}"));
        }
        if contains_secret(&input) {
            failures.push(format!("{name}: contains_secret is true"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn redaction_is_idempotent() {
    let inputs = secrets()
        .into_iter()
        .map(|c| c.input)
        .chain(keeps().into_iter().map(|(_, input)| input));
    let all: Vec<String> = inputs.collect();
    // Each text alone, and all of them glued together (secrets next to look-alikes).
    for input in all.iter().chain(std::iter::once(&all.join("\n"))) {
        let once = redact(input);
        let twice = redact(&once);
        assert_eq!(twice, once, "redact is not idempotent on:\n{input}");
    }
}

#[test]
fn tables_are_big_enough() {
    assert!(secrets().len() >= 25);
    assert!(keeps().len() >= 12);
}

#[test]
fn the_expected_shape() {
    assert_eq!(
        redact("client_secret=abc123&grant_type=client_credentials"),
        "client_secret=[REDACTED]&grant_type=client_credentials"
    );
    assert_eq!(
        redact(r#"{"client_secret": "abc123", "scope": "x"}"#),
        r#"{"client_secret": "[REDACTED]", "scope": "x"}"#
    );
    assert_eq!(
        redact(&format!("Authorization: Bearer {JWT}")),
        "Authorization: Bearer [REDACTED]"
    );
    assert_eq!(
        redact("Connect-Thing -ClientSecret 'xyz987abc' -Verbose"),
        "Connect-Thing -ClientSecret '[REDACTED]' -Verbose"
    );
    assert_eq!(redact(""), "");
}
