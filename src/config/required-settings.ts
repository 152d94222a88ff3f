// What each required setting is for, and an example of it, for the error when it is missing. zod can only say
// "expected an object"; someone who left out a section needs to see what goes in it.
import { DEFAULT_REGION } from './sections/context';
import type { EnvironmentSettings } from './environment';

const PUBLIC_KEY = 'publicKey: "<the line of your ~/.ssh/id_ed25519.pub>"';
const ADMIN_CIDR = '"<your public IPv4 address>/32"';

/** Per required setting (dotted path): what it is for, and a fix built from what the environment already says. */
const HINTS: Readonly<Record<string, (name: string, settings: Partial<EnvironmentSettings>) => string>> = {
  project: () =>
    'required: the short name that starts every resource name. Fix: add project: "<name>", 2 to 16 lowercase letters, digits and hyphens, e.g. "shop".',
  backend: (name, s) => `required: where the state lives. Fix: add backend: { bucket: "${bucketExample(name, s)}" }.`,
  'backend.bucket': (name, s) =>
    `required: the S3 bucket that holds the state (the ${name}-state stack creates it). Fix: add bucket: "${bucketExample(name, s)}", a name no other AWS account uses.`,
  'backend.breakGlassRoleArn': () =>
    `required: the one role that may delete state versions or change the state bucket's protections (the bucket policy denies it to everyone else, CI included). Fix: add breakGlassRoleArn: "arn:aws:iam::<account id>:role/<the role your operators assume to repair state>".`,
  access: () =>
    `required: who may SSH to the bastion, and with which key. Fix: add access: { adminCidrs: [${ADMIN_CIDR}], sshKey: { ${PUBLIC_KEY} } }, or access: { mode: AccessMode.SESSION_MANAGER_ONLY } for no bastion at all.`,
  app: (_, s) => `required: the application the load balancer serves. Fix: add app: { image: "${imageExample(s)}" }.`,
  'app.image': (_, s) =>
    `required: the container image the app instances run. Fix: add image: "${imageExample(s)}", pinned to a tag or digest.`,
  ci: () =>
    `required: the GitHub repository whose workflow plans and deploys this environment. Fix: add ci: { repository: "<owner>/<name>" } (and branch, if your protected branch is not "main").`,
  'ci.repository': () =>
    'required: the GitHub repository whose workflow plans and deploys this environment. Fix: add repository: "<owner>/<name>", as in its URL.',
  'ci.repositoryId': () =>
    'required: the numeric ID of the repository, which the CI roles match besides its name (a re-created repository of the same name has another). Fix: add repositoryId: "<the output of gh api repos/<owner>/<name> --jq .id>".',
  'ci.repositoryOwnerId': () =>
    'required: the numeric ID of the repository\'s owner, which the CI roles match besides its name. Fix: add repositoryOwnerId: "<the output of gh api users/<owner> --jq .id>".',
};

/** The hint for a missing required setting of environment `name`, or undefined for a setting without one. */
export function requiredSettingHint(setting: string, name: string, settings: unknown): string | undefined {
  const known = typeof settings === 'object' && settings !== null ? (settings as Partial<EnvironmentSettings>) : {};
  return HINTS[setting]?.(name, known);
}

function bucketExample(name: string, settings: Partial<EnvironmentSettings>): string {
  const project = typeof settings.project === 'string' && settings.project !== '' ? settings.project : '<project>';
  return `${project}-tfstate-${name}-<account id>`;
}

function imageExample(settings: Partial<EnvironmentSettings>): string {
  const region = typeof settings.region === 'string' ? settings.region : DEFAULT_REGION;
  return `<account id>.dkr.ecr.${region}.amazonaws.com/<repository>:<tag>`;
}
