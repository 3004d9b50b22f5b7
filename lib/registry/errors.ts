/** A registry problem the user can act on: the CLI prints it as one line, the app as a message. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistryError";
  }
}

/** A registry file that exists but cannot be used (corrupt JSON, a model that fails validation): the app answers 503. */
export class CorruptRegistryError extends RegistryError {
  constructor(message: string) {
    super(message);
    this.name = "CorruptRegistryError";
  }
}

/** JSON.parse with the file (and, when given, what it should be) named in the error, as one line. */
export function parseJsonFile(text: string, file: string, what?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptRegistryError(`${file}: ${what ? `${what}: ` : ""}not valid JSON (${(error as Error).message.split("\n")[0].slice(0, 120)})`);
  }
}
