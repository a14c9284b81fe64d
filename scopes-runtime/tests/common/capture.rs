//! A minimal `tracing` subscriber that keeps every event: its target,
//! level and fields (values as their `Debug` text, quotes removed).

use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub target: String,
    pub level: Level,
    pub fields: Vec<(String, String)>,
}

impl Logged {
    /// The value of field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The events seen so far, shared by every clone.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<Logged>>>);

impl Capture {
    /// The events seen so far.
    pub fn events(&self) -> Vec<Logged> {
        self.0.lock().unwrap().clone()
    }
}

/// The events `f` logs, with this subscriber as the thread's default.
pub fn logged(f: impl FnOnce()) -> Vec<Logged> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), f);
    capture.events()
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((
            field.name().to_owned(),
            format!("{value:?}").replace('"', ""),
        ));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Logged {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
