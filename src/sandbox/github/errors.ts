/** The emulator's refusals. */

/** A request GitHub would refuse: the routes turn it into GitHub's error body. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}
