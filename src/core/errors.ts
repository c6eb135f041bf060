/** Every error fusegpu raises on purpose; `code` lets callers branch without parsing text. */
export type ErrorCode =
  | 'no-adapter'
  | 'validation'
  | 'out-of-memory'
  | 'device-lost'
  | 'timeout'
  | 'bad-spec'
  | 'bad-param'
  | 'shape'
  | 'too-large'
  | 'io'
  | 'weights'
  | 'usage';

export class FusegpuError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FusegpuError';
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new FusegpuError(code, message);
}
