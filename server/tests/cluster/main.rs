//! The deployment a federation runs, tested whole (`make test-cluster`): release servers
//! started as processes, nginx in front, a PostgreSQL of the test's own, moto as the
//! bucket; then the faults (SIGKILL under load, the database away), and the memory of one
//! server under a flood of pages nobody asked before. Needs `make build`
//! (the release server) and `make setup-test` (nginx, moto, PostgreSQL's tools).

#[path = "../http/common.rs"]
mod common;
mod delay;
mod deployment;
mod faults;
mod harness;
mod memory;
