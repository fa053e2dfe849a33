//! Importers: a council's own returns and exports turned into our input files.
//!
//! | file | what |
//! |---|---|
//! | [`ssda903`] | the DfE SSDA903 return (header, episodes, reviews) → `children.csv` |

pub mod ssda903;
