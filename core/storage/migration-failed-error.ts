/** A migration threw; its transaction was rolled back, so the file stays at `fromVersion`. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';

  constructor(
    readonly file: string,
    readonly fromVersion: number,
    readonly migration: { readonly version: number; readonly name: string },
    override readonly cause: unknown,
  ) {
    super(
      `Upgrading the database ${file} to schema version ${migration.version} (${migration.name}) failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. The file was left at schema version ${fromVersion}.`,
    );
  }
}
