// A usage error: what was wrong and how to call it instead. Caught by main and turned into exit 2.
export class UsageError extends Error {
  readonly code = 'ERR_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
