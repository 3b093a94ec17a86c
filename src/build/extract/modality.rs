//! Modality and negation cues around a trigger.
//!
//! * Speculation: may, might, could, likely, would, possibly, possible,
//!   potentially, reportedly, allegedly, "is said to", "plans to", "aim of"
//!   within a short window before the trigger (same sentence).
//! * Negation: not, never, no longer, did not, n't forms right before the
//!   trigger (a few words), and "is said not to".
//! * Denial comes from the speech verb ("denied") in
//!   [`attribution`](super::attribution).

use super::Doc;
use super::lexicon::Cue;
use super::matcher::What;
use crate::model::Modality;

/// Bytes before a trigger in which a speculation cue counts.
const SPECULATION_WINDOW: u32 = 70;
/// Bytes before a trigger in which a negation cue counts.
const NEGATION_WINDOW: u32 = 22;

/// The cues found around a trigger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues {
    /// A speculation cue was found.
    pub speculation: bool,
    /// A negation cue was found.
    pub negated: bool,
}

impl Doc<'_> {
    /// Cues before the trigger hit `i` of sentence hits `h0..`, not before
    /// `floor` (the sentence or reported clause start).
    pub(crate) fn cues(&self, h0: usize, i: usize, floor: u32) -> Cues {
        let t = self.hits[i];
        let mut c = Cues::default();
        for j in (h0..i).rev() {
            let h = self.hits[j];
            if h.end + SPECULATION_WINDOW < t.start || h.start < floor {
                break;
            }
            match h.what {
                What::Cue(Cue::Modal(Modality::Speculation)) => {
                    c.speculation = true;
                    if self.span_text(h.start, h.end).contains(" not ")
                        && h.end + NEGATION_WINDOW >= t.start
                    {
                        c.negated = true;
                    }
                }
                What::Cue(Cue::Negation) if h.end + NEGATION_WINDOW >= t.start => c.negated = true,
                _ => {}
            }
        }
        c
    }
}

/// The modality of a relation from where it is said and its cues.
pub(crate) fn modality_of(reported: bool, denial: bool, cues: Cues) -> Modality {
    if denial {
        Modality::Denial
    } else if cues.speculation {
        Modality::Speculation
    } else if reported {
        Modality::Claim
    } else {
        Modality::Fact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let spec = Cues {
            speculation: true,
            negated: false,
        };
        assert_eq!(modality_of(true, true, spec), Modality::Denial);
        assert_eq!(modality_of(true, false, spec), Modality::Speculation);
        assert_eq!(modality_of(true, false, Cues::default()), Modality::Claim);
        assert_eq!(modality_of(false, false, Cues::default()), Modality::Fact);
    }
}
