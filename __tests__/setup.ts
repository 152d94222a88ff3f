// Jest setup: CDKTF's matchers (toHaveResource, toHaveResourceWithProperties, ...), and cheap token stack traces.
import { Testing } from 'cdktf';

Testing.setupJest();

// CDKTF records a stack trace for every token it creates, on a plain object (not an Error), and shows it only if
// the token later fails to resolve. Under jest each of those traces is mapped through source maps, which took a
// third of the unit tests' time. Real errors keep jest's source-mapped traces.
const sourceMapped = Error.prepareStackTrace;
Error.prepareStackTrace = (target, frames) => {
  if (!(target instanceof Error)) return '';
  return sourceMapped ? sourceMapped(target, frames) : `${String(target)}\n${frames.map((frame) => `    at ${String(frame)}`).join('\n')}`;
};
