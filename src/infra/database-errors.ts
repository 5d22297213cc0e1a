/**
 * The MongoDB driver's errors that mean "the database cannot be reached right now", by class
 * name: the API and the jobs must recognise them without importing the driver (only src/store
 * may). Each subclass carries its own name (MongoNetworkTimeoutError extends MongoNetworkError).
 */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/**
 * Server answers that mean the same during a failover or a shutdown of a real MongoDB:
 * ShutdownInProgress, InterruptedAtShutdown, InterruptedDueToReplStateChange,
 * PrimarySteppedDown, NotWritablePrimary, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary.
 */
const UNAVAILABLE_CODES = new Set([91, 11600, 11602, 189, 10107, 13435, 13436]);

/**
 * When the server vanishes while a command is being written, the driver (6.x) throws the
 * socket's own error rather than a MongoNetworkError. Only a bare write/read error of a socket
 * counts: other clients (fetch, the chat SDKs) wrap theirs, so a platform's reset is not taken
 * for the database's.
 */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ENOTCONN', 'ECONNABORTED']);

function isBareSocketError(error: Error): boolean {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return (
    error.constructor === Error &&
    typeof code === 'string' &&
    SOCKET_CODES.has(code) &&
    (syscall === 'write' || syscall === 'read')
  );
}

/** Whether `error` (or an error it wraps as `cause`) says the database is unreachable for now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Error && isBareSocketError(error)) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (UNAVAILABLE_NAMES.has(current.name)) return true;
    const code = (current as { code?: unknown }).code;
    if (current.name === 'MongoServerError' && typeof code === 'number' && UNAVAILABLE_CODES.has(code))
      return true;
    current = current.cause;
  }
  return false;
}
