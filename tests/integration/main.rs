//! Integration tests: run the real binary on fixture registers and compare what it writes.
