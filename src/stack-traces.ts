// Cheap stack traces for CDKTF tokens: CDKTF records one for every token it creates, on a plain object, and shows
// it only when that token later fails to resolve. Formatting them all is a sixth of a synth (and a third of the
// unit tests, where jest maps each one through source maps). Real errors keep their full traces.

/** Formats traces captured on plain objects as empty; delegates everything else to the formatter in place. */
export function skipTokenStackTraces(): void {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, frames) => {
    if (!(target instanceof Error)) return '';
    if (previous) return previous(target, frames);
    return `${String(target)}\n${frames.map((frame) => `    at ${String(frame)}`).join('\n')}`;
  };
}
