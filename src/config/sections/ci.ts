// The ci section: the GitHub repository and protected branch whose workflow plans and deploys the environment. Its
// input type, schema, resolved type, defaults and resolver.
import * as z from 'zod/mini';
import type { ProblemList } from '../errors';
import type { InSync } from '../schema-helpers';

/** The GitHub repository whose workflow (.github/workflows/infrastructure.yml) plans and deploys the environment. */
export interface CiSettings {
  /**
   * `owner/name`, exactly as GitHub spells it (IAM compares case-sensitively). Only this repository's workflow may
   * assume the environment's roles: tokens of any other repository, forks included, are refused.
   */
  readonly repository: string;
  /**
   * The repository's numeric ID (`gh api repos/<owner>/<name> --jq .id`). The roles match it in the token's
   * `repository_id` claim besides the name: a repository deleted and re-created under the same name, or a renamed
   * one whose old name someone else took, gets another ID.
   */
  readonly repositoryId: string;
  /** The owner's numeric ID (`gh api users/<owner> --jq .id`), matched in the token's `repository_owner_id` claim. */
  readonly repositoryOwnerId: string;
  /**
   * The protected branch whose pushes deploy. The deploy role accepts a job only when it runs the infrastructure
   * workflow of this branch, in the GitHub environment named after the environment; pull requests get the
   * read-only plan role. A branch name, not a pattern.
   * @default 'main'
   */
  readonly branch?: string;
}

export const CI_DEFAULTS = {
  branch: 'main',
} as const;

export const ciSchema = z.strictObject({
  repository: z.string(),
  repositoryId: z.string(),
  repositoryOwnerId: z.string(),
  branch: z.optional(z.string()),
});
true satisfies InSync<CiSettings, typeof ciSchema>;

/** The GitHub repository and branch whose workflow plans and deploys the environment. */
export interface CiConfig {
  /** `owner/name` */
  readonly repository: string;
  /** The numeric IDs of the repository and its owner, as GitHub's tokens carry them. */
  readonly repositoryId: string;
  readonly repositoryOwnerId: string;
  readonly branch: string;
  /** The workflow file, relative to the repository root: the deploy role trusts only its jobs. */
  readonly workflowPath: string;
}

/** The repository the shipped environments name: an example, to be replaced before the roles are created. */
export const EXAMPLE_REPOSITORY = 'devloop-example/infrastructure';
/** The example repository's and owner's IDs: placeholders, to be replaced with the real ones. */
export const EXAMPLE_REPOSITORY_IDS = { repositoryId: '100000001', repositoryOwnerId: '100000002' } as const;

/**
 * The workflow the roles trust, relative to the repository root. The deploy role accepts a token only when its
 * `job_workflow_ref` is this file on the protected branch, so a second workflow merged there cannot deploy.
 */
export const CI_WORKFLOW_PATH = '.github/workflows/infrastructure.yml';

/** GitHub's rules: an owner of 1 to 39 letters, digits and single inner hyphens; a name of letters, digits, ".", "_", "-". */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function resolveCi(settings: CiSettings, problems: ProblemList): CiConfig {
  const repository = settings.repository.trim();
  const problem = repositoryProblem(repository);
  if (problem) problems.add('repository', settings.repository, problem);
  else if (repository === EXAMPLE_REPOSITORY) {
    problems.warn(
      'repository',
      repository,
      'is the example repository shipped with the project: the CI roles would trust a repository that is not yours. Set your own before deploying the ci stack.',
    );
  }
  for (const setting of ['repositoryId', 'repositoryOwnerId'] as const) {
    const value = settings[setting];
    const lookup =
      setting === 'repositoryId'
        ? `gh api repos/${repository} --jq .id`
        : `gh api users/${repository.split('/')[0]} --jq .id`;
    if (!/^[1-9]\d{0,19}$/.test(value))
      problems.add(
        setting,
        value,
        `is not a GitHub ID: a number, written as a string. Fix: set it to the output of \`${lookup}\`.`,
      );
    else if (value === EXAMPLE_REPOSITORY_IDS[setting])
      problems.warn(
        setting,
        value,
        `is the example's placeholder: the CI roles would match no token. Set the output of \`${lookup}\` before deploying the ci stack.`,
      );
  }
  const branch = settings.branch ?? CI_DEFAULTS.branch;
  const branchIssue = branchProblem(branch);
  if (branchIssue) problems.add('branch', branch, branchIssue);
  return {
    repository,
    repositoryId: settings.repositoryId,
    repositoryOwnerId: settings.repositoryOwnerId,
    branch,
    workflowPath: CI_WORKFLOW_PATH,
  };
}

function repositoryProblem(repository: string): string | undefined {
  const example = 'Fix: write the repository as in its URL, github.com/<owner>/<name>, e.g. "acme/infrastructure"';
  if (/[*?]/.test(repository)) {
    return `is a pattern: the roles would trust every repository it matches, forks and strangers' repositories among them. ${example}.`;
  }
  const parts = repository.split('/');
  if (parts.length !== 2) return `must be "owner/name", one slash. ${example}.`;
  const [owner, name] = parts;
  if (!OWNER.test(owner)) {
    return `the owner "${owner}" is not a GitHub user or organization name (1 to 39 letters, digits and single hyphens, not at either end). ${example}.`;
  }
  if (!NAME.test(name) || name === '.' || name === '..' || name.toLowerCase().endsWith('.git')) {
    return `the name "${name}" is not a GitHub repository name (letters, digits, ".", "_" and "-", up to 100, without ".git"). ${example}.`;
  }
  return undefined;
}

/** `git check-ref-format` for a branch, shortened to the rules a branch name meets in practice. */
function branchProblem(branch: string): string | undefined {
  const fix = 'Fix: name the one protected branch whose pushes deploy, e.g. "main"';
  if (branch.startsWith('refs/'))
    return `is a full ref; the setting takes the branch name. Fix: write "${branch.replace(/^refs\/(heads\/)?/, '')}".`;
  if (/[*?[]/.test(branch))
    return `is a pattern: every branch it matches could deploy, so anyone who may push a branch could. ${fix}.`;
  const bad =
    branch === '' ||
    branch === '@' ||
    // Control characters, space and the characters git refuses in ref names.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: git refuses control characters in ref names, so this looks for them
    /[\x00-\x20\x7f~^:\\]/.test(branch) ||
    branch.includes('..') ||
    branch.includes('@{') ||
    branch.includes('//') ||
    branch.startsWith('/') ||
    branch.endsWith('/') ||
    branch.endsWith('.') ||
    branch.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
  return bad
    ? `is not a git branch name (no spaces, "..", "~", "^", ":", "\\", "@{", and no part starting with "." or ending in ".lock"). ${fix}.`
    : undefined;
}
