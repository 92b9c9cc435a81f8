//! Services' own docs: notices, managed-policy changelogs, features and
//! policies, from fixtures written by the project and the real material.

mod changelogs;
mod chime;
mod notices;
