// The emulator answers an SDK's retry of a call that already succeeded as AWS's idempotency would, with the first
// answer, instead of carrying the call out twice (scripts/emulator/moto_server.py, serialize_requests).
import { type Emulator, startEmulator } from '../../src/local-deploy/emulator';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
});

/** One EC2 AllocateAddress attempt, as an AWS SDK sends it: the invocation ID is the same for every retry. */
async function allocateAddress(invocation: string, attempt: number): Promise<string> {
  const response = await fetch(emulator.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20261201/ap-northeast-2/ec2/aws4_request, SignedHeaders=host, Signature=0',
      'amz-sdk-invocation-id': invocation,
      'amz-sdk-request': `attempt=${attempt}; max=25`,
    },
    body: 'Action=AllocateAddress&Version=2016-11-15&Domain=vpc',
  });
  expect(response.status).toBe(200);
  const allocation = /<allocationId>([^<]+)<\/allocationId>/.exec(await response.text())?.[1];
  expect(allocation).toMatch(/^eipalloc-/);
  return allocation ?? '';
}

it('gives a retried call the answer of its first attempt, and carries out a new call', async () => {
  const first = await allocateAddress('11111111-1111-4111-8111-111111111111', 1);
  const retried = await allocateAddress('11111111-1111-4111-8111-111111111111', 2);
  const another = await allocateAddress('22222222-2222-4222-8222-222222222222', 1);
  expect(retried).toBe(first);
  expect(another).not.toBe(first);
}, 30_000);
