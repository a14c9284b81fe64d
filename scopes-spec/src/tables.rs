//! Lookup tables built from a spec (filled in by the code-generation work).
