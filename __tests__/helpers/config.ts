// Test helpers for configuration: a valid base environment, deep patches, and the problems a bad one raises.
import { ConfigError, type ConfigProblem } from '../../src/config/errors';
import { environments } from '../../src/config/environments';
import { resolveEnvironment } from '../../src/config/resolve';
import type { EnvironmentConfig } from '../../src/config/resolved';
import { AccessMode, type EnvironmentSettings } from '../../src/config/settings';

/** A deep patch of an environment's settings, as the builders take it. */
export type SettingsPatch = DeepPartial<EnvironmentSettings> | Record<string, unknown>;

type DeepPartial<T> = {
  -readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch))
    out[key] = value === undefined ? undefined : merge(base[key], value);
  return out;
}

/** A production environment with only what is required: every other setting takes its default. */
export const MINIMAL_SETTINGS = {
  project: 'shop',
  backend: { bucket: 'shop-tfstate-test', breakGlassRoleArn: 'arn:aws:iam::111122223333:role/shop-break-glass' },
  access: environments.dev.access,
  app: { image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/shop:1.2.3' },
  ci: { repository: 'acme/shop-infrastructure', repositoryId: '812345678', repositoryOwnerId: '9123456' },
} satisfies EnvironmentSettings;

/** The patch that takes the bastion away: Session Manager only, no admin CIDRs, no key. */
export const WITHOUT_BASTION = {
  access: { mode: AccessMode.SESSION_MANAGER_ONLY, adminCidrs: undefined, sshKey: undefined },
};

/** An environment's settings with a deep patch applied; `undefined` in the patch removes a setting. */
export function settingsWith(patch: SettingsPatch, base: EnvironmentSettings = environments.dev): EnvironmentSettings {
  return merge(base, patch) as EnvironmentSettings;
}

/** Resolves settings that must be accepted. */
export function resolveOk(patch: SettingsPatch = {}, base?: EnvironmentSettings, name = 'dev'): EnvironmentConfig {
  return resolveEnvironment(name, settingsWith(patch, base));
}

/** The problems of settings that must be refused; fails the test when they are accepted. */
export function problemsOf(patch: SettingsPatch, base?: EnvironmentSettings, name = 'dev'): readonly ConfigProblem[] {
  try {
    resolveEnvironment(name, settingsWith(patch, base));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(patch)}`);
}

/**
 * Asserts that the settings are refused with a problem on `setting`, and that the error names the setting,
 * shows the value, and says how to fix it.
 */
export function expectRefused(
  patch: SettingsPatch,
  setting: string,
  message: RegExp,
  base?: EnvironmentSettings,
): void {
  const problems = problemsOf(patch, base);
  const problem = problems.find((p) => p.setting === setting);
  if (!problem) throw new Error(`no problem on ${setting}; got ${JSON.stringify(problems, null, 2)}`);
  expect(problem.message).toMatch(message);
  expect(problem.message).toMatch(/Fix:/);
  const error = new ConfigError('dev', [problem]);
  expect(error.message).toContain(setting);
  if (problem.value !== undefined) expect(error.message).toContain(JSON.stringify(problem.value).slice(0, 40));
}
