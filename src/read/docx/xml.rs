//! Namespace-aware helpers shared by the part parsers. Names are compared after namespace
//! resolution, never by prefix, so Strict and Transitional OOXML read alike.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::BytesStart;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::borrow::Cow;
use std::io::BufRead;

/// The namespaces the readers tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ns {
    /// WordprocessingML main.
    Word,
    /// Office document relationships (`r:id`).
    Relationships,
    /// Markup compatibility (`mc:AlternateContent`).
    MarkupCompatibility,
    /// Office math.
    Math,
    /// Package relationships (`.rels` parts).
    PackageRelationships,
    /// `[Content_Types].xml`.
    ContentTypes,
    /// The `xml:` namespace.
    Xml,
    /// No namespace.
    None,
    Other,
}

const WORD: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const RELATIONSHIPS: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships",
];
const MATH: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/math",
];
const MARKUP_COMPATIBILITY: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const PACKAGE_RELATIONSHIPS: &[u8] =
    b"http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES: &[u8] = b"http://schemas.openxmlformats.org/package/2006/content-types";
const XML: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// Namespaces whose `mc:Choice` branches this reader can take: their markup only wraps
/// WordprocessingML it reads (text boxes in shapes, groups and canvases; newer Word features
/// that leave the text as it is).
const UNDERSTOOD_CHOICES: [&[u8]; 9] = [
    b"http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    b"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    b"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    b"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    b"http://schemas.microsoft.com/office/word/2010/wordml",
    b"http://schemas.microsoft.com/office/word/2012/wordml",
    b"http://schemas.microsoft.com/office/drawing/2010/main",
    b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"urn:schemas-microsoft-com:vml",
];

pub(super) fn classify(namespace: &[u8]) -> Ns {
    if WORD.contains(&namespace) {
        Ns::Word
    } else if RELATIONSHIPS.contains(&namespace) {
        Ns::Relationships
    } else if namespace == MARKUP_COMPATIBILITY {
        Ns::MarkupCompatibility
    } else if MATH.contains(&namespace) {
        Ns::Math
    } else if namespace == PACKAGE_RELATIONSHIPS {
        Ns::PackageRelationships
    } else if namespace == CONTENT_TYPES {
        Ns::ContentTypes
    } else if namespace == XML {
        Ns::Xml
    } else {
        Ns::Other
    }
}

pub(super) fn resolved(result: &ResolveResult) -> Ns {
    match result {
        ResolveResult::Bound(Namespace(ns)) => classify(ns),
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// A reader set up the same way for every part: empty elements arrive as start and end, end
/// tags are checked against start tags, text is left as written.
pub(super) fn reader<R: BufRead>(source: R) -> NsReader<R> {
    let mut reader = NsReader::from_reader(source);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    config.trim_text(false);
    reader
}

/// The value of the attribute `local` in namespace `ns` (or, leniently, without a namespace,
/// as some writers emit WordprocessingML attributes).
pub(super) fn attribute<R>(
    reader: &NsReader<R>,
    element: &BytesStart,
    ns: Ns,
    local: &[u8],
) -> Option<String> {
    for attr in element.attributes().flatten() {
        let (resolved_ns, name) = reader.resolve_attribute(attr.key);
        if name.as_ref() != local {
            continue;
        }
        let attr_ns = resolved(&resolved_ns);
        if attr_ns == ns || attr_ns == Ns::None {
            return Some(value(&attr).into_owned());
        }
    }
    None
}

/// An attribute's value with references decoded; undecodable references are kept as written.
pub(super) fn value<'a>(attr: &'a Attribute<'a>) -> Cow<'a, str> {
    match attr.unescape_value() {
        Ok(value) => value,
        Err(_) => String::from_utf8_lossy(&attr.value).into_owned().into(),
    }
}

/// The `w:val` attribute.
pub(super) fn val<R>(reader: &NsReader<R>, element: &BytesStart) -> Option<String> {
    attribute(reader, element, Ns::Word, b"val")
}

/// An on/off property: present without a value means on.
pub(super) fn on_off<R>(reader: &NsReader<R>, element: &BytesStart) -> bool {
    match val(reader, element) {
        None => true,
        Some(v) => !matches!(v.trim(), "0" | "false" | "off"),
    }
}

/// Whether every prefix an `mc:Choice` requires names a namespace this reader understands.
pub(super) fn choice_understood<R>(reader: &NsReader<R>, element: &BytesStart) -> bool {
    let Some(requires) = element.attributes().flatten().find_map(|attr| {
        let (_, name) = reader.resolve_attribute(attr.key);
        (name.as_ref() == b"Requires").then(|| value(&attr).into_owned())
    }) else {
        return false;
    };
    let mut any = false;
    for prefix in requires.split_whitespace() {
        any = true;
        let qualified = format!("{prefix}:x");
        let (ns, _) = reader.resolve_element(quick_xml::name::QName(qualified.as_bytes()));
        let understood = match ns {
            ResolveResult::Bound(Namespace(uri)) => {
                UNDERSTOOD_CHOICES.contains(&uri) || classify(uri) == Ns::Word
            }
            _ => false,
        };
        if !understood {
            return false;
        }
    }
    any
}

/// Whether `path` (local names of open elements, outermost first) ends with `suffix`.
pub(super) fn path_ends_with(path: &[Vec<u8>], suffix: &[&[u8]]) -> bool {
    path.len() >= suffix.len()
        && path[path.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a.as_slice() == *b)
}
