pub mod audit;
pub mod backup;
pub mod import;
pub mod show;
