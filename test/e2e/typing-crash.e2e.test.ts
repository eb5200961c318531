import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, startHostProcess, type HostProcess } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

// Typing that never pauses, then kill -9 of the core: the user types continuously for 10 s into a
// section, the host is killed mid-stream, restarted and reopened. What the store holds must be a
// prefix of what was typed, and the typing not in it must span at most 1 s. 20 trials; one browser
// for all, two lanes side by side (each its own host and data folder) to keep the suite lean.

const TRIALS = 20;
const LANES = 2;
const TYPING_MS = 10_000;
const MAX_LOST_MS = 1_000;

let browser: Browser;
const temp = makeTempDir('qivo-typing-crash-');
const hosts = new Set<HostProcess>();

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.kill();
  temp.cleanup();
});

async function start(dataDir: string): Promise<HostProcess> {
  const host = await startHostProcess(dataDir, { QIVO_LANG: 'en' });
  hosts.add(host);
  return host;
}

/** All text of a stored rich-text body, in order. */
function textOf(node: unknown): string {
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (typeof n.text === 'string') return n.text;
    return Object.entries(n)
      .filter(([k]) => k !== 'marks' && k !== 'attrs')
      .map(([, v]) => textOf(v))
      .join('');
  }
  return '';
}

async function storedSection(page: Page, reportId: string, section: number): Promise<string> {
  const r = (await page.evaluate(
    (id) => (window as unknown as { qivoBridge: { trs: { get(i: unknown): Promise<unknown> } } }).qivoBridge.trs.get({ reportId: id }),
    reportId,
  )) as {
    ok: boolean;
    value: { document: { sections: Array<{ number: number; body: unknown }> } };
  };
  expect(r.ok).toBe(true);
  return textOf(r.value.document.sections.find((s) => s.number === section)!.body);
}

/** Letters and digits only (no spaces an editor might fold), each position distinct enough to compare. */
function keyAt(i: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return alphabet[i % alphabet.length]!;
}

interface Trial {
  lane: number;
  trial: number;
  typed: number;
  stored: number;
  lostMs: number;
}

async function lane(laneNo: number, trials: number): Promise<Trial[]> {
  const dataDir = path.join(temp.dir, `lane-${laneNo}`);
  let host = await start(dataDir);
  let page = await openApp(browser, host.url, '#/reports');
  await page.getByTestId('new-report').click();
  await page.getByTestId('new-report-title').fill(`Typing crash lane ${laneNo}`);
  await page.getByTestId('new-report-submit').click();
  // Creating a report opens it in the editor (#/reports/<id>).
  await page.getByTestId('report-editor').waitFor();
  const reportId = /#\/reports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const results: Trial[] = [];
  for (let t = 0; t < trials; t++) {
    const section = t + 2; // a fresh, empty section each trial
    await page.goto(`${host.url}#/reports/${reportId}?section=${section}`);
    await page.getByTestId('trs-section-body').click();
    const typedAt: number[] = [];
    const started = Date.now();
    while (Date.now() - started < TYPING_MS) {
      await page.keyboard.press(keyAt(typedAt.length));
      typedAt.push(Date.now());
    }
    // The crash: the core dies at once, mid-typing, without any chance to finish a save.
    const killedAt = Date.now();
    await host.kill('SIGKILL');
    hosts.delete(host);
    await page.close();

    host = await start(dataDir);
    page = await openApp(browser, host.url, `#/reports/${reportId}?section=${section}`);
    const stored = await storedSection(page, reportId, section);
    const typed = typedAt.map((_, i) => keyAt(i)).join('');
    expect(typed.startsWith(stored), `lane ${laneNo} trial ${t}: stored text is not what was typed`).toBe(true);
    const firstLost = stored.length < typed.length ? typedAt[stored.length]! : killedAt;
    results.push({ lane: laneNo, trial: t, typed: typed.length, stored: stored.length, lostMs: killedAt - firstLost });
  }
  await page.close();
  await host.kill();
  hosts.delete(host);
  return results;
}

describe('autosave under continuous typing', () => {
  it(`kill -9 after ${TYPING_MS / 1000} s of non-stop typing loses at most ${MAX_LOST_MS} ms of it, in each of ${TRIALS} trials`, async () => {
    const perLane = TRIALS / LANES;
    const results = (await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, perLane)))).flat();
    console.log(
      `[typing-crash] lost ms per trial: ${results.map((r) => r.lostMs).join(', ')}; keys typed per trial: ${Math.min(...results.map((r) => r.typed))}–${Math.max(...results.map((r) => r.typed))}`,
    );
    expect(results).toHaveLength(TRIALS);
    // Keys were typed up to the kill (a pure debounce would then have lost all ten seconds of them).
    for (const r of results) expect(r.typed, `lane ${r.lane} trial ${r.trial}`).toBeGreaterThan(1);
    for (const r of results) expect(r.lostMs, `lane ${r.lane} trial ${r.trial}: ${r.typed - r.stored} keys lost`).toBeLessThanOrEqual(MAX_LOST_MS);
  }, 600_000);
});
