// The local AWS emulator: moto's server with this project's list of closed gaps (scripts/emulator/moto_server.py),
// started on a free loopback port and stopped with its process group; or an emulator the user already runs
// (LocalStack, moto), named by AWS_ENDPOINT_URL.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../project-root';

export const EMULATOR_SCRIPT = join(projectRoot(), 'scripts', 'emulator', 'moto_server.py');

/** The moto release the emulator patches were written against. */
export const MOTO_VERSION = '5.2';

export const EMULATOR_INSTALL_HELP =
  `The local AWS emulator needs Python 3 with moto ${MOTO_VERSION} and its server: ` +
  `pip install 'moto[server]==${MOTO_VERSION}.1' (or set AWS_ENDPOINT_URL to an emulator you run yourself, such as LocalStack). ` +
  'Set PYTHON to the interpreter to use (default: python3).';

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Whether this process started it (and stops it), or it was given by AWS_ENDPOINT_URL. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

function python(env: NodeJS.ProcessEnv = process.env): string {
  return env.PYTHON ?? 'python3';
}

function exec(
  binary: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(binary, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout,
        stderr: stderr || (error ? String(error.message) : ''),
      });
    });
  });
}

/** Throws with installation help unless Python can import moto's server at the expected release. */
export async function checkEmulatorInstalled(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const result = await exec(python(env), ['-c', 'import moto, moto.server; print(moto.__version__)'], env);
  const version = result.stdout.trim();
  if (result.code !== 0)
    throw new Error(
      `moto could not be imported by "${python(env)}" (${result.stderr.trim().split('\n').pop()}). ${EMULATOR_INSTALL_HELP}`,
    );
  if (!version.startsWith(`${MOTO_VERSION}.`)) {
    throw new Error(
      `moto ${version} is installed, but the emulator's patches were written for moto ${MOTO_VERSION}. ${EMULATOR_INSTALL_HELP}`,
    );
  }
  return version;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port')),
      );
    });
  });
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the emulator exited (${child.exitCode}) before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the emulator did not answer on ${endpoint} within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Every emulator this process started, stopped when it exits, whatever the reason. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

/**
 * Starts the emulator on a free loopback port, with every gap of scripts/emulator/moto_server.py patched, and
 * AWS managed policies loaded (the stacks attach some). With `AWS_ENDPOINT_URL` set, uses that emulator instead.
 */
export async function startEmulator(
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** A file the emulator writes every request it answers to, one JSON object a line (src/local-deploy/call-log.ts). */
    callLog?: string;
  } = {},
): Promise<Emulator> {
  const env = options.env ?? process.env;
  if (env.AWS_ENDPOINT_URL) {
    return { endpoint: env.AWS_ENDPOINT_URL.replace(/\/$/, ''), owned: false, stop: async () => undefined };
  }
  await checkEmulatorInstalled(env);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(python(env), [EMULATOR_SCRIPT, '-H', '127.0.0.1', '-p', String(port)], {
    // EMULATOR_EXIT_WITH_PARENT: the server stops by itself if this process dies without stopping it.
    env: {
      ...env,
      MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
      PYTHONUNBUFFERED: '1',
      EMULATOR_EXIT_WITH_PARENT: '1',
      ...(options.callLog ? { EMULATOR_CALL_LOG: options.callLog } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it stops whatever it started too.
    detached: true,
  });
  running.add(child);
  installExitHook();
  let output = '';
  // EMULATOR_LOG_DIR keeps each emulator's whole output (its request log and any traceback) in a file there.
  const log = env.EMULATOR_LOG_DIR ? join(env.EMULATOR_LOG_DIR, `moto-${port}.log`) : undefined;
  if (log) mkdirSync(env.EMULATOR_LOG_DIR ?? '', { recursive: true });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (log) appendFileSync(log, chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };
  try {
    await waitUntilReady(endpoint, child, () => output, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, owned: true, stop };
}

export interface EmulatorGap {
  readonly id: string;
  readonly reason: string;
}

export interface GapProbe {
  readonly id: string;
  /** Whether unpatched moto still shows the gap; null when the probe could not run. */
  readonly present: boolean | null;
  readonly error: string | null;
}

async function emulatorJson<T>(flag: string, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const result = await exec(python(env), [EMULATOR_SCRIPT, flag], env);
  if (result.code !== 0) throw new Error(`${EMULATOR_SCRIPT} ${flag} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The emulator's gaps that the project works around, each with its reason. */
export function emulatorGaps(env?: NodeJS.ProcessEnv): Promise<EmulatorGap[]> {
  return emulatorJson<EmulatorGap[]>('--list', env);
}

/** Runs every gap's probe against moto, unpatched or patched. */
export function probeEmulatorGaps(patched: boolean, env?: NodeJS.ProcessEnv): Promise<GapProbe[]> {
  return emulatorJson<GapProbe[]>(patched ? '--probe-patched' : '--probe', env);
}
