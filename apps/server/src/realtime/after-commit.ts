import type { DatabaseConnection, Dialect, Driver, Kysely, TransactionSettings } from 'kysely';

/*
 * Pushes that must wait for a transaction's commit, wherever that transaction was opened.
 *
 * The live module publishes after `await db.transaction().execute(...)` returns, in the same
 * function. A notification is written by `notify(trx, ...)` deep inside other modules'
 * transactions, whose outcome the notifications module never sees; Kysely has no after-commit
 * hook (Sequelize's `transaction.afterCommit`, which Outline uses, has no counterpart). So the
 * hook is taken at the driver: the database's driver is wrapped once (createDb), and a callback
 * registered against a transaction runs after that transaction's COMMIT has returned — never on
 * a rollback, never before the commit.
 *
 * A transaction is known by its connection: Kysely runs a transaction on one connection from
 * BEGIN to COMMIT, and no other query uses that connection meanwhile (SQLite's one connection
 * is held behind a mutex; a PostgreSQL pool client is lent to one transaction at a time).
 */

type Callback = () => void;

/** Callbacks per connection whose transaction is open under a wrapped driver. */
const pending = new WeakMap<DatabaseConnection, Callback[]>();

/** Runs the callbacks of a committed transaction; one failing does not stop the others nor the commit's caller. */
function runAll(callbacks: Callback[], onError: (err: unknown) => void) {
  for (const fn of callbacks) {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  }
}

let reportError: (err: unknown) => void = () => {};

/** Where a callback's failure is reported (the app's logger); it must never fail the request that committed. */
export function setAfterCommitErrorReporter(report: (err: unknown) => void): void {
  reportError = report;
}

function hookedDriver(inner: Driver): Driver {
  return {
    init: () => inner.init(),
    acquireConnection: () => inner.acquireConnection(),
    releaseConnection: (connection) => inner.releaseConnection(connection),
    destroy: () => inner.destroy(),
    async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
      await inner.beginTransaction(connection, settings);
      // A fresh list: a transaction that ended without COMMIT or ROLLBACK through the driver
      // (Kysely skips the rollback of an aborted one) must not hand its callbacks to the next.
      pending.set(connection, []);
    },
    async commitTransaction(connection: DatabaseConnection) {
      await inner.commitTransaction(connection);
      const callbacks = pending.get(connection);
      pending.delete(connection);
      if (callbacks?.length) runAll(callbacks, reportError);
    },
    async rollbackTransaction(connection: DatabaseConnection) {
      pending.delete(connection);
      await inner.rollbackTransaction(connection);
    },
    ...(inner.savepoint ? { savepoint: inner.savepoint.bind(inner) } : {}),
    ...(inner.rollbackToSavepoint ? { rollbackToSavepoint: inner.rollbackToSavepoint.bind(inner) } : {}),
    ...(inner.releaseSavepoint ? { releaseSavepoint: inner.releaseSavepoint.bind(inner) } : {}),
  };
}

/** The dialect with its driver wrapped so that afterCommit can wait for COMMIT. Everything else is the dialect's own. */
export function withCommitHooks(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => hookedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/**
 * Runs `fn` once what `db` has written is committed: after the COMMIT of the transaction `db`
 * is, or right away when `db` is not a transaction (each statement committed on its own, and
 * the caller has awaited it). Dropped if the transaction rolls back.
 *
 * Throws when `db` is a transaction of a database not opened by createDb (no hook would ever
 * run the callback): a programming error, found by the first test that meets it.
 */
export async function afterCommit<DB>(db: Kysely<DB>, fn: Callback): Promise<void> {
  if (!db.isTransaction) {
    runAll([fn], reportError);
    return;
  }
  const connection = await db.getExecutor().provideConnection(async (c) => c);
  const callbacks = pending.get(connection);
  if (!callbacks) throw new Error('afterCommit: this transaction’s database was not opened with withCommitHooks (see db/index.ts createDb)');
  callbacks.push(fn);
}
