// Two projects: `unit` (synthesized JSON, configuration rules) and `terraform` (real terraform validate + plan).
// @swc/jest strips types without checking them; `npm run typecheck` (tsc, strict) checks them once for all.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };

module.exports = {
  // Jest's default is one worker less than the cores: one worker on the 2-core machines this runs on.
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'terraform',
      testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
      transform,
      testEnvironment: 'node',
    },
  ],
};
