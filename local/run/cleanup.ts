// What must be stopped before the runner exits, in reverse order of starting: on success, on
// failure and on Ctrl-C alike, so no server outlives a run.
const steps: { name: string; run: () => Promise<void> | void }[] = [];

export function onCleanup(name: string, run: () => Promise<void> | void): void {
  steps.push({ name, run });
}

export async function cleanUp(): Promise<void> {
  while (steps.length) {
    const step = steps.pop()!;
    try {
      await step.run();
    } catch (err) {
      process.stderr.write(`[local] stopping ${step.name} failed: ${(err as Error).message}\n`);
    }
  }
}
