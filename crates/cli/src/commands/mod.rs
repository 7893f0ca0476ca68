pub mod audit;
pub mod backup;
pub mod import;
pub mod indicators;
pub mod show;
