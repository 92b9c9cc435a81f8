//! The JSON twin (service reference), the reconciling of renderings, notice
//! scoping and `crosscheck`, proven on the real corpus.

mod crosscheck;
mod reference;
mod scope;
mod twins;
