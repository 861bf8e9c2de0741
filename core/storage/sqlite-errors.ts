import Database from 'better-sqlite3';

/**
 * True when the failure lies in a row's values (a CHECK or NOT NULL refusal, or a value better-sqlite3
 * cannot bind), as opposed to an I/O or lock failure that says nothing about the row.
 */
export function isRowValueError(error: unknown): error is Error {
  if (error instanceof Database.SqliteError) {
    return error.code === 'SQLITE_CONSTRAINT_CHECK' || error.code === 'SQLITE_CONSTRAINT_NOTNULL';
  }
  return error instanceof TypeError || error instanceof RangeError;
}
