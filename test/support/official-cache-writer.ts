// Child process for the kill -9 test: writes cache entries to cache.db as fast as it can,
// printing the number of committed writes, until it is killed.
import { OfficialCache, openCacheDatabase } from '../../main/official/cache/official-cache';

const dataDir = process.argv[2]!;
const opened = openCacheDatabase(dataDir);
const cache = new OfficialCache(opened.db, { now: Date.now, maxBytes: () => 512 * 1024, metrics: () => ({ record: () => undefined }) });
const payload = (i: number) =>
  JSON.stringify({ i, records: Array.from({ length: 40 }, (_, j) => ({ process: `${i}.${j}`, holder: 'MINERAÇÃO TESTE LTDA', areaHa: j * 1.5 })) });
let i = 0;
for (;;) {
  cache.write(`anm|SIGMINE|{"i":${i % 500}}`, {
    source: 'anm',
    dataset: 'SIGMINE',
    agency: 'ANM',
    payload: payload(i),
    url: `http://127.0.0.1/q?i=${i}`,
    fetchedAt: Date.now(),
  });
  i += 1;
  if (i % 50 === 0) process.stdout.write(`${i}\n`);
}
