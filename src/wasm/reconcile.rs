//! `client.reconcile(customerId, desired, { dryRun, concurrency, onProgress, signal })` and
//! `parsePlanCsv(text)`.
//!
//! The shell of a bulk run: it reads the customer's SKUs and each user's licenses, sends the
//! planned updates (every `free` one before any `assign` one), at most `concurrency` at a
//! time, and reports progress. Resolving, planning, the unit check and the report are the
//! core's (`crate::plan`).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::AbortSignal;

use super::client::{Inner, LicenseClient, customer, send_read};
use super::{js, models};
use crate::endpoint::{ListLicenses, ListSubscribedSkus, UpdateLicenses};
use crate::error::{Error, InputError};
use crate::id::{CustomerId, LicenseGroup, UserId};
use crate::plan::{self, Current, Desired, DesiredInput, Phase, ReconcileOptions, ReportBuilder};

/// What `reconcile` read from its arguments.
struct Run {
    customer: CustomerId,
    desired: DesiredInput,
    options: ReconcileOptions,
    on_progress: Option<Function>,
    signal: Option<AbortSignal>,
}

#[wasm_bindgen]
impl LicenseClient {
    /// `reconcile(customerId, desired, { dryRun, concurrency, onProgress, signal })` → the report.
    #[wasm_bindgen(js_name = reconcile)]
    pub fn reconcile(&self, customer_id: JsValue, desired: JsValue, options: JsValue) -> Promise {
        let prepared = (|| {
            let on_progress = js::property(&options, "onProgress");
            let on_progress = match on_progress.dyn_into::<Function>() {
                Ok(f) => Some(f),
                Err(v) if v.is_undefined() || v.is_null() => None,
                Err(_) => return Err(InputError::new("onProgress", "must be a function")),
            };
            Ok(Run {
                customer: customer(&customer_id)?,
                desired: plan::desired_from_json(&js::json_text("desired", &plain(&desired))?)?,
                options: ReconcileOptions::from_json(&js::json_text("options", &options)?)?,
                on_progress,
                signal: js::signal(&options)?,
            })
        })();
        match prepared {
            Err(e) => Promise::reject(&js::input_error(e)),
            Ok(run) => future_to_promise(reconcile(Rc::clone(&self.inner), run)),
        }
    }
}

/// `parsePlanCsv(text)` → the desired licenses of a CSV plan file (see docs/bulk.md); throws a
/// `PartnerCenterError` (kind `invalidInput`) naming the line.
#[wasm_bindgen(js_name = parsePlanCsv)]
pub fn parse_plan_csv(text: JsValue) -> Result<JsValue, JsValue> {
    let text = js::string_arg("text", &text).map_err(js::input_error)?;
    let desired = plan::parse_csv(&text).map_err(js::input_error)?;
    let json = serde_json::to_string(&desired)
        .map_err(|e| js::input_error(InputError::new("text", e.to_string())))?;
    js::parse_json(&JsString::from(json))
}

/// A `Map` as a plain object (`JSON.stringify` of a `Map` is `{}`).
fn plain(value: &JsValue) -> JsValue {
    match value.dyn_ref::<js_sys::Map>() {
        Some(map) => Object::from_entries(map).map_or(JsValue::NULL, Into::into),
        None => value.clone(),
    }
}

/// Shared state of a run's workers. Errors are kept as JavaScript `PartnerCenterError`s;
/// the report refers to them by index until it is handed to JavaScript.
struct Shared {
    inner: Rc<Inner>,
    customer: CustomerId,
    signal: Option<AbortSignal>,
    on_progress: Option<Function>,
    builder: RefCell<ReportBuilder<usize>>,
    errors: RefCell<Vec<JsValue>>,
    current: RefCell<Current>,
    done: Cell<usize>,
}

impl Shared {
    fn keep(&self, error: JsValue) -> usize {
        let mut errors = self.errors.borrow_mut();
        errors.push(error);
        errors.len() - 1
    }

    /// One more item of `phase` done; a throwing callback is ignored.
    fn progress(&self, phase: &str, total: usize) {
        self.done.set(self.done.get() + 1);
        if let Some(f) = &self.on_progress {
            let event = Object::new();
            let _ = Reflect::set(&event, &"phase".into(), &phase.into());
            let _ = Reflect::set(&event, &"done".into(), &(self.done.get() as f64).into());
            let _ = Reflect::set(&event, &"total".into(), &(total as f64).into());
            let _ = f.call1(&JsValue::UNDEFINED, &event);
        }
    }

    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(AbortSignal::aborted)
    }
}

async fn reconcile(inner: Rc<Inner>, run: Run) -> Result<JsValue, JsValue> {
    let started = js_sys::Date::now();
    let all = LicenseGroup::ALL.to_vec();
    let skus = send_read(
        &inner,
        &ListSubscribedSkus {
            customer: run.customer,
            groups: all.clone(),
        },
        run.signal.as_ref(),
        models::subscribed_skus,
    )
    .await?;
    let resolved = plan::resolve(&run.desired, &skus).map_err(js::input_error)?;
    let mut builder = ReportBuilder::new(run.options.dry_run);
    builder.invalid(resolved.invalid, resolved.problems);
    let shared = Rc::new(Shared {
        inner,
        customer: run.customer,
        signal: run.signal,
        on_progress: run.on_progress,
        builder: RefCell::new(builder),
        errors: RefCell::new(Vec::new()),
        current: RefCell::new(Current::new()),
        done: Cell::new(0),
    });
    let concurrency = run.options.concurrency as usize;

    // 1. Read every user's licenses (both groups).
    let users: Rc<Vec<UserId>> = Rc::new(resolved.desired.keys().cloned().collect());
    let total = users.len();
    let work: Work = {
        let (shared, users) = (Rc::clone(&shared), Rc::clone(&users));
        Rc::new(move |i| {
            let (shared, user, groups) = (Rc::clone(&shared), users[i].clone(), all.clone());
            Box::pin(async move {
                let endpoint = ListLicenses {
                    customer: shared.customer,
                    user: user.clone(),
                    groups,
                };
                let read = send_read(
                    &shared.inner,
                    &endpoint,
                    shared.signal.as_ref(),
                    models::licenses,
                );
                match read.await {
                    Ok(licenses) => {
                        shared.current.borrow_mut().insert(user, licenses);
                    }
                    Err(e) => {
                        let index = shared.keep(e);
                        shared.builder.borrow_mut().read_failed(user, index);
                    }
                }
                shared.progress("read", total);
            })
        })
    };
    pool(concurrency, total, &shared, work).await;
    stop_if_aborted(&shared)?;

    // 2. Plan from what was read (users whose read failed are left out).
    // (Built by insertion: `retain` would add the map's removal code to the wasm.)
    let mut desired = Desired::new();
    {
        let current = shared.current.borrow();
        for (user, licenses) in resolved.desired {
            if current.contains_key(&user) {
                desired.insert(user, licenses);
            }
        }
    }
    let planned = plan::plan(&desired, &shared.current.borrow(), &skus);
    shared.builder.borrow_mut().planned(planned);

    // 3. Send: every Free update, then every Assign update.
    if shared.builder.borrow().should_apply() {
        shared.done.set(0);
        let total = shared.builder.borrow().plan().updates.len();
        for phase in [Phase::Free, Phase::Assign] {
            let indexes = Rc::new(shared.builder.borrow().phase(phase));
            let count = indexes.len();
            let work: Work = {
                let shared = Rc::clone(&shared);
                Rc::new(move |k| {
                    let (shared, i) = (Rc::clone(&shared), indexes[k]);
                    Box::pin(async move {
                        let result = send_update(&shared, i).await;
                        let result = result.map_err(|e| shared.keep(e));
                        shared.builder.borrow_mut().applied(i, result);
                        shared.progress("apply", total);
                    })
                })
            };
            pool(concurrency, count, &shared, work).await;
            stop_if_aborted(&shared)?;
        }
    }

    let builder = shared.builder.replace(ReportBuilder::new(false));
    let report = builder.finish((js_sys::Date::now() - started).max(0.0) as u64);
    let json = serde_json::to_string(&report)
        .map_err(|e| js::input_error(InputError::new("report", e.to_string())))?;
    let out = js::parse_json(&JsString::from(json))?;
    // Put each failed user's PartnerCenterError where the report holds its index.
    let lines = Reflect::get(&out, &"users".into())?;
    let errors = shared.errors.borrow();
    for (k, line) in report.users.iter().enumerate() {
        if let Some(error) = line.error.and_then(|index| errors.get(index)) {
            let item = Reflect::get_u32(&lines, k as u32)?;
            Reflect::set(&item, &"error".into(), error)?;
        }
    }
    Ok(out)
}

async fn send_update(shared: &Shared, index: usize) -> Result<(), JsValue> {
    let planned = shared
        .builder
        .borrow()
        .update(index)
        .cloned()
        .ok_or_else(|| js::input_error(InputError::new("plan", "no such update")))?;
    let endpoint = UpdateLicenses::new(shared.customer, planned.user, planned.update)
        .map_err(js::input_error)?;
    send_read(&shared.inner, &endpoint, shared.signal.as_ref(), |_| Ok(())).await
}

/// After an abort the run rejects like any call (kind `aborted`): a new run picks up
/// where this one stopped, and changes nothing twice.
fn stop_if_aborted(shared: &Shared) -> Result<(), JsValue> {
    if shared.aborted() {
        Err(js::error(&Error::Aborted, None, None))
    } else {
        Ok(())
    }
}

/// One item of work: reads one user, or sends one update.
type Work = Rc<dyn Fn(usize) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Runs `work(0..count)` with at most `concurrency` items in flight; workers stop taking
/// items once the signal is aborted. (One non-generic function: the wasm stays small.)
async fn pool(concurrency: usize, count: usize, shared: &Rc<Shared>, work: Work) {
    let next = Rc::new(Cell::new(0usize));
    let workers = Array::new();
    for _ in 0..concurrency.min(count) {
        let (next, work, shared) = (Rc::clone(&next), Rc::clone(&work), Rc::clone(shared));
        workers.push(&future_to_promise(async move {
            loop {
                let i = next.get();
                if i >= count || shared.aborted() {
                    break;
                }
                next.set(i + 1);
                work(i).await;
            }
            Ok(JsValue::UNDEFINED)
        }));
    }
    // Workers never reject (every error is recorded in the report).
    let _ = JsFuture::from(Promise::all(&workers)).await;
}
