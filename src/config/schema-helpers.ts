// What the sections' zod schemas share: number ranges, ports, non-empty strings, and the check that a section's
// hand-written settings interface (which carries the documentation) and its schema describe the same shape.
// zod/mini, not classic zod: same checks, but it loads in ~10 ms where classic zod takes ~140 ms of every synth.
import * as z from 'zod/mini';

/** An integer from `min` to `max`. */
export const integer = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));
export const port = integer(1, 65535);
export const nonEmpty = z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty. Fix: set a value.' }));

/** Strict equality of two types: also tells an optional property apart from a missing one, unlike mutual assignability. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/**
 * `true` when a settings interface and a schema's input type are the same shape (readonly aside), `false`
 * otherwise. Each section states `true satisfies InSync<...>`, which fails to compile when the two drift apart.
 */
export type InSync<Settings, Schema extends z.ZodMiniType> = Same<Mutable<Settings>, Mutable<z.input<Schema>>>;
