import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import type { ActName } from "../../../sandbox/rehearsal/types.js";
import { withInterrupt } from "../../interrupt.js";

export interface SandboxRehearsalOptions {
  readonly keep: boolean;
  readonly dir?: string;
  readonly scenario?: ActName;
  readonly json: boolean;
  readonly loopback: boolean;
}

/** `runwarden sandbox`: the rehearsal (src/sandbox/rehearsal/); exit 0 only when every act behaved as expected. */
export async function sandboxRehearsal(options: SandboxRehearsalOptions, io: Io): Promise<ExitCode> {
  const { rehearse } = await import("../../../sandbox/rehearsal/rehearse.js");
  return withInterrupt(async (interrupt) => {
    const record = await rehearse(
      {
        keep: options.keep,
        json: options.json,
        loopback: options.loopback,
        ...(options.dir === undefined ? {} : { dir: options.dir }),
        ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
      },
      io,
      interrupt.signal,
      interrupt.stopped,
    );
    if (options.json) io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    if (interrupt.signal.aborted && !options.keep) return EXIT.undecided;
    return record.ok ? EXIT.ok : EXIT.negative;
  });
}
