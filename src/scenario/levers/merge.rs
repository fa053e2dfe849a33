//! `merge`: a shared service — another council's data folder (relative to the scenario file)
//! merged in. Ids that clash are prefixed with the folder's name; the other council's posts
//! and children keep their council.
//!
//! ```toml
//! [[lever]]
//! kind = "merge"
//! data = "../poole"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Apply, Effect, Outcome, Problem};
use crate::domain::{Absence, Caseload, IroId};
use crate::error::{Error, Result};

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    data: String,
}

/// Another council merged in.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// Its data folder (joined to the scenario file's folder).
    pub data: PathBuf,
}

impl Merge {
    /// The folder, relative to `dir` (the scenario file's folder).
    pub fn validate(t: Toml, dir: &Path) -> Merge {
        Merge {
            data: dir.join(t.data),
        }
    }
}

impl Apply for Merge {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        match merge(cl, &self.data) {
            Ok(n) => Ok(Effect::note(format!(
                "merged {n} children from {}",
                self.data.display()
            ))),
            Err(Error::Input(es)) => Err(es.into_iter().map(Problem::located).collect()),
            Err(e) => Err(vec![Problem::new(
                format!("data '{}': {e}", self.data.display()),
                "a data folder with children.csv and iros.csv",
            )]),
        }
    }
}

/// Appends another council's children and posts (ids prefixed with the folder name where they
/// clash); returns the number of children added.
fn merge(cl: &mut Caseload, dir: &Path) -> Result<usize> {
    let paths = crate::io::InputPaths::from_dir(dir);
    let other = crate::io::load_with_config(&paths, cl.config.clone())?;
    let council = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "merged".into());
    let offset = cl.iros.len() as u32;
    let shift = |i: IroId| IroId(i.0 + offset);
    for mut iro in other.iros {
        if cl.iro_by_external(&iro.external_id).is_some() {
            iro.external_id = format!("{council}-{}", iro.external_id);
        }
        iro.council = Some(council.clone());
        cl.iros.push(iro);
    }
    let n = other.children.len();
    let existing: std::collections::HashSet<String> =
        cl.children.iter().map(|c| c.external_id.clone()).collect();
    for mut c in other.children {
        if existing.contains(&c.external_id) {
            c.external_id = format!("{council}-{}", c.external_id);
        }
        c.current_iro = c.current_iro.map(shift);
        c.planned_iro = c.planned_iro.map(shift);
        c.exclude_iros = c.exclude_iros.iter().map(|&i| shift(i)).collect();
        c.sibling_group = c.sibling_group.map(|g| format!("{council}/{g}"));
        c.council = Some(council.clone());
        cl.children.push(c);
    }
    cl.absences
        .extend(other.absences.into_iter().map(|a| Absence {
            iro: shift(a.iro),
            ..a
        }));
    Ok(n)
}
