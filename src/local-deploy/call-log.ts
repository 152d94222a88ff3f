// Records every AWS API call a deployment makes on the emulator: the emulator writes each request it answers
// (scripts/emulator/moto_server.py, EMULATOR_CALL_LOG), and each Terraform run tags its requests with a run ID in
// its user agent (TF_APPEND_USER_AGENT, which the AWS provider and the S3 backend both append), so that every
// request is known by the stack, the command and the phase of the deployment that made it.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The emulator's request log in a recording directory: one JSON object a line. */
export const REQUEST_LOG = 'requests.jsonl';
/** The Terraform runs of the recording: one JSON object a line. */
export const RUN_LOG = 'runs.jsonl';
const TAG = 'deploytrace/';

/** One request as the emulator saw it (see record_requests in scripts/emulator/moto_server.py). */
export interface EmulatorRequest {
  readonly time: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authorization: string;
  readonly userAgent: string;
  readonly target: string | null;
  readonly contentType: string;
  readonly amzHeaders: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number | null;
}

/** One Terraform run of the recording. */
export interface TerraformRun {
  readonly id: string;
  readonly stack: string;
  /** `init`, `plan`, `apply`, `destroy`, `output`, `state` */
  readonly command: string;
  readonly args: readonly string[];
  /** What the deployment was doing: `deploy`, `day-2`, `destroy`, `decommission`, ... (set by its driver). */
  readonly phase: string;
  readonly started: number;
  readonly ended?: number;
  readonly code?: number;
}

/** A request with the Terraform run that made it; `run` is undefined for calls of anything else (the tests' SDK). */
export interface RecordedCall {
  readonly request: EmulatorRequest;
  readonly run?: TerraformRun;
}

/** The recording of one deployment on one emulator, in a directory of its own. */
export class CallRecorder {
  /** The phase the next runs belong to; the deployment's driver moves it on. */
  phase = 'deploy';
  private count = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Where the emulator writes its requests (its EMULATOR_CALL_LOG). */
  get requestLog(): string {
    return join(this.dir, REQUEST_LOG);
  }

  /**
   * Starts recording one Terraform run: the environment variables that tag its requests, and `end` for its exit
   * code. A caller's own TF_APPEND_USER_AGENT is kept in front.
   */
  begin(
    stack: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ): { readonly env: NodeJS.ProcessEnv; end(code: number): void } {
    const id = `${process.pid}-${++this.count}`;
    const run: TerraformRun = { id, stack, command: args[0] ?? '', args, phase: this.phase, started: Date.now() };
    const agent = [env.TF_APPEND_USER_AGENT, `${TAG}${id}`].filter(Boolean).join(' ');
    return {
      env: { TF_APPEND_USER_AGENT: agent },
      end: (code: number) =>
        appendFileSync(join(this.dir, RUN_LOG), `${JSON.stringify({ ...run, ended: Date.now(), code })}\n`),
    };
  }
}

function jsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The requests of a recording directory, each with the Terraform run that made it (if one did). */
export function readRecording(dir: string): RecordedCall[] {
  const runs = new Map(jsonLines<TerraformRun>(join(dir, RUN_LOG)).map((run) => [run.id, run]));
  return jsonLines<EmulatorRequest>(join(dir, REQUEST_LOG)).map((request) => {
    const tag = request.userAgent.split(' ').find((part) => part.startsWith(TAG));
    return { request, run: tag ? runs.get(tag.slice(TAG.length)) : undefined };
  });
}
