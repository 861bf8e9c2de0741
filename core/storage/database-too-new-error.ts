/**
 * The database file was written by a newer build of the desk. Opening it with this build could misread or
 * damage data the newer schema added, so the file is refused untouched.
 */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';

  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `The database ${file} has schema version ${fileVersion}, but this build of Breakout Desk supports ` +
        `schema versions up to ${supportedVersion}. It was written by a newer version of the app. ` +
        `Upgrade Breakout Desk, or point --db (or DESK_DB) at another database file.`,
    );
  }
}
