//! What a comparison produces: classified changes grouped by where they are. It is its own module because three
//! parties read it and none of them should know how the other two work: the comparison fills it in, the renderers
//! (Markdown, JSON) print it, and tools and tests ask it questions (`is_breaking`, `count`, `changes`).

use std::fmt;

/// How much a change matters to a user of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Code that compiled or calls that worked may break.
    Breaking,
    /// New things; existing code keeps working.
    Additive,
    /// Documentation only.
    DocsOnly,
}

impl fmt::Display for Class {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        })
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// What changed, in Markdown.
    pub text: String,
}

impl Change {
    pub(crate) fn new(class: Class, text: impl Into<String>) -> Self {
        Self {
            class,
            text: text.into(),
        }
    }
}

/// A documentation-only change.
pub(crate) fn docs(text: String) -> Change {
    Change::new(Class::DocsOnly, text)
}

/// What, within a product, a group of changes is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The document as a whole: the product itself, `info` (version, endpoints), `servers`, `components`.
    Document,
    /// One operation, by its Action.
    Operation(String),
    /// A schema that no operation's answer refers to (such as `ErrorResponse`).
    Schema(String),
}

/// Where a group of changes is: a product (its code, `info.x-alicert-product`) and a subject within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The product code (`cas`).
    pub product: String,
    /// The part of its spec.
    pub subject: Subject,
}

impl fmt::Display for Location {
    /// `cas · document`, `cas · ListWorkerResource`, `cas · schema ErrorResponse`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            Subject::Document => write!(formatter, "{} · document", self.product),
            Subject::Operation(action) => write!(formatter, "{} · {action}", self.product),
            Subject::Schema(name) => write!(formatter, "{} · schema {name}", self.product),
        }
    }
}

/// The changes of one operation (or of the document, or of a shared schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `cas · ListWorkerResource`, `cas · document`, `cas · schema ErrorResponse`: [`Self::location`] as text.
    pub title: String,
    /// Where the changes are.
    pub location: Location,
    /// Its changes, breaking first.
    pub changes: Vec<Change>,
}

impl Section {
    pub(crate) fn new(product: &str, subject: Subject, changes: Vec<Change>) -> Self {
        let location = Location {
            product: product.to_owned(),
            subject,
        };
        Self {
            title: location.to_string(),
            location,
            changes,
        }
    }
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpecDiff {
    /// Sections with at least one change, in document order.
    pub sections: Vec<Section>,
}

impl SpecDiff {
    /// Number of changes of a class.
    pub fn count(&self, class: Class) -> usize {
        self.sections
            .iter()
            .flat_map(|section| &section.changes)
            .filter(|change| change.class == class)
            .count()
    }

    /// Whether anything is breaking.
    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }

    /// The class of the whole comparison: the gravest of its changes, `None` when nothing changed.
    pub fn verdict(&self) -> Option<Class> {
        self.sections
            .iter()
            .flat_map(|section| &section.changes)
            .map(|change| change.class)
            .min()
    }

    /// Every change as `(section title, class, text)`, for tests and tools.
    pub fn changes(&self) -> Vec<(&str, Class, &str)> {
        self.sections
            .iter()
            .flat_map(|section| {
                section
                    .changes
                    .iter()
                    .map(move |change| (section.title.as_str(), change.class, change.text.as_str()))
            })
            .collect()
    }
}
