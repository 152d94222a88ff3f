// Turns an environment's settings into a checked, fully resolved configuration, or one error listing every problem.
import { type EnvironmentConfig, type EnvironmentSettings, environmentSchema } from './environment';
import { EnvironmentKind } from './enums';
import { ConfigError, ProblemList } from './errors';
import { SSH_PORT } from './ports';
import { requiredSettingHint } from './required-settings';
import { AccessMode, resolveAccess } from './sections/access';
import { APP_DEFAULTS, resolveApp } from './sections/app';
import { resolveCi } from './sections/ci';
import { AccountResources, checkEnvironmentName, DEFAULT_REGION, resolveContext } from './sections/context';
import { ENGINES, resolveDatabase } from './sections/database';
import { resolveMonitoring } from './sections/monitoring';
import { resolveNetwork } from './sections/network';
import { describeKey } from './sections/ssh-key';

/**
 * Checks the shape of the settings (types, enums, unknown keys) with zod, then every rule that relates values
 * (CIDRs in the VPC, AZs in the region, defaults by kind). Throws a `ConfigError` naming each bad setting.
 */
export function resolveEnvironment(name: string, settings: EnvironmentSettings): EnvironmentConfig {
  const problems = new ProblemList();
  checkEnvironmentName(name, problems);
  const shape = environmentSchema.safeParse(settings);
  if (!shape.success) {
    problems.addZodIssues(shape.error.issues, settings, (setting) => requiredSettingHint(setting, name, settings));
    problems.throwIfAny(name);
  }
  const context = resolveContext(name, settings, problems);
  const network = resolveNetwork(settings.network, context, problems.section('network'));
  const app = resolveApp(settings.app, context, problems.section('app'), network.interfaceEndpoints);
  const config: EnvironmentConfig = {
    context,
    network,
    access: resolveAccess(settings.access, problems.section('access')),
    database: resolveDatabase(settings.database, context, problems.section('database')),
    app,
    monitoring: resolveMonitoring(settings.monitoring, context, app, problems.section('monitoring')),
    ci: resolveCi(settings.ci, problems.section('ci')),
    warnings: problems.warnings,
  };
  checkPorts(settings, config, problems);
  checkAppKey(settings, config, problems);
  problems.throwIfAny(name);
  return config;
}

/**
 * The app port against the other ports of an app instance's traffic, once both sections have their defaults.
 * The problem is put on the setting the user wrote: app.port, or database.port when the app port is the default.
 */
function checkPorts(settings: EnvironmentSettings, config: EnvironmentConfig, problems: ProblemList): void {
  const port = config.app.port;
  if (port === SSH_PORT) {
    problems.add(
      'app.port',
      port,
      `is the SSH port: sshd on each app instance already listens on it (the bastion connects there), so the container cannot bind it and every instance fails its health checks. Fix: use another port, e.g. ${APP_DEFAULTS.port} (the default).`,
    );
  } else if (port === config.database.port) {
    const why = `the load balancer -> app and app -> database rules would carry the same port, so security group rules, flow logs and alarms could no longer tell the app's traffic from the database's`;
    if (settings.app.port !== undefined) {
      const databasePort =
        settings.database?.port === undefined
          ? `the ${config.database.engine} default of database.port`
          : 'also database.port';
      const fix =
        port === APP_DEFAULTS.port
          ? `use another port, e.g. ${APP_DEFAULTS.port + 1}, or set database.port back to ${ENGINES[config.database.engine].port} (the engine's default)`
          : `use another port, e.g. ${APP_DEFAULTS.port} (the default)`;
      problems.add('app.port', port, `is ${databasePort}: ${why}. Fix: ${fix}.`);
    } else {
      problems.add(
        'database.port',
        config.database.port,
        `is also the app's port (app.port, default ${APP_DEFAULTS.port}): ${why}. Fix: use another port, e.g. ${ENGINES[config.database.engine].port} (the engine's default).`,
      );
    }
  }
}

/** An app key pair needs a way to port 22 of the app instances: the bastion. */
function checkAppKey(settings: EnvironmentSettings, config: EnvironmentConfig, problems: ProblemList): void {
  if (settings.app.sshKey !== undefined && config.access.mode === AccessMode.SESSION_MANAGER_ONLY) {
    problems.add(
      'app.sshKey',
      describeKey(settings.app.sshKey),
      'no SSH reaches the app instances with access.mode SESSION_MANAGER_ONLY (no bastion, port 22 closed), so the key could never be used. Fix: remove app.sshKey and use Session Manager, or set access.mode: AccessMode.BASTION.',
    );
  }
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
  const names = selection?.trim()
    ? selection
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
    : known;
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
  errors.push(...sharedBucketErrors(environments), ...sharedAccountErrors(environments));
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

/**
 * An environment that uses another's account-level resources (`AccountResources.SHARED`) needs an environment of the
 * same project and region that creates them: its Session Manager preferences name that project's log group.
 */
function sharedAccountErrors(environments: Readonly<Record<string, EnvironmentSettings>>): ConfigError[] {
  const entries = Object.entries(environments);
  const regionOf = (settings: EnvironmentSettings) => settings.region ?? DEFAULT_REGION;
  return entries.flatMap(([name, settings]) => {
    if (settings.accountResources !== AccountResources.SHARED) return [];
    const owners = entries.filter(
      ([other, s]) =>
        other !== name &&
        s.project === settings.project &&
        regionOf(s) === regionOf(settings) &&
        (s.accountResources ?? AccountResources.CREATE) === AccountResources.CREATE,
    );
    const group: [string, EnvironmentSettings][] = [[name, settings], ...owners];
    const production = group.find(([, s]) => (s.kind ?? EnvironmentKind.PRODUCTION) === EnvironmentKind.PRODUCTION);
    if (owners.length > 0 && production) {
      const others = group.map(([n]) => n).filter((n) => n !== production[0]);
      return [
        new ConfigError(name, [
          {
            setting: 'accountResources',
            value: settings.accountResources,
            message: `puts production environment "${production[0]}" in one account with ${others.map((n) => `"${n}"`).join(', ')}: each deploy role may change the EC2, load balancing, Auto Scaling and RDS resources of its whole region (those services take no narrower resource for most calls, and the policies are not scoped by an environment tag), so another environment's pipeline could change or delete production's. Fix: give production an AWS account of its own (remove accountResources here and deploy it there).`,
          },
        ]),
      ];
    }
    if (owners.length > 0) return [];
    return [
      new ConfigError(name, [
        {
          setting: 'accountResources',
          value: settings.accountResources,
          message: `no other environment of project "${settings.project}" in ${regionOf(settings)} creates the account's GitHub OIDC provider and Session Manager preferences (accountResources: CREATE), so nothing would. Fix: remove accountResources here, or set it on the environment that shares this account.`,
        },
      ]),
    ];
  });
}
