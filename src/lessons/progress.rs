//! A learner's progress, per lesson: solved, hints used, solution seen, first-try prediction
//! score, and the fingerprint of the lesson it was earned on (so a lesson that changed says
//! so). It is kept as BSON in the browser's storage (never by embeds) and travels as a file or
//! as a `#p1.…` link (base64url BSON, like share links), so it needs no server.

use base64::Engine as _;
use bson::{doc, Bson, Document};

/// The progress link's prefix.
pub const LINK_PREFIX: &str = "p1.";

/// The most lessons a progress document may hold (an untrusted link is refused above it).
const MAX_LESSONS: usize = 500;

/// One lesson's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonProgress {
    /// The fingerprint of the lesson file it was earned on.
    pub fingerprint: String,
    /// Solved without seeing the solution.
    pub solved: bool,
    /// The most hints revealed.
    pub hints_used: u32,
    /// The solution was shown.
    pub solution_seen: bool,
    /// Prediction questions right on the first try.
    pub predictions_right: u32,
    /// Prediction questions answered.
    pub predictions_asked: u32,
}

/// Every lesson's progress, by lesson id, in the order first touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    lessons: Vec<(String, LessonProgress)>,
}

impl Progress {
    /// A lesson's progress, if any.
    pub fn get(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.iter().find(|(i, _)| i == id).map(|(_, p)| p)
    }

    /// Changes a lesson's progress (created empty, with `fingerprint`, when new or when the
    /// lesson changed since).
    pub fn update(
        &mut self,
        id: &str,
        fingerprint: &str,
        change: impl FnOnce(&mut LessonProgress),
    ) {
        let at = if let Some(at) = self.lessons.iter().position(|(i, _)| i == id) {
            at
        } else {
            self.lessons
                .push((id.to_owned(), LessonProgress::default()));
            self.lessons.len() - 1
        };
        let entry = &mut self.lessons[at].1;
        if entry.fingerprint != fingerprint {
            *entry = LessonProgress {
                fingerprint: fingerprint.to_owned(),
                ..LessonProgress::default()
            };
        }
        change(entry);
    }

    /// Whether progress on `id` was earned on another version of the lesson.
    pub fn changed_since(&self, id: &str, fingerprint: &str) -> bool {
        self.get(id).is_some_and(|p| p.fingerprint != fingerprint)
    }

    /// Takes every lesson of `other` (its entry wins over this one's).
    pub fn merge(&mut self, other: &Progress) {
        for (id, entry) in &other.lessons {
            match self.lessons.iter_mut().find(|(i, _)| i == id) {
                Some((_, mine)) => mine.clone_from(entry),
                None => self.lessons.push((id.clone(), entry.clone())),
            }
        }
    }

    /// Lessons with progress.
    pub fn len(&self) -> usize {
        self.lessons.len()
    }

    /// Whether nothing was done yet.
    pub fn is_empty(&self) -> bool {
        self.lessons.is_empty()
    }

    /// The stored form: `{ v: 1, lessons: { id: { fingerprint, solved, hintsUsed,
    /// solutionSeen, predictionsRight, predictionsAsked } } }`.
    pub fn to_document(&self) -> Document {
        let mut lessons = Document::new();
        for (id, p) in &self.lessons {
            lessons.insert(
                id.clone(),
                doc! {
                    "fingerprint": &p.fingerprint,
                    "solved": p.solved,
                    "hintsUsed": i64::from(p.hints_used),
                    "solutionSeen": p.solution_seen,
                    "predictionsRight": i64::from(p.predictions_right),
                    "predictionsAsked": i64::from(p.predictions_asked),
                },
            );
        }
        doc! { "v": 1, "lessons": lessons }
    }

    /// Reads the stored form back; `None` when it is not one.
    pub fn from_document(doc: &Document) -> Option<Self> {
        if doc.get_i32("v").ok()? != 1 {
            return None;
        }
        let lessons = doc.get_document("lessons").ok()?;
        if lessons.len() > MAX_LESSONS {
            return None;
        }
        let count = |d: &Document, key: &str| -> Option<u32> {
            match d.get(key)? {
                Bson::Int64(n) => u32::try_from(*n).ok(),
                Bson::Int32(n) => u32::try_from(*n).ok(),
                _ => None,
            }
        };
        let lessons = lessons
            .iter()
            .map(|(id, value)| {
                let d = value.as_document()?;
                Some((
                    id.clone(),
                    LessonProgress {
                        fingerprint: d.get_str("fingerprint").ok()?.chars().take(64).collect(),
                        solved: d.get_bool("solved").ok()?,
                        hints_used: count(d, "hintsUsed")?,
                        solution_seen: d.get_bool("solutionSeen").ok()?,
                        predictions_right: count(d, "predictionsRight")?,
                        predictions_asked: count(d, "predictionsAsked")?,
                    },
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { lessons })
    }

    /// The progress link's fragment (`p1.…`, without `#`).
    pub fn to_fragment(&self) -> String {
        let bytes = self.to_document().to_vec().unwrap_or_default();
        format!(
            "{LINK_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        )
    }

    /// Reads a progress fragment (with or without `#`).
    ///
    /// # Errors
    /// Why it is not a progress link, in words.
    pub fn from_fragment(fragment: &str) -> Result<Self, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let data = fragment
            .strip_prefix(LINK_PREFIX)
            .ok_or("it is not a progress link (those start with #p1.)")?;
        if data.len() > 64 * 1024 {
            return Err("it is longer than any progress link".to_owned());
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(data)
            .map_err(|_| "it is not valid base64url: was it cut short?".to_owned())?;
        let doc = crate::bson_input::read_document(&bytes)
            .map_err(|_| "it does not hold a progress document".to_owned())?;
        Self::from_document(&doc).ok_or_else(|| "it does not hold a progress document".to_owned())
    }

    /// Whether a fragment is a progress link.
    pub fn is_fragment(fragment: &str) -> bool {
        fragment
            .strip_prefix('#')
            .unwrap_or(fragment)
            .starts_with(LINK_PREFIX)
    }
}
