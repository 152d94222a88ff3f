// Reads the settings as their sections declare them (src/config/environment.ts, src/config/sections/*.ts) with the
// TypeScript parser: every setting's path, type, doc comment, `@default` and `@cost`, and the values of its enum or
// union. The configuration reference is generated from this, so the doc comments are its only source.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** One value a setting accepts: an enum member or an alternative of a union, with its doc comment. */
export interface SettingOption {
  /** `NatGateways.SINGLE`, or `{ publicKey: string }`. */
  readonly value: string;
  readonly description: string;
}

export interface SettingDoc {
  /** Dotted path in an environment's settings: `network.natGateways`, `app.capacity.min`. */
  readonly path: string;
  /** The type as declared, without `readonly`: `NatGateways`, `string[]`, `Record<string, string>`. */
  readonly type: string;
  readonly optional: boolean;
  /** The doc comment's text, its lines joined. */
  readonly description: string;
  /** The `@default` tag's text: a literal (`90`, `'main'`, `AccessMode.BASTION`), or `- <prose>`. */
  readonly defaultText?: string;
  /** The `@cost` tag's text, with `{price}` placeholders (src/config/prices.ts). */
  readonly costText?: string;
  /** The enum the type names, when it is one: its name resolves the values of the defaults. */
  readonly enumName?: string;
  /** The enum's members, or the union's alternatives. */
  readonly options: readonly SettingOption[];
  /** Whether the setting is an object whose own settings follow it (`app.capacity`). */
  readonly hasChildren: boolean;
}

export interface SectionDoc {
  /** `environment` for the fields at the top, otherwise the section's key: `network`. */
  readonly name: string;
  /** The section's interface's doc comment. */
  readonly description: string;
  /** The file that declares the section, relative to the project root. */
  readonly file: string;
  readonly settings: readonly SettingDoc[];
}

interface Declarations {
  readonly interfaces: Map<string, { node: ts.InterfaceDeclaration; file: string }>;
  readonly aliases: Map<string, { node: ts.TypeAliasDeclaration; file: string }>;
  readonly enums: Map<string, ts.EnumDeclaration>;
}

const CONFIG_DIR = join('src', 'config');
/** The interface of a whole environment, and the fields at its top (besides the section slots). */
const ROOT_INTERFACE = 'EnvironmentSettings';

/** Every section of an environment's settings, the environment's own fields first, in declaration order. */
export function readSettings(root: string): SectionDoc[] {
  const declarations = parseDeclarations(root);
  const environment = lookupInterface(declarations, ROOT_INTERFACE);
  const sections: SectionDoc[] = [];
  const own: SettingDoc[] = [];
  for (const { member } of membersOf(declarations, environment.node, environment.file)) {
    const name = propertyName(member);
    const typeName = typeText(member.type);
    const sectionInterface = declarations.interfaces.get(typeName);
    if (sectionInterface && typeName !== ROOT_INTERFACE) {
      sections.push({
        name,
        description: docOf(sectionInterface.node).description,
        file: sectionInterface.file,
        settings: settingsOf(declarations, sectionInterface.node, sectionInterface.file, name),
      });
    } else {
      own.push(...settingDocs(declarations, member, name));
    }
  }
  const context = declarations.interfaces.get('ContextSettings');
  return [
    {
      name: 'environment',
      description: context ? docOf(context.node).description : '',
      file: context?.file ?? environment.file,
      settings: own,
    },
    ...sections,
  ];
}

function parseDeclarations(root: string): Declarations {
  const sectionDir = join(CONFIG_DIR, 'sections');
  const files = [
    join(CONFIG_DIR, 'environment.ts'),
    join(CONFIG_DIR, 'enums.ts'),
    ...readdirSync(join(root, sectionDir))
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => join(sectionDir, file)),
  ];
  const declarations: Declarations = { interfaces: new Map(), aliases: new Map(), enums: new Map() };
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement))
        declarations.interfaces.set(statement.name.text, { node: statement, file });
      if (ts.isTypeAliasDeclaration(statement))
        declarations.aliases.set(statement.name.text, { node: statement, file });
      if (ts.isEnumDeclaration(statement)) declarations.enums.set(statement.name.text, statement);
    }
  }
  return declarations;
}

function lookupInterface(declarations: Declarations, name: string): { node: ts.InterfaceDeclaration; file: string } {
  const found = declarations.interfaces.get(name);
  if (!found) throw new Error(`no interface ${name} in src/config`);
  return found;
}

/** An interface's properties, those of the interfaces it extends first. */
function membersOf(
  declarations: Declarations,
  node: ts.InterfaceDeclaration,
  file: string,
): { member: ts.PropertySignature; file: string }[] {
  const inherited = (node.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((type) => {
      const base = lookupInterface(declarations, type.expression.getText());
      return membersOf(declarations, base.node, base.file);
    }),
  );
  const own = node.members.filter(ts.isPropertySignature).map((member) => ({ member, file }));
  return [...inherited, ...own];
}

function settingsOf(
  declarations: Declarations,
  node: ts.InterfaceDeclaration,
  file: string,
  prefix: string,
): SettingDoc[] {
  return membersOf(declarations, node, file).flatMap(({ member }) =>
    settingDocs(declarations, member, `${prefix}.${propertyName(member)}`),
  );
}

/** A property's own row, then, for an object of settings (`capacity`), a row for each of its settings. */
function settingDocs(declarations: Declarations, member: ts.PropertySignature, path: string): SettingDoc[] {
  const type = typeText(member.type);
  const nested = declarations.interfaces.get(type);
  const doc = docOf(member);
  const enumDeclaration = declarations.enums.get(type);
  const alias = declarations.aliases.get(type);
  const setting: SettingDoc = {
    path,
    type,
    optional: member.questionToken !== undefined,
    description: doc.description || declaredDescription(nested?.node ?? alias?.node ?? enumDeclaration),
    defaultText: doc.tags.default,
    costText: doc.tags.cost,
    enumName: enumDeclaration ? type : undefined,
    options: enumDeclaration ? enumOptions(enumDeclaration) : alias ? unionOptions(alias.node) : [],
    hasChildren: nested !== undefined,
  };
  const children = nested ? settingsOf(declarations, nested.node, nested.file, path) : [];
  return [setting, ...children];
}

/** The doc comment of the type a setting names, for a setting that has none of its own. */
function declaredDescription(node: ts.Node | undefined): string {
  return node ? docOf(node).description : '';
}

function propertyName(member: ts.PropertySignature): string {
  return member.name.getText();
}

/** A type as a reader writes it: without `readonly`, `Readonly<...>` unwrapped. */
function typeText(type: ts.TypeNode | undefined): string {
  if (!type) return 'unknown';
  return type
    .getText()
    .replace(/\breadonly\s+/g, '')
    .replace(/^Readonly<(.*)>$/s, '$1')
    .replace(/\s+/g, ' ');
}

function enumOptions(node: ts.EnumDeclaration): SettingOption[] {
  return node.members.map((member) => ({
    value: `${node.name.text}.${member.name.getText()}`,
    description: docOf(member).description,
  }));
}

/** The alternatives of a union of object types (`{ publicKey: string } | { existingKeyPairName: string }`). */
function unionOptions(node: ts.TypeAliasDeclaration): SettingOption[] {
  if (!ts.isUnionTypeNode(node.type)) return [];
  const source = node.getSourceFile();
  return node.type.types.map((alternative) => ({
    value: typeText(alternative),
    description: leadingDocText(source.text, alternative.pos),
  }));
}

/** The text and tags of a declaration's doc comment (the last one before it). */
function docOf(node: ts.Node): { description: string; tags: Record<string, string> } {
  const comments = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const jsDoc = comments[comments.length - 1];
  if (!jsDoc) return { description: '', tags: {} };
  const tags: Record<string, string> = {};
  for (const tag of jsDoc.tags ?? []) tags[tag.tagName.text] = oneLine(ts.getTextOfJSDocComment(tag.comment) ?? '');
  return { description: oneLine(ts.getTextOfJSDocComment(jsDoc.comment) ?? ''), tags };
}

/** The doc comment written before a union's alternative, which the parser does not attach to it. */
function leadingDocText(text: string, position: number): string {
  const ranges = ts.getLeadingCommentRanges(text, position) ?? [];
  const last = ranges.filter((range) => text.startsWith('/**', range.pos)).pop();
  if (!last) return '';
  const body = text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join('\n');
  return oneLine(body);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
