/** A user-facing failure: printed as one line, exit code 1, no stack trace. A leaf: imports nothing. */
export class CliError extends Error {}
