//! Lesson files: a TOML front matter between `+++` lines, Markdown prose for the learner, and
//! fenced ```` ```sessionlab <kind> ```` blocks (`setup`, `predict`, `task`, `solution`,
//! `hints`, `wrong`). Inside a block every line is plain mongosh input; lesson directives are
//! `//!` comments, so a block still pastes into a real shell. Every mistake is reported at its
//! line and column. This module reads the front matter and hands the body to
//! [`super::blocks`]; `docs/lessons.md` is the format's reference for authors.

use super::blocks::Reader;
use super::lesson::error;
pub use super::lesson::{
    fingerprint, Hint, Lesson, LessonError, Prediction, SetupStep, Task, Wrong, FORMAT, HIDDEN_MARK,
};

/// Parses a lesson file; every mistake found, in order of position.
///
/// # Errors
/// The mistakes, each at its line and column.
pub fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
    let lines: Vec<&str> = text.lines().collect();
    let (front, body_start) = front_matter(&lines).map_err(|e| vec![e])?;
    let mut reader = Reader::new(text);
    let mut meta = Meta::default();
    for (number, line) in front {
        if let Err(e) = meta.read(number, line) {
            reader.errors.push(e);
        }
    }
    reader.body(&lines, body_start);
    meta.finish(&mut reader.lesson, &mut reader.errors);
    reader.finish(lines.len().max(1))
}

/// The front matter's lines (numbered) and the index of the first body line.
type FrontMatter<'a> = (Vec<(usize, &'a str)>, usize);

/// The front matter's lines (numbered) and the index of the first body line.
fn front_matter<'a>(lines: &[&'a str]) -> Result<FrontMatter<'a>, LessonError> {
    if lines.first().map(|l| l.trim()) != Some("+++") {
        return Err(error(1, 1, "a lesson starts with a front matter: a line +++, then id = \"…\", format = 1, title = \"…\", …, then +++"));
    }
    let end = (1..lines.len())
        .find(|i| lines[*i].trim() == "+++")
        .ok_or_else(|| {
            error(
                1,
                1,
                "the front matter opened here is never closed with +++",
            )
        })?;
    Ok(((1..end).map(|i| (i + 1, lines[i])).collect(), end + 1))
}

/// The front matter's values.
#[derive(Default)]
struct Meta {
    id: Option<String>,
    format: Option<i64>,
    title: Option<String>,
    learns: Option<String>,
    minutes: Option<i64>,
    requires: Vec<String>,
    tags: Vec<String>,
}

impl Meta {
    /// Reads one `key = value` line (TOML, limited to strings, integers and arrays of strings).
    fn read(&mut self, number: usize, line: &str) -> Result<(), LessonError> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(());
        }
        let column = line.len() - line.trim_start().len() + 1;
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(error(number, column, "expected key = value"));
        };
        let key = key.trim();
        let value_column = line.find('=').map_or(column, |at| at + 2);
        let value = strip_comment(value.trim());
        let at = |message: String| error(number, value_column, message);
        match key {
            "id" => {
                let id = toml_string(value).map_err(at)?;
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    return Err(error(
                        number,
                        value_column,
                        "an id is lowercase letters, digits and hyphens (it goes in ?lesson=)",
                    ));
                }
                self.id = Some(id);
            }
            "format" => self.format = Some(toml_integer(value).map_err(at)?),
            "title" => self.title = Some(toml_string(value).map_err(at)?),
            "learns" => self.learns = Some(toml_string(value).map_err(at)?),
            "minutes" => self.minutes = Some(toml_integer(value).map_err(at)?),
            "requires" => self.requires = toml_strings(value).map_err(at)?,
            "tags" => self.tags = toml_strings(value).map_err(at)?,
            "track" => {
                toml_string(value).map_err(at)?;
            }
            other => {
                return Err(error(
                    number,
                    column,
                    format!("unknown front matter key \"{other}\" (known: id, format, title, learns, minutes, requires, tags, track)"),
                ))
            }
        }
        Ok(())
    }

    fn finish(self, lesson: &mut Lesson, errors: &mut Vec<LessonError>) {
        let missing = |what: &str| error(1, 1, format!("the front matter has no {what}"));
        match self.format {
            Some(FORMAT) => {}
            Some(other) => errors.push(error(
                1,
                1,
                format!("format = {other}: this version of Session Lab reads format = {FORMAT}"),
            )),
            None => errors.push(missing("format = 1")),
        }
        match self.id {
            Some(id) => lesson.id = id,
            None => errors.push(missing("id")),
        }
        match self.title {
            Some(title) => lesson.title = title,
            None => errors.push(missing("title")),
        }
        match self.learns {
            Some(learns) => lesson.learns = learns,
            None => errors.push(missing("learns (what the learner can do afterwards)")),
        }
        lesson.minutes = self.minutes.unwrap_or(5);
        lesson.requires = self.requires;
        lesson.tags = self.tags;
    }
}

/// A value without its trailing `# comment` (outside strings).
fn strip_comment(value: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match c {
            '\\' if in_string && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => in_string = !in_string,
            '#' if !in_string => return value[..i].trim_end(),
            _ => {}
        }
        escaped = false;
    }
    value
}

fn toml_string(value: &str) -> Result<String, String> {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or_else(|| format!("expected a string in double quotes, found {value}"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                Some(other) => return Err(format!("unknown escape \\{other} in a string")),
                None => return Err("a string ends with a lone \\".to_owned()),
            },
            '"' => return Err("a \" inside a string must be written \\\"".to_owned()),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn toml_integer(value: &str) -> Result<i64, String> {
    value
        .parse()
        .map_err(|_| format!("expected a whole number, found {value}"))
}

fn toml_strings(value: &str) -> Result<Vec<String>, String> {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(|| {
            format!("expected an array of strings like [\"a\", \"b\"], found {value}")
        })?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(toml_string)
        .collect()
}
