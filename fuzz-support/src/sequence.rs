//! `api_sequence`: a sequence of KMS calls by a few principals against one in-process
//! reference, checking the service's rules after every step.

mod checks;
mod model;
mod ops;

use crate::Violation;
use model::World;

pub use ops::{Ctx, KeyRef, Op, Step, Who};

const SEQ: &str = "api_sequence";
/// Longest sequence run; the rest of a longer input is ignored.
const MAX_STEPS: usize = 64;

fn violation(message: String) -> Violation {
    Violation {
        target: SEQ,
        message,
    }
}

/// `api_sequence`: runs up to 64 steps against a fresh reference with three RAM users.
/// After every call: no 5xx; one trail event per call but DescribeRegions; a user whose
/// policies deny `kms:*` never succeeds; the §2.2 matrix decides success and `Rejected.*`
/// codes, successful calls make the documented transitions and failed ones none; every
/// Encrypt and GenerateDataKey decrypts back, and later too while its key is Enabled, and
/// only with its own context.
pub fn api_sequence(steps: &[Step]) -> Result<(), Violation> {
    let mut world = World::new()?;
    for step in steps.iter().take(MAX_STEPS) {
        world.step(step)?;
    }
    Ok(())
}
