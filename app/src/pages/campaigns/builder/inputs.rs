//! The builder's small input components, each bound to one value of the
//! [`Draft`]: the shared [`crate::components::inputs`] over the builder's
//! draft.
//!
//! Rules: as in [`crate::components::inputs`]: every input is labelled, its
//! id is its `data-testid`, and its error shows once it was edited and left
//! or after a save attempt.

use super::draft::Draft;

pub(super) use crate::components::inputs::{checkbox, field_error, select, sentence, text_input};

/// Shared state of the builder's inputs.
pub(super) type Form = crate::components::inputs::Form<Draft>;
