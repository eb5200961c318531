import { spawnSync } from 'node:child_process';

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from the format's
 * specification (https://prometheus.io/docs/instrumenting/exposition_formats/) to validate what
 * `qivo metrics export --format prometheus` writes. It throws on anything the spec forbids or
 * Prometheus would reject: bad names, bad escapes, samples before their TYPE, a family split in
 * two, duplicate series, histograms without +Inf, non-cumulative buckets or `_count` ≠ +Inf.
 */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface ParsedFamily {
  name: string;
  help: string | null;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: ParsedSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`line ${line}: bad value "${text}"`);
  return Number(text);
}

function familyOf(sampleName: string, types: Map<string, ParsedFamily['type']>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      const t = types.get(base);
      if (t === 'histogram' || (t === 'summary' && suffix !== '_bucket')) return base;
    }
  }
  return sampleName;
}

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the last line must end with a line feed');
  const families = new Map<string, ParsedFamily>();
  const types = new Map<string, ParsedFamily['type']>();
  const finished = new Set<string>();
  const seriesSeen = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n');
  lines.pop();
  const get = (name: string): ParsedFamily => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, help: null, type: 'untyped', samples: [] }));
    return f;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(raw);
      if (!m) return; // a plain comment
      const [, keyword, name, rest = ''] = m as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)![0] !== name) throw new Error(`line ${n}: bad metric name in ${keyword}: ${name}`);
      const f = get(name);
      if (keyword === 'HELP') {
        if (f.help !== null) throw new Error(`line ${n}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`line ${n}: bad escape in HELP of ${name}`);
        f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      } else {
        if (types.has(name)) throw new Error(`line ${n}: second TYPE for ${name}`);
        if (f.samples.length > 0) throw new Error(`line ${n}: TYPE of ${name} after its samples`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`line ${n}: bad type "${rest}"`);
        types.set(name, rest as ParsedFamily['type']);
        f.type = rest as ParsedFamily['type'];
      }
      return;
    }
    const nameMatch = METRIC_NAME.exec(raw);
    if (!nameMatch) throw new Error(`line ${n}: bad metric name: ${raw}`);
    const sampleName = nameMatch[0];
    let pos = sampleName.length;
    const labels: Record<string, string> = {};
    if (raw[pos] === '{') {
      pos++;
      while (raw[pos] !== '}') {
        const ln = LABEL_NAME.exec(raw.slice(pos));
        if (!ln) throw new Error(`line ${n}: bad label name at ${pos}`);
        const labelName = ln[0];
        if (labelName in labels) throw new Error(`line ${n}: duplicate label ${labelName}`);
        pos += labelName.length;
        if (raw[pos] !== '=' || raw[pos + 1] !== '"') throw new Error(`line ${n}: expected ="`);
        pos += 2;
        let value = '';
        for (;;) {
          const c = raw[pos];
          if (c === undefined) throw new Error(`line ${n}: unterminated label value`);
          if (c === '"') break;
          if (c === '\\') {
            const e = raw[pos + 1];
            if (e === '\\') value += '\\';
            else if (e === '"') value += '"';
            else if (e === 'n') value += '\n';
            else throw new Error(`line ${n}: bad escape \\${e}`);
            pos += 2;
          } else {
            value += c;
            pos++;
          }
        }
        pos++;
        labels[labelName] = value;
        if (raw[pos] === ',') pos++;
        else if (raw[pos] !== '}') throw new Error(`line ${n}: expected , or }`);
      }
      pos++;
    }
    if (raw[pos] !== ' ') throw new Error(`line ${n}: expected a space before the value`);
    const parts = raw.slice(pos + 1).split(' ');
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') throw new Error(`line ${n}: expected value [timestamp]`);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`line ${n}: bad timestamp`);
    const value = parseValue(parts[0]!, n);
    const family = familyOf(sampleName, types);
    if (!types.has(family)) throw new Error(`line ${n}: sample of ${family} without a TYPE line before it`);
    if (current !== family) {
      if (finished.has(family)) throw new Error(`line ${n}: samples of ${family} are not contiguous`);
      if (current) finished.add(current);
      current = family;
    }
    const id = `${sampleName}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seriesSeen.has(id)) throw new Error(`line ${n}: duplicate series ${id}`);
    seriesSeen.add(id);
    get(family).samples.push({ name: sampleName, labels, value });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function checkHistogram(f: ParsedFamily): void {
  const groups = new Map<string, { buckets: { le: number; v: number }[]; count?: number; sum?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}: bucket without le`);
      g.buckets.push({ le: parseValue(le, 0), v: s.value });
    } else if (s.name === `${f.name}_count`) g.count = s.value;
    else if (s.name === `${f.name}_sum`) g.sum = s.value;
    else throw new Error(`${f.name}: unexpected sample ${s.name} in a histogram`);
  }
  for (const [key, g] of groups) {
    const last = g.buckets.at(-1);
    if (!last || last.le !== Infinity) throw new Error(`${f.name}${key}: no le="+Inf" bucket`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i]!.le > g.buckets[i - 1]!.le)) throw new Error(`${f.name}${key}: le not increasing`);
      if (g.buckets[i]!.v < g.buckets[i - 1]!.v) throw new Error(`${f.name}${key}: bucket counts not cumulative`);
    }
    if (g.count === undefined || g.sum === undefined) throw new Error(`${f.name}${key}: missing _count or _sum`);
    if (g.count !== last.v) throw new Error(`${f.name}${key}: _count ${g.count} differs from +Inf bucket ${last.v}`);
  }
}

/**
 * `promtool check metrics` (Debian `prometheus`) on an exposition: the status (0 clean, 3 lint
 * problems, 1 parse error) and everything it printed. Warnings count: the output must be empty.
 */
export function checkWithPromtool(exposition: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed for this test (Debian: apt-get install -y prometheus): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
