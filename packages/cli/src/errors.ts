/** A problem with how drvlint was called or configured: one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
