pub mod audit;
pub mod backup;
pub mod import;
pub mod indicator_show;
pub mod indicators;
pub mod kolada;
pub mod show;
