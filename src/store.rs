//! The durable store of `kmsconf serve --data-dir`: the reference's journal in an embedded
//! transactional database, each entry sealed under a master key kept in its own file, and
//! durable before the call it records is answered (docs/spec/decisions.md D-501..D-506).

mod master_key;
mod nonces;
mod sealed;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

use redb::{Database, ReadOnlyDatabase, ReadableDatabase, ReadableTable as _, TableDefinition};

use kms_reference::Kms;
use kms_reference::journal::{Journal, JournalEntry};

pub use master_key::MASTER_KEY_FILE;
use master_key::MasterKey;

/// The database file in the data directory.
pub const DATABASE_FILE: &str = "kms.redb";

/// The schema this binary writes and reads. A store of a newer schema is refused, never
/// rewritten (D-503).
pub const SCHEMA_VERSION: u64 = 1;

/// `schema` → the schema version; `clock_offset` → how far the test clock was moved.
const META: TableDefinition<&str, i64> = TableDefinition::new("meta");
/// Sequence number → one sealed journal entry.
const JOURNAL: TableDefinition<u64, &[u8]> = TableDefinition::new("journal");

/// Why the store could not be opened, replayed or written.
#[derive(Debug)]
pub struct StoreError(String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> StoreError {
        StoreError(message.into())
    }
}

fn fail(dir: &Path, what: impl fmt::Display) -> StoreError {
    StoreError(format!("the store in {}: {what}", dir.display()))
}

/// An open store.
pub struct DurableStore {
    dir: PathBuf,
    db: Database,
    key: MasterKey,
    /// Entries taken but not yet committed, and how far the journal is durable.
    queue: Mutex<Queue>,
    /// Signalled when a commit ends.
    committed: Condvar,
}

impl fmt::Debug for DurableStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DurableStore")
            .field("dir", &self.dir)
            .field("entries", &self.entry_count())
            .finish_non_exhaustive()
    }
}

/// What replaying a store did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replayed {
    /// Entries replayed.
    pub entries: u64,
    /// The time of the newest entry, in seconds since the epoch.
    pub last_now: Option<i64>,
}

impl DurableStore {
    /// Opens the store in `dir`, creating the directory (owner-only), its master key and its
    /// database when absent. A store of a newer schema, or a database without its master
    /// key, is refused.
    pub fn open(dir: &Path) -> Result<DurableStore, StoreError> {
        create_private_dir(dir).map_err(|e| fail(dir, format!("cannot create it: {e}")))?;
        let db_path = dir.join(DATABASE_FILE);
        let existed = db_path.exists();
        let key = MasterKey::load_or_create(dir, existed).map_err(|e| fail(dir, e))?;
        if existed {
            // Read-only first, so that a store this binary must refuse is left byte for byte
            // as it is. A store that needs recovery after a crash cannot be opened read-only;
            // it is checked after the recovery below.
            if let Ok(read_only) = ReadOnlyDatabase::open(&db_path) {
                check_schema(&read_only).map_err(|e| fail(dir, e))?;
            }
        }
        let db = Database::create(&db_path).map_err(|e| match e {
            redb::DatabaseError::DatabaseAlreadyOpen => {
                fail(dir, "another kmsconf serve holds it open")
            }
            other => fail(dir, format!("cannot open {DATABASE_FILE}: {other}")),
        })?;
        let store = DurableStore {
            dir: dir.to_owned(),
            db,
            key,
            queue: Mutex::new(Queue::default()),
            committed: Condvar::new(),
        };
        match check_schema(&store.db).map_err(|e| fail(dir, e))? {
            Some(_) => {}
            None => store.set_meta("schema", SCHEMA_VERSION as i64)?,
        }
        let next = store.last_seq()?.map_or(0, |s| s + 1);
        {
            let mut queue = store.lock_queue();
            queue.next = next;
            queue.durable = next;
        }
        Ok(store)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn err(&self, what: impl fmt::Display) -> StoreError {
        fail(&self.dir, what)
    }

    fn meta(&self, name: &str) -> Result<Option<i64>, StoreError> {
        read_meta(&self.db, name).map_err(|e| self.err(e))
    }

    fn set_meta(&self, name: &str, value: i64) -> Result<(), StoreError> {
        let write = self.db.begin_write().map_err(|e| self.err(e))?;
        {
            let mut table = write.open_table(META).map_err(|e| self.err(e))?;
            table.insert(name, value).map_err(|e| self.err(e))?;
        }
        write.commit().map_err(|e| self.err(e))
    }

    fn last_seq(&self) -> Result<Option<u64>, StoreError> {
        let read = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match read.open_table(JOURNAL) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(self.err(e)),
        };
        let last = table.last().map_err(|e| self.err(e))?;
        Ok(last.map(|(k, _)| k.value()))
    }

    /// How far the test clock had been moved (`POST /__kmsconf/clock`), 0 when never.
    pub fn clock_offset(&self) -> Result<i64, StoreError> {
        Ok(self.meta("clock_offset")?.unwrap_or(0))
    }

    /// Keeps how far the test clock has been moved, durably.
    pub fn save_clock_offset(&self, offset: i64) -> Result<(), StoreError> {
        self.set_meta("clock_offset", offset)
    }

    /// How many entries the journal holds.
    pub fn entry_count(&self) -> u64 {
        self.lock_queue().next
    }

    /// Replays every entry, in order, into `kms` (which must not journal yet).
    pub fn replay_into(&self, kms: &Kms) -> Result<Replayed, StoreError> {
        let read = self.db.begin_read().map_err(|e| self.err(e))?;
        let table = match read.open_table(JOURNAL) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => {
                return Ok(Replayed {
                    entries: 0,
                    last_now: None,
                });
            }
            Err(e) => return Err(self.err(e)),
        };
        let mut replayed = Replayed {
            entries: 0,
            last_now: None,
        };
        for row in table.iter().map_err(|e| self.err(e))? {
            let (seq, sealed) = row.map_err(|e| self.err(e))?;
            let seq = seq.value();
            let plain = sealed::open(&self.key, seq, sealed.value())
                .map_err(|e| self.err(format!("entry {seq}: {e}")))?;
            let entry: JournalEntry = serde_json::from_slice(&plain)
                .map_err(|e| self.err(format!("entry {seq} cannot be read: {e}")))?;
            kms.replay(&entry).map_err(|e| {
                self.err(format!(
                    "entry {seq} cannot be replayed: {e} (started with other limits or by \
                     another kmsconf version?)"
                ))
            })?;
            replayed.entries += 1;
            replayed.last_now = Some(entry.now);
        }
        Ok(replayed)
    }
}

/// The entries taken but not yet committed (group commit, D-501).
#[derive(Default)]
struct Queue {
    /// Sealed entries in sequence order.
    pending: Vec<(u64, Vec<u8>)>,
    /// Signature nonces accepted since the last commit, written with the next one (D-506).
    nonces: Vec<kms_reference::gateway::AcceptedNonce>,
    /// The number the next entry gets.
    next: u64,
    /// Every entry below this number is durable.
    durable: u64,
    /// A commit is under way (its entries left `pending`).
    committing: bool,
    /// A commit failed: nothing more is taken or acknowledged.
    failed: bool,
}

impl DurableStore {
    fn lock_queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One write transaction for every entry in `batch` and every nonce in `nonces`,
    /// committed with immediate durability.
    fn commit(
        &self,
        batch: &[(u64, Vec<u8>)],
        nonces: &[kms_reference::gateway::AcceptedNonce],
    ) -> Result<(), redb::Error> {
        let write = self.db.begin_write()?;
        {
            let mut table = write.open_table(JOURNAL)?;
            for (seq, sealed) in batch {
                table.insert(*seq, sealed.as_slice())?;
            }
        }
        nonces::insert(&write, nonces)?;
        write.commit()?;
        Ok(())
    }
}

impl Journal for DurableStore {
    /// Seals the entry and queues it, numbered in the order the calls ran (this is called
    /// under the reference's lock).
    fn append(&self, entry: &JournalEntry) -> Result<u64, String> {
        let plain = serde_json::to_vec(entry).map_err(|e| e.to_string())?;
        let mut queue = self.lock_queue();
        if queue.failed {
            return Err("an earlier entry could not be stored".into());
        }
        let seq = queue.next;
        queue.next += 1;
        queue
            .pending
            .push((seq, sealed::seal(&self.key, seq, &plain)));
        Ok(seq)
    }

    /// Group commit: the first caller to find entries pending commits all of them in one
    /// transaction while the others wait; each returns once its own entry is durable.
    fn wait_durable(&self, seq: u64) -> Result<(), String> {
        let mut queue = self.lock_queue();
        loop {
            if queue.durable > seq {
                return Ok(());
            }
            if queue.failed {
                return Err("the journal could not be stored".into());
            }
            if queue.committing {
                queue = self
                    .committed
                    .wait(queue)
                    .unwrap_or_else(|p| p.into_inner());
                continue;
            }
            let batch = std::mem::take(&mut queue.pending);
            let nonces = std::mem::take(&mut queue.nonces);
            let Some(&(last, _)) = batch.last() else {
                // Nothing pending and not durable: cannot happen; refuse rather than spin.
                queue.failed = true;
                continue;
            };
            queue.committing = true;
            drop(queue);
            let outcome = self.commit(&batch, &nonces);
            queue = self.lock_queue();
            queue.committing = false;
            match outcome {
                Ok(()) => queue.durable = last + 1,
                Err(e) => {
                    // The message names the store and the cause only: never the entries.
                    tracing::error!(store = %self.dir.display(), error = %e, "journal entries could not be stored; refusing calls until restart");
                    queue.failed = true;
                }
            }
            self.committed.notify_all();
        }
    }
}

/// The schema of a store, `None` when new; an error for a schema this binary does not read
/// (D-503).
fn check_schema(db: &impl ReadableDatabase) -> Result<Option<i64>, String> {
    match read_meta(db, "schema")? {
        None => Ok(None),
        Some(v) if v == SCHEMA_VERSION as i64 => Ok(Some(v)),
        Some(v) if v > SCHEMA_VERSION as i64 => Err(format!(
            "it was written by a newer kmsconf (schema {v}; this one reads {SCHEMA_VERSION}); \
             it is left as it is"
        )),
        Some(v) => Err(format!(
            "schema {v} is not one this kmsconf reads ({SCHEMA_VERSION})"
        )),
    }
}

fn read_meta(db: &impl ReadableDatabase, name: &str) -> Result<Option<i64>, String> {
    let read = db.begin_read().map_err(|e| e.to_string())?;
    let table = match read.open_table(META) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let value = table.get(name).map_err(|e| e.to_string())?;
    Ok(value.map(|v| v.value()))
}

/// Creates `dir` (and its parents) readable by its owner only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}
