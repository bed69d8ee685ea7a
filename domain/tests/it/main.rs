//! The domain's rule tests (settlement vectors, properties, casino maths,
//! compliance arithmetic) as one test binary.

mod casino;
mod compliance;
mod properties;
mod vectors;
