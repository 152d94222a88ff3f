// Two projects: `unit` (synthesized JSON, configuration and policy rules) and `terraform` (real terraform
// validate + plan). @swc/jest strips types without checking them; `npm run typecheck` (tsc, strict) checks them.
// cdktf is loaded from a one-file bundle of itself (built by global-setup, like the app command's bundle): jest
// otherwise resolves and compiles its ~90 files, with their inline source maps, for every test file.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const moduleNameMapper = { '^cdktf$': '<rootDir>/.build/cdktf.bundle.js' };

module.exports = {
  // Jest's default is one worker less than the cores: one worker on the 2-core machines this runs on.
  maxWorkers: '100%',
  globalSetup: '<rootDir>/__tests__/jest/global-setup.js',
  testSequencer: '<rootDir>/__tests__/jest/sequencer.js',
  reporters: ['default', '<rootDir>/__tests__/jest/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'deploy',
      testMatch: ['<rootDir>/__tests__/deploy/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'terraform',
      testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
    },
  ],
};
