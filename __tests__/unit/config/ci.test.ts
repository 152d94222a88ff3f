// The ci section: the GitHub repository and the branch whose workflow deploys.
import { expectRefused, resolveOk } from '../../helpers/config';

describe('CI repository and branch', () => {
  it.each([
    ['acme/*', /is a pattern: the roles would trust every repository it matches/],
    ['acme', /must be "owner\/name", one slash/],
    ['-acme/infra', /the owner "-acme" is not a GitHub user or organization name/],
    ['acme/in fra', /the name "in fra" is not a GitHub repository name/],
    ['acme/infra.git', /the name "infra\.git" is not a GitHub repository name/],
  ])('a repository %s', (repository, message) => {
    expectRefused({ ci: { repository } }, 'ci.repository', message);
  });

  it.each([
    ['refs/heads/main', /is a full ref; the setting takes the branch name\. Fix: write "main"/],
    ['release/*', /is a pattern: every branch it matches could deploy/],
    ['main..x', /is not a git branch name/],
    ['feature.lock', /is not a git branch name/],
    ['with space', /is not a git branch name/],
  ])('a branch %s', (branch, message) => {
    expectRefused({ ci: { repository: 'acme/infra', branch } }, 'ci.branch', message);
  });

  it.each([
    ['repositoryId', 'acme'],
    ['repositoryId', '0123'],
    ['repositoryOwnerId', '12.5'],
  ])('a %s of %s, which is no GitHub ID', (setting, value) => {
    expectRefused(
      { ci: { [setting]: value } },
      `ci.${setting}`,
      /is not a GitHub ID: a number, written as a string\. Fix: set it to the output of `gh api /,
    );
  });

  it('accepts a branch with slashes, and defaults to main', () => {
    expect(resolveOk({ ci: { repository: 'acme/infra', branch: 'release/prod' } }).ci.branch).toBe('release/prod');
    expect(resolveOk({ ci: { repository: 'acme/infra' } }).ci.branch).toBe('main');
  });
});
