// Turns an environment's settings into a checked, fully resolved configuration, or one error listing every problem.
import { ConfigError, ProblemList } from '../errors';
import type { EnvironmentConfig } from '../resolved';
import { environmentSchema } from '../schema';
import type { EnvironmentSettings } from '../settings';
import { resolveAccess } from './access';
import { resolveApp } from './app';
import { checkEnvironmentName, resolveContext } from './context';
import { resolveDatabase } from './database';
import { resolveNetwork } from './network';

export { resolveAccess } from './access';
export { resolveApp } from './app';
export { resolveContext } from './context';
export { resolveDatabase } from './database';
export { resolveNetwork } from './network';

/**
 * Checks the shape of the settings (types, enums, unknown keys) with zod, then every rule that relates values
 * (CIDRs in the VPC, AZs in the region, defaults by kind). Throws a `ConfigError` naming each bad setting.
 */
export function resolveEnvironment(name: string, settings: EnvironmentSettings): EnvironmentConfig {
  const problems = new ProblemList();
  checkEnvironmentName(name, problems);
  const shape = environmentSchema.safeParse(settings);
  if (!shape.success) {
    problems.addZodIssues(shape.error.issues, settings);
    problems.throwIfAny(name);
  }
  const context = resolveContext(name, settings, problems);
  const config: EnvironmentConfig = {
    context,
    network: resolveNetwork(settings.network, context, problems.section('network')),
    access: resolveAccess(settings.access, problems.section('access')),
    database: resolveDatabase(settings.database, context, problems.section('database')),
    app: resolveApp(settings.app, context, problems.section('app')),
    warnings: problems.warnings,
  };
  problems.throwIfAny(name);
  return config;
}

/**
 * Resolves the environments to synthesize: all of them, or the comma-separated names in `selection`
 * (the `ENVIRONMENTS` variable). Every environment is checked before any is returned.
 */
export function loadEnvironments(
  environments: Readonly<Record<string, EnvironmentSettings>>,
  selection?: string,
): EnvironmentConfig[] {
  const known = Object.keys(environments);
  const names = selection?.trim() ? selection.split(',').map((n) => n.trim()).filter((n) => n !== '') : known;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigError('(selection)', [
      {
        setting: 'ENVIRONMENTS',
        value: selection,
        message: `${unknown.length > 0 ? `names unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}` : 'selects no environment'}. Fix: use ${known.map((n) => `"${n}"`).join(', ')} (comma-separated), or unset it to synthesize all; new environments are added in src/config/environments.ts.`,
      },
    ]);
  }
  const resolved: EnvironmentConfig[] = [];
  const errors: ConfigError[] = [];
  for (const name of names) {
    try {
      resolved.push(resolveEnvironment(name, environments[name]));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
    }
  }
  errors.push(...sharedBucketErrors(environments));
  if (errors.length > 0) throw ConfigError.merge(errors);
  return resolved;
}

/**
 * Each environment's state stack creates its bucket, so two environments naming the same bucket would collide.
 * Checked across all environments, selected or not: the clash is there either way.
 */
function sharedBucketErrors(environments: Readonly<Record<string, EnvironmentSettings>>): ConfigError[] {
  const entries = Object.entries(environments);
  return entries.flatMap(([name, settings], index) => {
    const earlier = entries.slice(0, index).find(([, other]) => other.backend?.bucket === settings.backend?.bucket);
    if (!earlier || settings.backend?.bucket === undefined) return [];
    return [
      new ConfigError(name, [
        {
          setting: 'backend.bucket',
          value: settings.backend.bucket,
          message: `is also the state bucket of environment "${earlier[0]}", and each environment's state stack creates its own bucket. Fix: give each environment its own bucket name.`,
        },
      ]),
    ];
  });
}
