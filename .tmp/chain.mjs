import { build } from 'esbuild';
const r = await build({ entryPoints: ['main/cli/qivo.ts'], bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, metafile: true, logLevel: 'error', outfile: 'x.cjs' });
const inputs = r.metafile.inputs;
const target = process.argv[2];
// BFS over static imports from entry, record parent
const parent = new Map([['main/cli/qivo.ts', null]]); const q = ['main/cli/qivo.ts'];
while (q.length) { const f = q.shift(); for (const imp of inputs[f]?.imports ?? []) { if (imp.kind === 'dynamic-import') continue; const p = imp.external ? 'EXT:' + imp.path : imp.path; if (!parent.has(p)) { parent.set(p, f); if (!imp.external) q.push(p); } } }
const ext = [...parent.keys()].filter(k => k.startsWith('EXT:')); console.log('eager externals:', ext.join(' '));
for (const t of process.argv.slice(2)) { let c = t; const chain = []; while (c) { chain.push(c); c = parent.get(c); } console.log(chain.reverse().join(' -> ')); }
console.log([...parent.keys()].filter(k=>!k.startsWith("EXT:")).join("\n"));
