//! argon2's working memory, kept between hashes instead of allocated for each one.
//!
//! A fresh 19 MiB buffer per hash looked bounded, but glibc hands freed buffers back to
//! the thread's arena rather than to the system (after the first, its dynamic mmap
//! threshold rises above 19 MiB), and every blocking thread grows an arena of its own: a
//! burst of sign-ins left the process hundreds of MiB larger, for good. One buffer per
//! hashing slot, allocated on the slot's first hash and reused ever after, makes the
//! bound what the hasher promises: slots × memory cost, however long the burst.

use std::sync::{Arc, Mutex, PoisonError};

use argon2::Block;

#[derive(Debug)]
pub struct MemoryPool {
    /// The policy's memory cost in 1 KiB blocks: every pooled buffer has exactly this many.
    blocks: usize,
    idle: Mutex<Vec<Vec<Block>>>,
    #[cfg(test)]
    allocated: std::sync::atomic::AtomicUsize,
}

impl MemoryPool {
    pub fn new(blocks: usize) -> Self {
        Self {
            blocks,
            idle: Mutex::new(Vec::new()),
            #[cfg(test)]
            allocated: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Callers hold a hashing permit, so no more buffers are ever out at once than there
    /// are permits, and the pool never allocates more than that either.
    pub fn lease(self: &Arc<Self>) -> Lease {
        let pooled = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let buffer = pooled.unwrap_or_else(|| {
            #[cfg(test)]
            self.allocated
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            vec![Block::new(); self.blocks]
        });
        Lease {
            pool: Arc::clone(self),
            buffer,
            oversized: Vec::new(),
        }
    }

    #[cfg(test)]
    pub fn allocated(&self) -> usize {
        self.allocated.load(std::sync::atomic::Ordering::SeqCst)
    }

    #[cfg(test)]
    pub fn idle(&self) -> Vec<usize> {
        self.idle.lock().unwrap().iter().map(Vec::len).collect()
    }
}

/// A slot's buffer, back in the pool when dropped, even if the hash panicked.
pub struct Lease {
    pool: Arc<MemoryPool>,
    buffer: Vec<Block>,
    oversized: Vec<Block>,
}

impl Lease {
    /// Memory for a hash of `blocks` blocks. A stored hash made with a higher memory cost
    /// than the policy's gets a buffer of its own, freed with the lease, so that checking
    /// it once does not leave every slot that large.
    pub fn blocks(&mut self, blocks: usize) -> &mut [Block] {
        if blocks <= self.buffer.len() {
            return &mut self.buffer[..blocks];
        }
        self.oversized = vec![Block::new(); blocks];
        &mut self.oversized
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let buffer = std::mem::take(&mut self.buffer);
        self.pool
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(buffer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returned_buffer_is_lent_again_instead_of_a_new_one() {
        let pool = Arc::new(MemoryPool::new(8));
        drop(pool.lease());
        drop(pool.lease());
        let (first, second) = (pool.lease(), pool.lease());
        drop((first, second));
        assert_eq!(pool.allocated(), 2, "two at once need two buffers, no more");
        assert_eq!(pool.idle(), [8, 8]);
    }

    #[test]
    fn a_larger_hash_gets_its_own_buffer_and_the_pooled_one_keeps_its_size() {
        let pool = Arc::new(MemoryPool::new(8));
        let mut lease = pool.lease();
        assert_eq!(lease.blocks(4).len(), 4);
        assert_eq!(lease.blocks(32).len(), 32);
        drop(lease);
        assert_eq!(pool.idle(), [8]);
    }
}
