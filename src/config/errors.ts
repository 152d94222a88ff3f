// Configuration problems: collected while resolving settings, reported together, each naming setting, value and fix.
import type { z } from 'zod/mini';

/** One wrong setting. `message` says what is wrong and how to fix it. */
export interface ConfigProblem {
  /** Dotted path of the setting inside the environment, e.g. `network.vpcCidr`. */
  readonly setting: string;
  readonly value: unknown;
  readonly message: string;
}

/** Thrown before any stack is built when a setting is wrong; nothing is synthesized. */
export class ConfigError extends Error {
  constructor(
    readonly environment: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(environment, problems));
    this.name = 'ConfigError';
  }

  /** One error for several environments, so a user sees every mistake in one run. */
  static merge(errors: readonly ConfigError[]): Error {
    if (errors.length === 1) return errors[0];
    return new AggregateConfigError(errors);
  }
}

/** Problems in more than one environment. */
export class AggregateConfigError extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigError';
  }
}

function formatProblems(environment: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return `Environment "${environment}" has ${problems.length} configuration ${noun} (nothing was synthesized):\n${lines.join('\n')}`;
}

/** `setting = value: message`, the line format of errors and warnings. */
export function formatProblem(problem: ConfigProblem): string {
  return `${problem.setting} = ${describeValue(problem.value)}: ${problem.message}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Collects problems while a section is resolved; `prefix` is the section's path (`network`). */
export class ProblemList {
  constructor(
    private readonly prefix = '',
    private readonly problems: ConfigProblem[] = [],
    private readonly warningList: ConfigProblem[] = [],
  ) {}

  /** A hard problem: synthesis stops. */
  add(setting: string, value: unknown, message: string): void {
    this.problems.push({ setting: this.path(setting), value, message });
  }

  /** A soft problem: synthesis goes on and the warning is shown on the stack. */
  warn(setting: string, value: unknown, message: string): void {
    this.warningList.push({ setting: this.path(setting), value, message });
  }

  /** A child list whose settings are prefixed with `section`; what it collects lands in this list. */
  section(section: string): ProblemList {
    return new ProblemList(this.path(section), this.problems, this.warningList);
  }

  /** Whether any problem has been recorded, in this list or any of its sections. */
  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  get all(): readonly ConfigProblem[] {
    return this.problems;
  }

  get warnings(): readonly ConfigProblem[] {
    return this.warningList;
  }

  /**
   * Turns the issues of a failed zod parse into problems, reading each value back from `input`.
   * `requiredHint` says, for the dotted path of a missing setting, what it is for and what to write.
   */
  addZodIssues(
    issues: readonly z.core.$ZodIssue[],
    input: unknown,
    requiredHint: (setting: string) => string | undefined = () => undefined,
  ): void {
    for (const issue of issues) {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          this.add(
            [...path, key].join('.'),
            valueAt(input, [...path, key]),
            `unknown setting. Fix: check the spelling against docs/configuration.md, or remove it.`,
          );
        }
        continue;
      }
      if (issue.code === 'invalid_key') {
        // zod's path ends with the bad key, and its value is not what is wrong: the key is the value to show.
        const messages = issue.issues.map((inner) => inner.message).filter((message) => message.includes('Fix:'));
        this.add(
          path.slice(0, -1).join('.'),
          path[path.length - 1],
          messages[0] ?? 'is not an accepted key. Fix: rename it.',
        );
        continue;
      }
      const value = valueAt(input, path);
      const hint = value === undefined ? requiredHint(path.join('.')) : undefined;
      this.add(path.join('.'), value, hint ?? describeZodIssue(issue, value));
    }
  }

  throwIfAny(environment: string): void {
    if (!this.isEmpty) throw new ConfigError(environment, this.problems);
  }

  /** The full path of a setting of this list's section, for messages that refer to a sibling setting. */
  path(setting: string): string {
    return [this.prefix, setting].filter((part) => part !== '').join('.');
  }
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** zod's own wording is for developers of zod schemas; these say what to write instead. */
function describeZodIssue(issue: z.core.$ZodIssue, value: unknown): string {
  // A message written in the schema already says what to do.
  if (issue.message.includes('Fix:')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `required. Fix: set it (${article(issue.expected)} ${issue.expected}; see docs/configuration.md).`
        : `must be ${article(issue.expected)} ${issue.expected}. Fix: write it as ${article(issue.expected)} ${issue.expected}.`;
    case 'invalid_value':
      return `unknown value. Fix: use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must have ${issue.exact ? 'exactly' : 'at least'} ${String(issue.minimum)} entries. Fix: list ${String(issue.minimum)}.`
        : `must be at least ${String(issue.minimum)}. Fix: raise it to ${String(issue.minimum)} or more.`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must have ${issue.exact ? 'exactly' : 'at most'} ${String(issue.maximum)} entries. Fix: list ${String(issue.maximum)}.`
        : `must be at most ${String(issue.maximum)}. Fix: lower it to ${String(issue.maximum)} or less.`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
