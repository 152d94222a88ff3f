// The region facts of src/config/aws-regions.ts against their sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_REGIONS, suggestRegion } from '../../src/config/aws-regions';
import { projectRoot } from '../../src/project-root';

/** The `aws` partition's regions in the AWS SDK for JavaScript installed here (its endpoint rules' data). */
function sdkRegions(): string[] {
  const file = join(
    projectRoot(),
    'node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js',
  );
  const text = readFileSync(file, 'utf8')
    .replace(/^export const partitionsInfo = /, '')
    .replace(/;\s*$/, '');
  const info = JSON.parse(text) as { partitions: { id: string; regions: Record<string, unknown> }[] };
  const aws = info.partitions.find((p) => p.id === 'aws');
  if (!aws) throw new Error(`no aws partition in ${file}`);
  // The partition lists its global pseudo-region too; it is not a place to deploy to.
  return Object.keys(aws.regions)
    .filter((region) => region !== 'aws-global')
    .sort();
}

describe('the known regions', () => {
  it('are the commercial regions of the AWS SDK installed here', () => {
    expect([...KNOWN_REGIONS].sort()).toEqual(sdkRegions());
  });

  it('suggest the closest one for a misspelt region, and nothing for a far one', () => {
    expect(suggestRegion('ap-northeast2')).toBe('ap-northeast-2');
    expect(suggestRegion('mars-1')).toBeUndefined();
  });
});
