//! Result trees ([`Out`]) to Python objects, by type: an exact rational becomes
//! `fractions.Fraction(numerator, denominator)` built from two Python ints (the class is imported
//! once), floats `float`, names `str`, objects `dict` (keys in the JSON order), lists `list`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use ualign::api::Out;
use ualign::number::Q;

static FRACTION: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static INT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A Python int from the decimal digits of an arbitrary-size integer.
fn big_int<'py>(py: Python<'py>, digits: String) -> PyResult<Bound<'py, PyAny>> {
    let int = INT.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("builtins")?.getattr("int")?.unbind())
    })?;
    int.bind(py).call1((digits,))
}

/// `Fraction(p, q)` of an exact rational.
pub fn fraction<'py>(py: Python<'py>, x: &Q) -> PyResult<Bound<'py, PyAny>> {
    let cls = FRACTION.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("fractions")?.getattr("Fraction")?.unbind())
    })?;
    let num = big_int(py, x.numerator().to_string())?;
    let den = big_int(py, x.denominator().to_string())?;
    cls.bind(py).call1((num, den))
}

/// The Python object of a result tree.
pub fn to_py(py: Python<'_>, o: &Out) -> PyResult<Py<PyAny>> {
    Ok(bound(py, o)?.unbind())
}

fn bound<'py>(py: Python<'py>, o: &Out) -> PyResult<Bound<'py, PyAny>> {
    Ok(match o {
        Out::Null => py.None().into_bound(py),
        Out::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Out::Int(i) => i.into_pyobject(py)?.into_any(),
        Out::Float(f) => f.into_pyobject(py)?.into_any(),
        Out::Str(s) => s.into_pyobject(py)?.into_any(),
        Out::Q(x) => fraction(py, x)?,
        Out::List(xs) => {
            let list = PyList::empty(py);
            for x in xs {
                list.append(bound(py, x)?)?;
            }
            list.into_any()
        }
        Out::Map(fields) => {
            let dict = PyDict::new(py);
            for (k, v) in fields {
                dict.set_item(k, bound(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
