/** Thrown by a read with `refuseQuotes` when the data holds a `"` byte (a parallel read's slices split at plain newlines). */
export class QuotedInputError extends Error {
  constructor() {
    super("the data holds a quote character");
    this.name = "QuotedInputError";
  }
}
