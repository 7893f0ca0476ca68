//! The demo data (to be written).
