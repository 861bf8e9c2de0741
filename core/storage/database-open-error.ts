/** The file could not be opened or created at all (missing permissions, a folder in the way, not SQLite). */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';

  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(
      `Cannot open the desk database at ${file}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Check that the folder is writable and the path names a desk database, or point --db (or DESK_DB) elsewhere.`,
    );
  }
}
