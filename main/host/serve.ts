import { resolveDataDir } from '../core/data-dir';
import { startHost } from './http-host';

// `npm run host` / `node out/host/serve.cjs [--port N] [--data-dir DIR]`: the real core and the
// built renderer on http://127.0.0.1, for reviewers and for the end-to-end tests (which start it
// as a child process when they need to kill it).
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir(arg('--data-dir'));
  const port = Number.parseInt(arg('--port') ?? process.env.QIVO_HOST_PORT ?? '5199', 10);
  const host = await startHost({ dataDir, port, log: (line) => process.stderr.write(`${line}\n`) });
  // First line on stdout is machine-readable for tests; the second is for people.
  process.stdout.write(`QIVO_HOST_READY ${host.url}\n`);
  process.stdout.write(`QIVO workstation (browser host) on ${host.url} — data folder ${dataDir}. Ctrl+C to stop.\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
