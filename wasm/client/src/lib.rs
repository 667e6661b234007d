//! The `.wasm` every page loads: the core behind a few synchronous calls.
//!
//! A small JavaScript driver (`pkg/src/client.mjs`) runs each call: it asks [`Core::start`]
//! for a [`Call`] (inputs checked, nothing sent yet), asks the call for each attempt's
//! request, does `fetch`, hands the response back, and carries out what the core decides
//! (done, wait and retry, refresh the token, give up). The wasm holds no futures, closures
//! or JavaScript objects, and imports nothing but wasm-bindgen's own string glue: time and
//! randomness come in as arguments, requests and decisions go out as JSON text that
//! `JSON.parse` reads. Every rule lives in the core crate, where native tests reach it;
//! this crate only converts (its logic is tested natively through [`Call`] and [`Core`]).

#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

mod call;
mod client;
mod op;
mod reply;

pub use call::Call;
pub use client::Core;

/// A small free-list allocator (lol_alloc: 2.5 KB gzip less than dlmalloc; the spin lock
/// makes it safe to install, and is never contended in a single-threaded page or worker).
#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A panic (none is expected: the core is fuzzed for them) traps at once, with no message:
/// std's panic machinery, and the formatting it carries, stay out of the `.wasm`. The trap
/// reaches the driver as a `WebAssembly.RuntimeError`, never as a result.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pace;
#[cfg(test)]
mod tests_users;
