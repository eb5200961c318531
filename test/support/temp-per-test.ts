import { afterEach } from 'vitest';
import { makeTempDir } from './temp-dir';

/**
 * For a test file: a function that makes a fresh temporary folder, each removed after the test
 * that made it. Call once at the top of the file.
 */
export function tempDirPerTest(prefix?: string): () => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return () => {
    const t = makeTempDir(prefix);
    cleanups.push(t.cleanup);
    return t.dir;
  };
}
