//! The extension module `ualign._ualign`: thin wrappers over `ualign::api`, whose result trees
//! become Python objects by type (module `convert`): exact rationals → `fractions.Fraction`, floats →
//! `float`, names → `str`. The documented Python API is `python/ualign/__init__.py`.
//!
//! Every solve runs on a worker thread while the calling thread waits with the GIL released and
//! checks for signals every 50 ms (module `run`), so other Python threads keep running and Ctrl-C
//! raises `KeyboardInterrupt` at once. Errors raise `ValueError` with the command line's message.

#![warn(missing_docs)]

mod convert;
mod run;

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use ualign::api::{self, ApiError, Out, RobustPolicy, Source};
use ualign::equilibrium::dynamics::{Algo, SelfPlayOptions};
use ualign::instance::{Instance, json as instance_json};

use run::run;

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// An instance (responses and weighted user types with weak orders), immutable.
#[pyclass(frozen, name = "Instance", module = "ualign._ualign")]
#[derive(Clone)]
struct PyInstance {
    inst: Arc<Instance>,
    path: Option<PathBuf>,
}

impl PyInstance {
    fn source(&self) -> Source<'_> {
        Source {
            inst: &self.inst,
            path: self.path.as_deref(),
        }
    }
}

#[pymethods]
impl PyInstance {
    /// Reads a PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json) file.
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<Self> {
        let inst = Instance::from_path(&path).map_err(value_error)?;
        Ok(PyInstance {
            inst: Arc::new(inst),
            path: Some(path),
        })
    }

    /// Parses the text of a ualign JSON instance.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        let inst = instance_json::parse(text).map_err(value_error)?;
        Ok(PyInstance {
            inst: Arc::new(inst),
            path: None,
        })
    }

    /// Response names, in order.
    #[getter]
    fn responses(&self) -> Vec<String> {
        self.inst.responses().to_vec()
    }

    /// SHA-256 of the canonical form (the `instance_sha256` of results and certificates).
    #[getter]
    fn sha256(&self) -> String {
        self.inst.sha256()
    }

    /// The file the instance was read from, or None.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.path.clone()
    }

    /// Number of user types.
    #[getter]
    fn user_types(&self) -> usize {
        self.inst.n()
    }

    /// The ualign JSON document of the instance (reads back to an equal instance).
    fn to_json(&self) -> String {
        instance_json::to_string_pretty(&self.inst)
    }

    fn __repr__(&self) -> String {
        format!(
            "Instance({} responses, {} user types, sha256 {})",
            self.inst.m(),
            self.inst.n(),
            &self.inst.sha256()[..12]
        )
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inst == other.inst
    }
}

/// Runs `f` on a clone of the instance in a worker thread and converts its result.
fn solve<F>(py: Python<'_>, inst: &PyInstance, f: F) -> PyResult<Py<PyAny>>
where
    F: FnOnce(&Source) -> Result<Out, ApiError> + Send + 'static,
{
    solve_with_stop(py, inst, None, f)
}

fn solve_with_stop<F>(
    py: Python<'_>,
    inst: &PyInstance,
    stop: Option<Arc<std::sync::atomic::AtomicBool>>,
    f: F,
) -> PyResult<Py<PyAny>>
where
    F: FnOnce(&Source) -> Result<Out, ApiError> + Send + 'static,
{
    let owned = inst.clone();
    let out = run(py, stop, move || f(&owned.source()))?.map_err(value_error)?;
    convert::to_py(py, &out)
}

/// `info`: responses, user types, total weight, margin matrix, Condorcet winner, Smith set.
#[pyfunction]
fn info(py: Python<'_>, inst: &PyInstance) -> PyResult<Py<PyAny>> {
    solve(py, inst, |s| api::info(s, true))
}

/// `eval`: a product policy given as (name, "p/q") pairs.
#[pyfunction]
fn eval(
    py: Python<'_>,
    inst: &PyInstance,
    k: usize,
    policy: Vec<(String, String)>,
) -> PyResult<Py<PyAny>> {
    let pi = api::policy_from_pairs(&policy, &inst.inst, &|_| String::new())
        .map_err(PyValueError::new_err)?;
    solve(py, inst, move |s| api::eval(s, k, &pi))
}

/// `nlhf`: the maximal lottery and R_k of sampling it k times, for each k in `ks`.
#[pyfunction]
fn nlhf(py: Python<'_>, inst: &PyInstance, ks: Vec<usize>) -> PyResult<Py<PyAny>> {
    solve(py, inst, move |s| api::nlhf(s, &ks))
}

/// `optimal`: v*_k, an optimal k-output policy and the dual opponent.
#[pyfunction]
fn optimal(py: Python<'_>, inst: &PyInstance, k: usize) -> PyResult<Py<PyAny>> {
    solve(py, inst, move |s| api::optimal(s, k))
}

/// `robust`: the worst ℓ-multiset opponent of a product policy ((name, "p/q") pairs) or of a
/// mixture (JSON text `{"policy": [{"responses": [...], "probability": "p/q"}]}`).
#[pyfunction]
#[pyo3(signature = (inst, k, policy=None, mixture=None, opponents=1))]
fn robust(
    py: Python<'_>,
    inst: &PyInstance,
    k: usize,
    policy: Option<Vec<(String, String)>>,
    mixture: Option<String>,
    opponents: usize,
) -> PyResult<Py<PyAny>> {
    let policy = match (policy, mixture) {
        (Some(p), None) => RobustPolicy::Product(
            api::policy_from_pairs(&p, &inst.inst, &|_| String::new())
                .map_err(PyValueError::new_err)?,
        ),
        (None, Some(m)) => {
            let v: serde_json::Value = serde_json::from_str(&m).map_err(value_error)?;
            RobustPolicy::Mixture(
                api::mixture_from_json(&v, &inst.inst, k).map_err(PyValueError::new_err)?,
            )
        }
        _ => {
            return Err(PyValueError::new_err(
                "give exactly one of policy (a product policy) and mixture (a k-output policy)",
            ));
        }
    };
    solve(py, inst, move |s| api::robust(s, k, &policy, opponents))
}

/// `equilibrium`: a symmetric equilibrium of the (k+1)-player game with its status.
#[pyfunction]
#[pyo3(signature = (inst, k, precision=ualign::equilibrium::DEFAULT_PRECISION))]
fn equilibrium(
    py: Python<'_>,
    inst: &PyInstance,
    k: usize,
    precision: usize,
) -> PyResult<Py<PyAny>> {
    solve(py, inst, move |s| api::equilibrium(s, k, precision))
}

/// `selfplay`: learning dynamics; Ctrl-C stops the run (and raises KeyboardInterrupt).
#[pyfunction]
#[pyo3(signature = (inst, k, algo="extragradient", iters=10_000, eta=None, log_every=None))]
fn selfplay(
    py: Python<'_>,
    inst: &PyInstance,
    k: usize,
    algo: &str,
    iters: u64,
    eta: Option<f64>,
    log_every: Option<u64>,
) -> PyResult<Py<PyAny>> {
    let algo = match algo {
        "hedge" => Algo::Hedge,
        "optimistic-hedge" | "optimistic_hedge" => Algo::OptimisticHedge,
        "extragradient" => Algo::Extragradient,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown algo `{other}` (hedge, optimistic-hedge, extragradient)"
            )));
        }
    };
    let opts = SelfPlayOptions {
        algo,
        eta: eta.unwrap_or(1.0),
        iters,
        log_every: log_every.unwrap_or((iters / 20).max(1)),
    };
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    solve_with_stop(py, inst, Some(stop), move |s| {
        api::selfplay(s, k, &opts, Some(&flag))
    })
}

/// `curve`: the test-time scaling table.
#[pyfunction]
#[pyo3(signature = (inst, ks, opponents=2, max_columns=20_000))]
fn curve(
    py: Python<'_>,
    inst: &PyInstance,
    ks: Vec<usize>,
    opponents: usize,
    max_columns: u64,
) -> PyResult<Py<PyAny>> {
    solve(py, inst, move |s| {
        api::curve(s, &ks, opponents, max_columns as u128)
    })
}

/// `certify`: writes a certificate file and lists its claims.
#[pyfunction]
#[pyo3(signature = (inst, ks, path, opponents=2, max_columns=20_000))]
fn certify(
    py: Python<'_>,
    inst: &PyInstance,
    ks: Vec<usize>,
    path: PathBuf,
    opponents: usize,
    max_columns: u64,
) -> PyResult<Py<PyAny>> {
    solve(py, inst, move |s| {
        api::certify(s, &ks, &path, opponents, max_columns as u128)
    })
}

/// `verify`: checks one certificate file with the independent checker.
#[pyfunction]
fn verify(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    let out = run(py, None, move || api::verify(&path))?;
    convert::to_py(py, &out)
}

/// `report`: checks a certificate and restates what it proves (Markdown or LaTeX); a
/// certificate that does not verify raises `ValueError` with the checker's message.
#[pyfunction]
#[pyo3(signature = (path, format="md"))]
fn report(py: Python<'_>, path: PathBuf, format: &str) -> PyResult<String> {
    use ualign::report::ReportFormat;
    let format = match format {
        "md" => ReportFormat::Markdown,
        "tex" => ReportFormat::Tex,
        other => {
            return Err(PyValueError::new_err(format!(
                "report format `{other}`: expected \"md\" or \"tex\""
            )));
        }
    };
    let out = run(py, None, move || {
        let name = path.display().to_string();
        ualign::verify::read_file(&path)
            .and_then(|text| ualign::report::report(&name, &text, format))
            .map_err(|e| ualign::verify::error_line(&name, &e))
    })?;
    out.map_err(PyValueError::new_err)
}

/// The extension module.
#[pymodule]
fn _ualign(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyInstance>()?;
    m.add_function(wrap_pyfunction!(info, m)?)?;
    m.add_function(wrap_pyfunction!(eval, m)?)?;
    m.add_function(wrap_pyfunction!(nlhf, m)?)?;
    m.add_function(wrap_pyfunction!(optimal, m)?)?;
    m.add_function(wrap_pyfunction!(robust, m)?)?;
    m.add_function(wrap_pyfunction!(equilibrium, m)?)?;
    m.add_function(wrap_pyfunction!(selfplay, m)?)?;
    m.add_function(wrap_pyfunction!(curve, m)?)?;
    m.add_function(wrap_pyfunction!(certify, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    Ok(())
}
