//! A CalDAV client (RFC 4791) for Docket's sync: discovery (RFC 6764's
//! well-known URL, the principal and its calendar home), sync-collection
//! (RFC 6578), calendar-multiget, and conditional PUT and DELETE. HTTP is
//! `ureq` with the system's TLS, the XML is read with `quick-xml`; this file
//! only builds the requests and reads the multistatus answers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use quick_xml::events::Event;
use url::Url;

/// How long one request may take before the server is taken to be gone.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How many resources one calendar-multiget asks for.
pub const MULTIGET_BATCH: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum CalDavError {
    #[error("“{0}” is not a server address (for example https://cal.example.com/).")]
    BadUrl(String),
    #[error("The server at {url} cannot be reached ({reason}).")]
    Unreachable { url: String, reason: String },
    #[error("The server at {url} refused the user name or password of “{user}”.")]
    Unauthorized { url: String, user: String },
    #[error("The server answered {method} {url} with {status} {text}.")]
    Status {
        method: &'static str,
        url: String,
        status: u16,
        text: String,
    },
    #[error("The server's answer to {method} {url} could not be read: {reason}.")]
    BadResponse {
        method: &'static str,
        url: String,
        reason: String,
    },
    #[error("No CalDAV calendars were found at {0}: it names no calendar home for this user.")]
    NoCalendarHome(String),
    #[error("The sync token the server gave before is no longer valid.")]
    TokenExpired,
}

/// A calendar collection found on the server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarInfo {
    pub url: String,
    pub name: String,
    /// Which components it takes: "VEVENT", "VTODO"; empty when it does not say.
    pub components: Vec<String>,
}

/// What changed in a collection since a sync token.
#[derive(Debug, Default)]
pub struct Delta {
    /// Changed or new resources: absolute URL and ETag.
    pub changed: Vec<(String, Option<String>)>,
    /// Resources gone since the token.
    pub removed: Vec<String>,
    pub token: Option<String>,
}

/// A resource's body as the server holds it.
#[derive(Debug, Clone)]
pub struct Resource {
    pub url: String,
    pub etag: Option<String>,
    pub data: String,
}

/// How a conditional write ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// Stored; the new ETag when the server gave one.
    Stored(Option<String>),
    /// The server's copy is not the one the condition named.
    Changed,
}

pub enum Condition<'a> {
    /// Only over this version.
    IfMatch(&'a str),
    /// Only where nothing is yet.
    IfNoneMatch,
}

pub struct Client {
    agent: ureq::Agent,
    base: Url,
    user: String,
    authorization: String,
}

/// One `<response>` of a multistatus: its URL, its status when given for
/// the whole response, and its found properties.
#[derive(Debug, Default)]
struct Response {
    href: String,
    status: Option<u16>,
    props: HashMap<String, Node>,
}

/// An XML element, by local name: enough of the tree to read properties.
#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn parse_xml(text: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    let element = |e: &quick_xml::events::BytesStart| -> Result<Node, String> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
            attrs.push((key, value));
        }
        Ok(Node {
            name,
            attrs,
            ..Node::default()
        })
    };
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let node = element(&e)?;
                stack
                    .last_mut()
                    .ok_or("unbalanced XML")?
                    .children
                    .push(node);
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("unbalanced XML")?;
                stack
                    .last_mut()
                    .ok_or("unbalanced XML")?
                    .children
                    .push(node);
            }
            Event::Text(t) => {
                let raw = t.decode().map_err(|e| e.to_string())?;
                let text = quick_xml::escape::unescape(&raw).map_err(|e| e.to_string())?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .map_err(|e| e.to_string())?
                    .into_owned();
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("the XML ends before its elements are closed".to_owned());
    }
    stack
        .pop()
        .and_then(|root| root.children.into_iter().next())
        .ok_or_else(|| "the answer holds no XML".to_owned())
}

/// "HTTP/1.1 404 Not Found" → 404.
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

fn multistatus(root: &Node) -> Vec<Response> {
    root.all("response")
        .map(|r| {
            let mut response = Response {
                href: r
                    .child("href")
                    .map(|h| h.text.trim().to_owned())
                    .unwrap_or_default(),
                status: r.child("status").and_then(|s| status_code(&s.text)),
                props: HashMap::new(),
            };
            for propstat in r.all("propstat") {
                let ok = propstat
                    .child("status")
                    .and_then(|s| status_code(&s.text))
                    .is_none_or(|c| (200..300).contains(&c));
                if !ok {
                    continue;
                }
                if let Some(prop) = propstat.child("prop") {
                    for p in &prop.children {
                        response.props.insert(p.name.clone(), p.clone());
                    }
                }
            }
            response
        })
        .collect()
}

fn quote(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Client {
    /// A client for the server at `server` as `user`. Nothing is sent yet.
    pub fn new(server: &str, user: &str, password: &str) -> Result<Client, CalDavError> {
        let mut base =
            Url::parse(server.trim()).map_err(|_| CalDavError::BadUrl(server.to_owned()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host().is_none() {
            return Err(CalDavError::BadUrl(server.to_owned()));
        }
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let tls = native_tls::TlsConnector::new().map_err(|e| CalDavError::Unreachable {
            url: server.to_owned(),
            reason: e.to_string(),
        })?;
        let agent = ureq::AgentBuilder::new()
            .timeout(TIMEOUT)
            .redirects(0)
            .tls_connector(Arc::new(tls))
            .build();
        let credentials = format!("{user}:{password}");
        Ok(Client {
            agent,
            base,
            user: user.to_owned(),
            authorization: format!("Basic {}", base64(credentials.as_bytes())),
        })
    }

    /// `href` as an absolute URL on this server, in one spelling: servers
    /// differ in which characters of a path they percent-encode.
    pub fn absolute(&self, href: &str) -> String {
        self.base
            .join(href)
            .map_or_else(|_| href.to_owned(), |u| canonical(u.as_str()))
    }

    fn send(
        &self,
        method: &'static str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<ureq::Response, CalDavError> {
        let mut request = self
            .agent
            .request(method, url)
            .set("Authorization", &self.authorization);
        for (name, value) in headers {
            request = request.set(name, value);
        }
        let result = match body {
            Some(body) => request.send_string(body),
            None => request.call(),
        };
        match result {
            Ok(response) => Ok(response),
            Err(ureq::Error::Status(401, _)) => Err(CalDavError::Unauthorized {
                url: self.base.to_string(),
                user: self.user.clone(),
            }),
            Err(ureq::Error::Status(_, response)) => Ok(response),
            Err(ureq::Error::Transport(t)) => Err(CalDavError::Unreachable {
                url: url.to_owned(),
                reason: t.to_string(),
            }),
        }
    }

    fn failed(method: &'static str, url: &str, response: ureq::Response) -> CalDavError {
        CalDavError::Status {
            method,
            url: url.to_owned(),
            status: response.status(),
            text: response.status_text().to_owned(),
        }
    }

    /// A PROPFIND or REPORT whose answer is a multistatus.
    fn xml_request(
        &self,
        method: &'static str,
        url: &str,
        depth: &str,
        body: &str,
    ) -> Result<Vec<Response>, CalDavError> {
        let response = self.send(
            method,
            url,
            &[
                ("Depth", depth),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(body),
        )?;
        if response.status() != 207 {
            return Err(Client::failed(method, url, response));
        }
        let text = response
            .into_string()
            .map_err(|e| CalDavError::BadResponse {
                method,
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
        let root = parse_xml(&text).map_err(|reason| CalDavError::BadResponse {
            method,
            url: url.to_owned(),
            reason,
        })?;
        if root.name != "multistatus" {
            return Err(CalDavError::BadResponse {
                method,
                url: url.to_owned(),
                reason: format!("a <{}> where a <multistatus> was expected", root.name),
            });
        }
        Ok(multistatus(&root))
    }

    fn propfind(&self, url: &str, depth: &str, props: &str) -> Result<Vec<Response>, CalDavError> {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
             <d:propfind xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\" \
             xmlns:cs=\"http://calendarserver.org/ns/\"><d:prop>{props}</d:prop></d:propfind>"
        );
        self.xml_request("PROPFIND", url, depth, &body)
    }

    /// The first href a property names, from the responses of a PROPFIND.
    fn href_prop(&self, responses: &[Response], prop: &str) -> Option<String> {
        responses
            .iter()
            .filter_map(|r| r.props.get(prop))
            .filter_map(|p| p.child("href"))
            .map(|h| self.absolute(h.text.trim()))
            .next()
    }

    /// Where a PROPFIND for the principal should go: the URL given, or where
    /// its well-known address redirects (RFC 6764, 5).
    fn principal(&self) -> Result<String, CalDavError> {
        let props = "<d:current-user-principal/>";
        let given = self.base.to_string();
        match self.propfind(&given, "0", props) {
            Ok(responses) => {
                if let Some(principal) = self.href_prop(&responses, "current-user-principal") {
                    return Ok(principal);
                }
            }
            // No other address would do better.
            Err(e @ (CalDavError::Unauthorized { .. } | CalDavError::Unreachable { .. })) => {
                return Err(e)
            }
            // Not a DAV address: its well-known one is tried instead.
            Err(_) => {}
        }
        let mut at = self.absolute("/.well-known/caldav");
        for _ in 0..5 {
            let response = self.send(
                "PROPFIND",
                &at,
                &[("Depth", "0"), ("Content-Type", "application/xml")],
                Some(
                    "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>\
                     <d:current-user-principal/></d:prop></d:propfind>",
                ),
            )?;
            match response.status() {
                301 | 302 | 303 | 307 | 308 => {
                    let location = response.header("Location").unwrap_or("/").to_owned();
                    at = self.absolute(&location);
                }
                _ => break,
            }
        }
        let responses = self.propfind(&at, "0", props)?;
        self.href_prop(&responses, "current-user-principal")
            .ok_or_else(|| CalDavError::NoCalendarHome(self.base.to_string()))
    }

    /// The user's calendar home.
    pub fn calendar_home(&self) -> Result<String, CalDavError> {
        let principal = self.principal()?;
        let responses = self.propfind(&principal, "0", "<c:calendar-home-set/>")?;
        self.href_prop(&responses, "calendar-home-set")
            .ok_or_else(|| CalDavError::NoCalendarHome(self.base.to_string()))
    }

    /// The calendars in the user's calendar home.
    pub fn calendars(&self) -> Result<Vec<CalendarInfo>, CalDavError> {
        let home = self.calendar_home()?;
        let responses = self.propfind(
            &home,
            "1",
            "<d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>",
        )?;
        Ok(responses
            .iter()
            .filter(|r| {
                r.props
                    .get("resourcetype")
                    .is_some_and(|t| t.child("calendar").is_some())
            })
            .map(|r| {
                let url = self.absolute(&r.href);
                let name = r
                    .props
                    .get("displayname")
                    .map(|n| n.text.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| {
                        url.trim_end_matches('/')
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_owned()
                    });
                let components = r
                    .props
                    .get("supported-calendar-component-set")
                    .map(|set| {
                        set.all("comp")
                            .filter_map(|c| c.attr("name").map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                CalendarInfo {
                    url,
                    name,
                    components,
                }
            })
            .collect())
    }

    /// Creates a calendar named `name` in the user's calendar home.
    pub fn make_calendar(&self, name: &str) -> Result<CalendarInfo, CalDavError> {
        let home = self.calendar_home()?;
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let url = format!("{}/{slug}/", home.trim_end_matches('/'));
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
             <c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\
             <d:set><d:prop><d:displayname>{}</d:displayname>\
             <c:supported-calendar-component-set><c:comp name=\"VEVENT\"/><c:comp name=\"VTODO\"/>\
             </c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>",
            quote(name)
        );
        let response = self.send(
            "MKCALENDAR",
            &url,
            &[("Content-Type", "application/xml; charset=utf-8")],
            Some(&body),
        )?;
        if response.status() != 201 {
            return Err(Client::failed("MKCALENDAR", &url, response));
        }
        Ok(CalendarInfo {
            url,
            name: name.to_owned(),
            components: vec!["VEVENT".to_owned(), "VTODO".to_owned()],
        })
    }

    /// What changed in `calendar` since `token`; everything when `None`.
    pub fn sync_collection(
        &self,
        calendar: &str,
        token: Option<&str>,
    ) -> Result<Delta, CalDavError> {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
             <d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>{}</d:sync-token>\
             <d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>",
            quote(token.unwrap_or_default())
        );
        let response = self.send(
            "REPORT",
            calendar,
            &[
                ("Depth", "1"),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            Some(&body),
        )?;
        let status = response.status();
        if token.is_some() && matches!(status, 403 | 409) {
            return Err(CalDavError::TokenExpired);
        }
        if status != 207 {
            return Err(Client::failed("REPORT", calendar, response));
        }
        let bad = |reason: String| CalDavError::BadResponse {
            method: "REPORT",
            url: calendar.to_owned(),
            reason,
        };
        let text = response.into_string().map_err(|e| bad(e.to_string()))?;
        let root = parse_xml(&text).map_err(bad)?;
        let mut delta = Delta {
            token: root
                .child("sync-token")
                .map(|t| t.text.trim().to_owned())
                .filter(|t| !t.is_empty()),
            ..Delta::default()
        };
        let own = self.absolute(calendar);
        for r in multistatus(&root) {
            let url = self.absolute(&r.href);
            if url == own {
                continue;
            }
            if r.status == Some(404) {
                delta.removed.push(url);
            } else if url.ends_with(".ics") || r.props.contains_key("getetag") {
                let etag = r.props.get("getetag").map(|e| e.text.trim().to_owned());
                delta.changed.push((url, etag));
            }
        }
        Ok(delta)
    }

    /// The bodies of `urls` in `calendar`, in one calendar-multiget.
    pub fn multiget(&self, calendar: &str, urls: &[String]) -> Result<Vec<Resource>, CalDavError> {
        let hrefs: String = urls
            .iter()
            .map(|u| {
                let path = Url::parse(u).map_or_else(|_| u.clone(), |p| p.path().to_owned());
                format!("<d:href>{}</d:href>", quote(&path))
            })
            .collect();
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
             <c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">\
             <d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}</c:calendar-multiget>"
        );
        let responses = self.xml_request("REPORT", calendar, "1", &body)?;
        Ok(responses
            .into_iter()
            .filter_map(|r| {
                let data = r.props.get("calendar-data")?.text.clone();
                Some(Resource {
                    url: self.absolute(&r.href),
                    etag: r.props.get("getetag").map(|e| e.text.trim().to_owned()),
                    data,
                })
            })
            .collect())
    }

    /// One resource, or `None` when it is gone.
    pub fn get(&self, url: &str) -> Result<Option<Resource>, CalDavError> {
        let response = self.send("GET", url, &[], None)?;
        match response.status() {
            200 => {
                let etag = response.header("ETag").map(str::to_owned);
                let data = response
                    .into_string()
                    .map_err(|e| CalDavError::BadResponse {
                        method: "GET",
                        url: url.to_owned(),
                        reason: e.to_string(),
                    })?;
                Ok(Some(Resource {
                    url: url.to_owned(),
                    etag,
                    data,
                }))
            }
            404 | 410 => Ok(None),
            _ => Err(Client::failed("GET", url, response)),
        }
    }

    /// Stores `data` at `url` if the condition holds.
    pub fn put(&self, url: &str, data: &str, condition: Condition) -> Result<Written, CalDavError> {
        let header = match condition {
            Condition::IfMatch(etag) => ("If-Match", etag),
            Condition::IfNoneMatch => ("If-None-Match", "*"),
        };
        let response = self.send(
            "PUT",
            url,
            &[header, ("Content-Type", "text/calendar; charset=utf-8")],
            Some(data),
        )?;
        match response.status() {
            200..=299 => Ok(Written::Stored(response.header("ETag").map(str::to_owned))),
            412 => Ok(Written::Changed),
            _ => Err(Client::failed("PUT", url, response)),
        }
    }

    /// Deletes `url` if it is still at `etag`. A resource already gone counts
    /// as deleted.
    pub fn delete(&self, url: &str, etag: Option<&str>) -> Result<Written, CalDavError> {
        let headers: Vec<(&str, &str)> = etag.map(|e| ("If-Match", e)).into_iter().collect();
        let response = self.send("DELETE", url, &headers, None)?;
        match response.status() {
            200..=299 | 404 | 410 => Ok(Written::Stored(None)),
            412 => Ok(Written::Changed),
            _ => Err(Client::failed("DELETE", url, response)),
        }
    }
}

/// A URL with the percent-encodings of characters a path may hold as they
/// are (RFC 3986, 6.2.2.2) decoded, and the rest in upper case.
fn canonical(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                let c = char::from((h * 16 + l) as u8);
                if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c) {
                    out.push(c);
                } else {
                    out.push_str(&url[i..i + 3].to_ascii_uppercase());
                }
                i += 3;
                continue;
            }
        }
        out.push(char::from(bytes[i]));
        i += 1;
    }
    out
}

/// Standard base64 with padding, for HTTP Basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_as_rfc_4648_gives_them() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"alice:p\xc3\xa4ss"), "YWxpY2U6cMOkc3M=");
    }

    #[test]
    fn a_multistatus_is_read_by_local_names_with_failed_properties_left_out() {
        let text = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <response><href>/alice/cal/a.ics</href>
    <propstat><prop><getetag>"1&amp;2"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat>
    <propstat><prop><C:calendar-data/></prop><status>HTTP/1.1 404 Not Found</status></propstat>
  </response>
  <response><href>/alice/cal/gone.ics</href><status>HTTP/1.1 404 Not Found</status></response>
  <sync-token>http://radicale.org/ns/sync/abc</sync-token>
</multistatus>"#;
        let root = parse_xml(text).expect("parses");
        let responses = multistatus(&root);
        assert_eq!(responses.len(), 2);
        assert_eq!(responses[0].href, "/alice/cal/a.ics");
        assert_eq!(responses[0].props["getetag"].text, "\"1&2\"");
        assert!(!responses[0].props.contains_key("calendar-data"));
        assert_eq!(responses[1].status, Some(404));
        assert_eq!(
            root.child("sync-token").map(|t| t.text.as_str()),
            Some("http://radicale.org/ns/sync/abc")
        );
    }

    #[test]
    fn xml_cut_short_is_refused_with_a_reason() {
        assert!(parse_xml("<multistatus xmlns=\"DAV:\"><response>").is_err());
    }

    #[test]
    fn a_server_address_must_be_http_or_https() {
        assert!(matches!(
            Client::new("cal.example.com", "a", "b"),
            Err(CalDavError::BadUrl(_))
        ));
        assert!(matches!(
            Client::new("ftp://cal.example.com/", "a", "b"),
            Err(CalDavError::BadUrl(_))
        ));
        let client = Client::new("http://127.0.0.1:5232/dav", "a", "b").expect("valid");
        assert_eq!(
            client.absolute("/alice/cal/x.ics"),
            "http://127.0.0.1:5232/alice/cal/x.ics"
        );
        assert_eq!(client.absolute("x/"), "http://127.0.0.1:5232/dav/x/");
        assert_eq!(
            client.absolute("/alice/cal/01J%40eu.docket.Docket.ics"),
            client.absolute("/alice/cal/01J@eu.docket.Docket.ics")
        );
        assert_eq!(
            client.absolute("/alice/cal/a%2fb%20c.ics"),
            "http://127.0.0.1:5232/alice/cal/a%2Fb%20c.ics"
        );
    }
}
