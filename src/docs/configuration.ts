// docs/configuration.md: every setting of an environment with its type, its default by kind, what it accepts and
// what it costs, generated from the settings' doc comments (settings-reference.ts), the schema, the resolvers'
// range tables and the price table. The defaults written in the doc comments are checked against what the
// resolver really produces for a minimal production and a minimal development environment (defaultMismatches).
import { join } from 'node:path';
import { LOG_RETENTION_DAYS } from '../config/aws-rules';
import { EnvironmentKind } from '../config/enums';
import { type EnvironmentConfig, type EnvironmentSettings, environmentSchema } from '../config/environment';
import { formatCost, formatUnitPrice, formatUsd, monthlyUsd, PRICE_SOURCE, PRICES, type Price } from '../config/prices';
import { resolveEnvironment } from '../config/resolve';
import { MIN_RDS_PORT } from '../config/sections/database';
import { SCALING_TARGETS } from '../config/sections/app';
import { RESERVED_TAG_KEYS } from '../config/sections/context';
import { THRESHOLDS } from '../config/sections/monitoring';
import * as settingsModule from '../config/settings';
import { WEB_ACL_COST } from '../stacks/app/load-balancer';
import { INTERFACE_ENDPOINTS_COST } from '../stacks/network/network-stack';
import { anchor, code, generatedHeader, table } from './markdown';
import { readSettings, type SectionDoc, type SettingDoc } from './settings-reference';

export const CONFIGURATION_DOC = join('docs', 'configuration.md');

// A minimal environment of each kind: only what is required (and, in production, the certificate HTTPS needs).
const EXAMPLE_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICdSMwtEIHxLbjwFs8xlwo8cfnClu4xZUTVAknygN7VP replace-me@example';
const MINIMAL: EnvironmentSettings = {
  project: 'shop',
  backend: { bucket: 'shop-tfstate-reference', breakGlassRoleArn: 'arn:aws:iam::111122223333:role/shop-break-glass' },
  access: { adminCidrs: ['198.51.100.7/32'], sshKey: { publicKey: EXAMPLE_KEY } },
  app: { image: '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/shop:1.2.3' },
  ci: { repository: 'acme/shop-infrastructure', repositoryId: '812345678', repositoryOwnerId: '9123456' },
};
const CERTIFICATE = 'arn:aws:acm:ap-northeast-2:111122223333:certificate/a94ba420-9c6e-4576-a130-00d6c1b8fe8a';
/** The minimal environments the defaults are read from; production leaves `kind` to its default. */
export const MINIMAL_ENVIRONMENTS: Readonly<Record<EnvironmentKind, EnvironmentSettings>> = {
  [EnvironmentKind.PRODUCTION]: { ...MINIMAL, app: { ...MINIMAL.app, certificateArn: CERTIFICATE } },
  [EnvironmentKind.DEVELOPMENT]: { ...MINIMAL, kind: EnvironmentKind.DEVELOPMENT },
};

/**
 * Settings whose resolved value is not at the same path of the resolved configuration. Every other setting's is:
 * name the resolved field as the setting, and its `@default` is checked without an entry here.
 */
export const RESOLVED_ELSEWHERE: Readonly<Record<string, (config: EnvironmentConfig) => unknown>> = {
  tags: (config) =>
    Object.fromEntries(
      Object.entries(config.context.tags).filter(([key]) => !(RESERVED_TAG_KEYS as readonly string[]).includes(key)),
    ),
  'access.instanceType': (config) => config.access.bastion?.instanceType,
  'app.sslPolicy': (config) => (config.app.listener.protocol === 'HTTPS' ? config.app.listener.sslPolicy : undefined),
  'app.accessLogs': (config) => config.app.accessLogRetentionDays !== undefined,
};

/** Ranges the resolvers check themselves (their messages need the unit or another setting), from their tables. */
const RANGES_CHECKED_BY_RESOLVERS: Readonly<Record<string, string>> = {
  'network.flowLogRetentionDays': `one of ${LOG_RETENTION_DAYS.join(', ')}`,
  'database.port': `${MIN_RDS_PORT.toLocaleString('en-US')} to 65,535`,
  'app.scaling.target': Object.entries(SCALING_TARGETS)
    .map(([metric, range]) => `${range.min} to ${range.max.toLocaleString('en-US')} ${range.unit} (${metric})`)
    .join('; '),
  ...Object.fromEntries(
    Object.entries(THRESHOLDS).map(([name, range]) => [
      `monitoring.${name}`,
      `${range.min} to ${range.max.toLocaleString('en-US')} ${range.unit}`,
    ]),
  ),
};

/** Costs that depend on the architecture, not on one price: the `{name}`s a `@cost` may use besides PRICES'. */
const ARCHITECTURE_COSTS: Readonly<Record<string, string>> = {
  interfaceEndpoints: INTERFACE_ENDPOINTS_COST,
  webAcl: WEB_ACL_COST,
};

/** A `@default` read: the value in each kind (as written, and evaluated), or prose. */
type ParsedDefault =
  | {
      readonly kind: 'value';
      readonly written: Readonly<Record<EnvironmentKind, string>>;
      readonly values: Readonly<Record<EnvironmentKind, unknown>>;
      readonly note: string;
    }
  | { readonly kind: 'prose'; readonly text: string };

export function renderConfigurationDoc(root: string): string {
  const sections = readSettings(root);
  const mismatches = defaultMismatches(sections);
  if (mismatches.length > 0) throw new Error(`@default disagrees with the resolver:\n${mismatches.join('\n')}`);
  const written = writtenPaths();
  const lines = [
    generatedHeader(
      'src/docs/configuration.ts',
      "the settings' doc comments in src/config/sections/*.ts, their schemas and src/config/prices.ts",
    ),
    '# Configuration reference',
    '',
    'Every setting an environment can have, by section. The environments themselves live in',
    '[`src/config/environments.ts`](../src/config/environments.ts); how to add one: [the README](../README.md#a-new-environment);',
    'how a value is checked, and the errors and warnings you get: [Operations](operations.md#configure-an-environment).',
    '',
    '**default** is what an environment gets without the setting, by kind where production and development differ',
    '(checked against the resolver for a minimal environment of each kind); **accepts** is what the schema and the',
    'resolver accept: anything else is refused before anything is synthesized, with an error that names the setting',
    `and the fix; **cost** is what it adds to the bill, from AWS's list prices in ${PRICE_SOURCE.regionName} (see`,
    '[Prices](#prices); what whole environments cost: [Monthly cost](cost.md)).',
    '',
    `Sections: ${[...sections.map((s) => s.name), 'prices'].map((name) => `[${name}](#${anchor(name)})`).join(' · ')}`,
    '',
    ...sections.flatMap((section) => renderSection(section, written)),
    ...renderPrices(),
  ];
  return `${lines.join('\n')}\n`;
}

function renderSection(section: SectionDoc, written: Readonly<Record<EnvironmentKind, ReadonlySet<string>>>): string[] {
  const rows = section.settings.map((setting) => [
    code(setting.path),
    code(setting.type),
    defaultCell(setting, written),
    acceptsCell(setting),
    setting.costText ? fillCost(setting.costText) : '',
  ]);
  const descriptions = section.settings
    .filter((setting) => setting.description !== '' || setting.options.some((o) => o.description !== ''))
    .map((setting) => {
      const options = setting.options
        .filter((option) => option.description !== '')
        .map((option) => `  - ${code(option.value)}: ${option.description}`);
      return [`- **${code(setting.path)}**: ${setting.description}`, ...options].join('\n');
    });
  return [
    `## ${section.name}`,
    '',
    `${section.description} Declared in [\`${section.file}\`](../${section.file}).`,
    '',
    table(['setting', 'type', 'default', 'accepts', 'cost'], rows),
    '',
    ...descriptions,
    '',
  ];
}

function defaultCell(setting: SettingDoc, written: Readonly<Record<EnvironmentKind, ReadonlySet<string>>>): string {
  if (!setting.optional) return '**required**';
  const parsed = parseDefault(setting);
  const requiredIn = Object.values(EnvironmentKind).filter((kind) => written[kind].has(setting.path));
  // Optional in the type, required by the resolver in some cases (a bastion's key, production's certificate).
  const required =
    requiredIn.length === Object.values(EnvironmentKind).length
      ? '**required** in the default case (see below)'
      : requiredIn.map((kind) => `**required** in ${kind}`).join(', ');
  if (parsed === undefined) return required;
  if (parsed.kind === 'prose') return required ? `${required}; otherwise ${parsed.text}` : parsed.text;
  const { production, development } = parsed.written;
  const note = parsed.note ? ` ${parsed.note}` : '';
  return production === development
    ? `${code(production)}${note}`
    : `${code(production)} (production), ${code(development)} (development)${note}`;
}

function acceptsCell(setting: SettingDoc): string {
  if (setting.options.length > 0) {
    return setting.options.map((option) => code(option.value.replace(`${setting.enumName}.`, ''))).join(', ');
  }
  return RANGES_CHECKED_BY_RESOLVERS[setting.path] ?? schemaRange(setting.path) ?? '';
}

/** What the schema says about a setting's values: an integer's bounds, a tuple's length, a literal's values. */
export function schemaRange(path: string): string | undefined {
  const schema = schemaAt(path);
  if (!schema) return undefined;
  const def = schema._zod.def as {
    type: string;
    checks?: { _zod: { def: Record<string, unknown> } }[];
    items?: unknown[];
    values?: unknown[];
  };
  if (def.type === 'tuple') return `exactly ${def.items?.length ?? 0}`;
  if (def.type === 'literal') return `one of ${(def.values ?? []).map((value) => JSON.stringify(value)).join(', ')}`;
  if (def.type !== 'number') return undefined;
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  const integer = checks.some((check) => check.check === 'number_format' && check.format === 'safeint');
  const min = checks.find((check) => check.check === 'greater_than')?.value;
  const max = checks.find((check) => check.check === 'less_than')?.value;
  const bounds =
    min !== undefined && max !== undefined
      ? `${Number(min).toLocaleString('en-US')} to ${Number(max).toLocaleString('en-US')}`
      : undefined;
  if (integer) return bounds ? `an integer, ${bounds}` : 'an integer';
  return bounds;
}

interface ZodLike {
  readonly _zod: {
    readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly shape?: Record<string, ZodLike> };
  };
}

/** The schema of one setting, its `optional` unwrapped, or undefined for a path the schema does not walk. */
export function schemaAt(path: string): ZodLike | undefined {
  let current: ZodLike | undefined = environmentSchema as unknown as ZodLike;
  for (const key of path.split('.')) {
    while (current?._zod.def.type === 'optional') current = current._zod.def.innerType;
    current = current?._zod.def.shape?.[key];
  }
  while (current?._zod.def.type === 'optional') current = current._zod.def.innerType;
  return current;
}

/** Replaces each `{name}` with its price (PRICES) or the architecture's cost of it. */
export function fillCost(text: string): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in ARCHITECTURE_COSTS) return ARCHITECTURE_COSTS[name];
    const price = (PRICES as Readonly<Record<string, Price>>)[name];
    if (!price) throw new Error(`@cost names {${name}}, which is neither in PRICES nor an architecture cost`);
    return formatCost(price);
  });
}

function renderPrices(): string[] {
  const rows = Object.entries(PRICES).map(([name, price]) => {
    const monthly = monthlyUsd(price);
    return [
      code(name),
      price.item,
      formatUnitPrice(price),
      monthly === undefined ? '' : `~${formatUsd(monthly)}`,
      `[${price.source.replace(/^https:\/\//, '')}](${price.source})`,
    ];
  });
  return [
    '## Prices',
    '',
    `On-demand list prices of ${PRICE_SOURCE.regionName} (\`${PRICE_SOURCE.region}\`), in ${PRICE_SOURCE.currency}, before tax and without the free tier, as of ${PRICE_SOURCE.read}, from each service's pricing page: check them before budgeting. A month is 730 hours. They are kept in [\`src/config/prices.ts\`](../src/config/prices.ts); the cost notes above name them (\`{natGateway}\`).`,
    '',
    table(['name', 'item', 'price', 'a month', 'source'], rows),
    '',
  ];
}

/** The paths a minimal environment of each kind writes: those settings are required, not defaulted, there. */
function writtenPaths(): Readonly<Record<EnvironmentKind, ReadonlySet<string>>> {
  const paths = (value: unknown, prefix: string): string[] =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([key, inner]) => {
          const path = prefix ? `${prefix}.${key}` : key;
          return [path, ...paths(inner, path)];
        })
      : [];
  return {
    [EnvironmentKind.PRODUCTION]: new Set(paths(MINIMAL_ENVIRONMENTS[EnvironmentKind.PRODUCTION], '')),
    [EnvironmentKind.DEVELOPMENT]: new Set(paths(MINIMAL_ENVIRONMENTS[EnvironmentKind.DEVELOPMENT], '')),
  };
}

/** Reads a setting's `@default`: `90`, `'main' (note)`, `AccessMode.BASTION`, `- X in production, Y in development`, or prose. */
export function parseDefault(setting: SettingDoc): ParsedDefault | undefined {
  const text = setting.defaultText;
  if (text === undefined) return undefined;
  const byKind = /^-\s*(.+?) in production, (.+?) in development$/.exec(text);
  if (byKind) {
    const production = literal(byKind[1].replace(/`/g, ''));
    const development = literal(byKind[2].replace(/`/g, ''));
    if (production && development && production.rest === '' && development.rest === '') {
      return {
        kind: 'value',
        written: { [EnvironmentKind.PRODUCTION]: production.text, [EnvironmentKind.DEVELOPMENT]: development.text },
        values: { [EnvironmentKind.PRODUCTION]: production.value, [EnvironmentKind.DEVELOPMENT]: development.value },
        note: '',
      };
    }
  }
  if (text.startsWith('-')) return { kind: 'prose', text: text.replace(/^-\s*/, '') };
  const value = literal(text);
  if (!value) return { kind: 'prose', text };
  return {
    kind: 'value',
    written: { [EnvironmentKind.PRODUCTION]: value.text, [EnvironmentKind.DEVELOPMENT]: value.text },
    values: { [EnvironmentKind.PRODUCTION]: value.value, [EnvironmentKind.DEVELOPMENT]: value.value },
    note: value.rest,
  };
}

/** A literal at the start of `text` (number, boolean, quoted string, enum member, `{}`, array of strings). */
function literal(text: string): { text: string; value: unknown; rest: string } | undefined {
  const patterns: [RegExp, (match: string) => unknown][] = [
    [/^-?\d+(\.\d+)?\b/, Number],
    [/^(true|false)\b/, (match) => match === 'true'],
    [/^'[^']*'/, (match) => match.slice(1, -1)],
    [/^\{\}/, () => ({})],
    [/^\[('[^']*'(,\s*'[^']*')*)?\]/, (match) => [...match.matchAll(/'([^']*)'/g)].map((m) => m[1])],
    [/^[A-Z]\w*\.[A-Z][A-Z0-9_]*\b/, enumValue],
  ];
  for (const [pattern, evaluate] of patterns) {
    const match = pattern.exec(text);
    if (match) return { text: match[0], value: evaluate(match[0]), rest: text.slice(match[0].length).trim() };
  }
  return undefined;
}

function enumValue(member: string): unknown {
  const [name, key] = member.split('.');
  const enumeration = (settingsModule as unknown as Record<string, Record<string, unknown> | undefined>)[name];
  if (!enumeration || !(key in enumeration))
    throw new Error(`@default names ${member}, not an enum member of settings.ts`);
  return enumeration[key];
}

/** Where a setting lands in the resolved configuration, if anywhere. */
export function resolvedValue(config: EnvironmentConfig, path: string): { found: boolean; value?: unknown } {
  const elsewhere = RESOLVED_ELSEWHERE[path];
  if (elsewhere) return { found: true, value: elsewhere(config) };
  const [head, ...rest] = path.split('.');
  const sections: Readonly<Record<string, unknown>> = {
    backend: config.context.backend,
    network: config.network,
    access: config.access,
    database: config.database,
    app: config.app,
    monitoring: config.monitoring,
    ci: config.ci,
  };
  let current: unknown = head in sections ? sections[head] : config.context;
  for (const key of head in sections ? rest : [head, ...rest]) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

/**
 * Every literal `@default` (and every `X in production, Y in development`) that differs from what the resolver gives
 * a minimal environment of that kind which leaves the setting out. A default must be checked in at least one kind.
 */
export function defaultMismatches(sections: readonly SectionDoc[]): string[] {
  const resolved = {
    [EnvironmentKind.PRODUCTION]: resolveEnvironment('reference', MINIMAL_ENVIRONMENTS[EnvironmentKind.PRODUCTION]),
    [EnvironmentKind.DEVELOPMENT]: resolveEnvironment('reference', MINIMAL_ENVIRONMENTS[EnvironmentKind.DEVELOPMENT]),
  };
  const written = writtenPaths();
  return sections.flatMap((section) =>
    section.settings.flatMap((setting) => {
      const parsed = parseDefault(setting);
      if (parsed?.kind !== 'value') return [];
      const checked = Object.values(EnvironmentKind).filter((kind) => {
        if (written[kind].has(setting.path)) return false;
        const actual = resolvedValue(resolved[kind], setting.path);
        return actual.found && actual.value !== undefined;
      });
      if (checked.length === 0) return [`${setting.path}: @default ${setting.defaultText} is checked in no kind`];
      return checked.flatMap((kind) => {
        const actual = resolvedValue(resolved[kind], setting.path).value;
        return JSON.stringify(actual) === JSON.stringify(parsed.values[kind])
          ? []
          : [
              `${setting.path}: @default says ${JSON.stringify(parsed.values[kind])} in ${kind}, the resolver gives ${JSON.stringify(actual)}`,
            ];
      });
    }),
  );
}
