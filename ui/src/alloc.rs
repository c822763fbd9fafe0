//! The web page's allocator: loading a 100 MB HAR makes millions of small
//! allocations (each header name and value, each URL), first in the worker
//! and again on the page. The default wasm allocator (dlmalloc) spends a
//! tenth of the load in them; this serves small sizes from free lists, one
//! per size class, carved from 64 KB blocks, and leaves the rest to it.
//!
//! wasm32 without threads only (one instance per thread: the page and its
//! worker each have their own memory), so the lists need no locking.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Sizes up to this are served from the lists, in steps of [`STEP`] bytes.
const SMALL: usize = 512;
const STEP: usize = 16;
const CLASSES: usize = SMALL / STEP;
/// Bytes taken from the system allocator at a time for the lists.
const BLOCK: usize = 64 << 10;

pub struct Lists {
    state: UnsafeCell<State>,
}

struct State {
    /// Freed blocks of each class, linked through their first word.
    free: [*mut u8; CLASSES],
    /// The unused end of the current 64 KB block.
    bump: *mut u8,
    end: *mut u8,
}

// SAFETY: wasm32 without the atomics feature has one thread per instance.
// (With threads, `Lists` is not `Sync` and cannot be the global allocator.)
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for Lists {}

impl Lists {
    pub const fn new() -> Self {
        Lists {
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                bump: ptr::null_mut(),
                end: ptr::null_mut(),
            }),
        }
    }
}

impl Default for Lists {
    fn default() -> Self {
        Self::new()
    }
}

/// The size class of a layout, or `None` for what the system allocator keeps.
fn class(layout: Layout) -> Option<usize> {
    (layout.size() <= SMALL && layout.align() <= STEP).then(|| layout.size().max(1).div_ceil(STEP) - 1)
}

unsafe impl GlobalAlloc for Lists {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else { return System.alloc(layout) };
        let s = &mut *self.state.get();
        let head = s.free[c];
        if !head.is_null() {
            s.free[c] = *(head as *mut *mut u8);
            return head;
        }
        let size = (c + 1) * STEP;
        if (s.end as usize) - (s.bump as usize) < size {
            // SAFETY of the layout: BLOCK and STEP are non-zero powers of two.
            let block = System.alloc(Layout::from_size_align_unchecked(BLOCK, STEP));
            if block.is_null() {
                return block;
            }
            s.bump = block;
            s.end = block.add(BLOCK);
        }
        let p = s.bump;
        s.bump = p.add(size);
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else { return System.dealloc(p, layout) };
        let s = &mut *self.state.get();
        *(p as *mut *mut u8) = s.free[c];
        s.free[c] = p;
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class(layout), class(new)) {
            (None, None) => System.realloc(p, layout, new_size),
            (Some(a), Some(b)) if a == b => p,
            _ => {
                let q = self.alloc(new);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocations of every size class and beyond, freed in a shuffled order,
    /// reallocated across classes: each block keeps its bytes, is aligned, and
    /// no two live blocks overlap.
    #[test]
    fn blocks_keep_their_bytes_and_never_overlap() {
        let a = Lists::new();
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut seed = 7u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for round in 0..20_000u32 {
            let r = next();
            if r % 3 == 0 && !live.is_empty() {
                let i = next() as usize % live.len();
                let (p, l, fill) = live.swap_remove(i);
                unsafe {
                    assert!((0..l.size()).all(|k| *p.add(k) == fill), "a block lost its bytes");
                    a.dealloc(p, l);
                }
            } else if r % 3 == 1 && !live.is_empty() {
                let i = next() as usize % live.len();
                let (p, l, fill) = live[i];
                let size = 1 + next() as usize % 700;
                unsafe {
                    let q = a.realloc(p, l, size);
                    assert!(!q.is_null());
                    assert!((0..l.size().min(size)).all(|k| *q.add(k) == fill), "realloc lost bytes");
                    let l2 = Layout::from_size_align(size, l.align()).unwrap();
                    std::ptr::write_bytes(q, fill, size);
                    live[i] = (q, l2, fill);
                }
            } else {
                let size = 1 + next() as usize % 1200;
                let align = [1, 2, 4, 8, 16, 32][next() as usize % 6];
                let l = Layout::from_size_align(size, align).unwrap();
                let fill = round as u8;
                unsafe {
                    let p = a.alloc(l);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "misaligned for {l:?}");
                    std::ptr::write_bytes(p, fill, size);
                    live.push((p, l, fill));
                }
            }
        }
        let mut spans: Vec<(usize, usize)> =
            live.iter().map(|(p, l, _)| (*p as usize, *p as usize + l.size())).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "two live blocks overlap");
        for (p, l, fill) in live {
            unsafe {
                assert!((0..l.size()).all(|k| *p.add(k) == fill));
                a.dealloc(p, l);
            }
        }
    }

    #[test]
    fn a_freed_block_is_reused_by_its_class() {
        let a = Lists::new();
        let l = Layout::from_size_align(40, 8).unwrap();
        unsafe {
            let p = a.alloc(l);
            a.dealloc(p, l);
            assert_eq!(a.alloc(Layout::from_size_align(48, 8).unwrap()), p, "40 and 48 bytes share a class");
        }
    }
}
