// User data holds no credentials: anyone who can describe the instance or reach IMDS can read it.
import type { PolicyRule } from '../../rule';
import type { EnvironmentJson, ResourceView } from '../../terraform-json';

/** What a credential looks like in a script, each with the name used in messages. */
const SECRETS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  // checkov's (git-secrets') AWS access key ID prefixes.
  {
    name: 'an AWS access key ID',
    pattern: /(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/,
  },
  // checkov's secret key assignment: `aws_secret_access_key = <40 characters>` and shorter spellings.
  {
    name: 'an AWS secret access key',
    pattern:
      /["']?(?:aws)?_?(?:secret)?_?(?:access)?_?key["']?\s*(?::|=>|=)\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/i,
  },
  { name: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  // A literal password: not a variable (`$X`, `$(...)`), not a quote that closes at once (`"PASSWORD=" + s[...]`).
  {
    name: 'a password',
    pattern: /\b[A-Za-z0-9_]*(?:password|passwd|pwd)["']?\s*(?::|=)\s*["']?(?![$%{])[^\s"'`$;|&<>(){}[\]]{4,}/i,
  },
];

/** `local.NAME` references in a value. */
function localNames(text: string): string[] {
  return [...text.matchAll(/\blocal\.([A-Za-z0-9_-]+)/g)].map((match) => match[1]);
}

/** Literal base64 decoded, when the whole value is base64 of text; undefined otherwise. */
function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
}

/**
 * The texts a user data value stands for: the value itself, its base64 decoding when it is literal base64, and
 * the locals it refers to (`${base64encode(local.script)}`), followed through locals that refer to others.
 */
function userDataTexts(env: EnvironmentJson, stack: string, value: string): string[] {
  const texts: string[] = [];
  const seen = new Set<string>();
  const visit = (text: string): void => {
    texts.push(text);
    const decoded = decodeBase64(text);
    if (decoded !== undefined) texts.push(decoded);
    for (const name of localNames(text)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const local = env.stacks[stack]?.locals?.[name];
      if (local !== undefined) visit(typeof local === 'string' ? local : JSON.stringify(local));
    }
  };
  visit(value);
  return texts;
}

/** The kinds of credentials found in a resource's user data. */
function secretsIn(env: EnvironmentJson, resource: ResourceView): string[] {
  const found = new Set<string>();
  for (const attribute of ['user_data', 'user_data_base64']) {
    const value = resource.config[attribute];
    if (typeof value !== 'string') continue;
    for (const text of userDataTexts(env, resource.stack, value)) {
      for (const secret of SECRETS) if (secret.pattern.test(text)) found.add(`${secret.name} in ${attribute}`);
    }
  }
  return [...found];
}

export const ec2NoSecretsInUserData: PolicyRule = {
  id: 'EC2-NO-SECRETS-IN-USER-DATA',
  title:
    'Instance and launch template user data hold no credentials (access keys, secret keys, private keys, literal passwords)',
  publicIds: { checkov: ['CKV_AWS_46'] },
  appliesTo: ['aws_instance', 'aws_launch_template'],
  check(resource, { env }) {
    const secrets = secretsIn(env, resource);
    if (secrets.length === 0) return undefined;
    return `has what looks like ${secrets.join(', ')}; user data is readable by anyone who can describe the instance or reach its metadata service. Fix: remove it from user_data, give the instance an IAM role (iam_instance_profile), and fetch secrets at boot from Secrets Manager or SSM Parameter Store.`;
  },
};
