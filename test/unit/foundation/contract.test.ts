import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALL_ON_GATE, type FeatureGate } from '../../../shared/flags/flag-keys';
import { buildBridge, buildClient } from '../../../shared/ipc/bridge-builder';
import { CHANNEL_NAMES, contract } from '../../../shared/ipc/contract';
import type { ChannelSpec } from '../../../shared/ipc/contract-kit';
import { openCore, type Core } from '../../../main/core/core';
import { createDispatcher } from '../../../main/core/dispatcher';
import { allFeatures } from '../../../main/core/features';
import { QivoError } from '../../../shared/errors';
import { makeTempDir } from '../../support/temp-dir';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function core(): Core {
  const temp = makeTempDir();
  const opened = openCore({ dataDir: temp.dir, appVersion: '0.0.0-test', shell: 'cli', features: allFeatures, env: {} });
  cleanup.push(() => opened.close(), temp.cleanup);
  return opened;
}

describe('the IPC contract', () => {
  it('every channel has a handler in the core', () => {
    const c = core();
    const missing = CHANNEL_NAMES.filter((name) => !c.handlers[name]);
    expect(missing).toEqual([]);
  });

  it('every object payload is strict: unknown keys are refused, not ignored', () => {
    const loose: string[] = [];
    for (const name of CHANNEL_NAMES) {
      const schema = (contract[name] as ChannelSpec).input;
      const probe = schema.safeParse({ __proto_pollution__: 1 });
      // A strict object refuses the unknown key; optional/void inputs refuse a non-empty object too.
      if (probe.success && Object.keys(probe.data ?? {}).includes('__proto_pollution__')) loose.push(name);
    }
    expect(loose).toEqual([]);
  });

  it('the bridge exposes exactly the named methods of the contract and nothing generic', () => {
    const calls: string[] = [];
    const bridge = buildBridge(
      async (channel) => {
        calls.push(channel);
        return { ok: true, value: null };
      },
      () => () => undefined,
    ) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(bridge)
      .filter(([ns]) => ns !== 'events')
      .flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`))
      .sort();
    expect(exposed).toEqual([...CHANNEL_NAMES].sort());
    expect(bridge.invoke).toBeUndefined();
    expect(bridge.send).toBeUndefined();
  });

  it('the client rethrows typed errors from main', async () => {
    const bridge = buildBridge(
      async () => ({ ok: false, error: { code: 'reports.notFound', message: 'nope', params: { id: 'x' } } }),
      () => () => undefined,
    );
    const client = buildClient(bridge);
    await expect(client.reports.get({ id: 'x' })).rejects.toMatchObject({ code: 'reports.notFound', params: { id: 'x' } });
  });
});

describe('the dispatcher', () => {
  const gateOff: FeatureGate = { isEnabled: () => false, reason: () => 'DISABLED' };

  it('refuses unknown channels, invalid payloads, and reports validation paths', async () => {
    const c = core();
    expect(await c.dispatch('reports.drop', {}, { transport: 'http-host' })).toMatchObject({ ok: false, error: { code: 'ipc.unknownChannel' } });
    const bad = await c.dispatch('reports.create', { title: '', extra: 1 }, { transport: 'http-host' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    expect(bad.ok ? [] : bad.error.details?.join('\n')).toMatch(/title/);
    expect(await c.dispatch('reports.create', 'a string', { transport: 'http-host' })).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
  });

  it('refuses a flagged channel while its flag is off, with the reason', async () => {
    const specs = { 'demo.gated': { input: z.object({}).strict(), output: z.null(), flag: 'OFFICIAL_INTEGRATIONS' as const } };
    Object.assign(contract, specs);
    cleanup.push(() => {
      delete (contract as Record<string, unknown>)['demo.gated'];
    });
    let ran = 0;
    const handlers = {
      'demo.gated': () => {
        ran++;
        return null;
      },
    } as never;
    const off = createDispatcher({ handlers, gate: () => gateOff });
    expect(await off('demo.gated', {}, { transport: 'electron' })).toMatchObject({
      ok: false,
      error: { code: 'ipc.featureDisabled', params: { flag: 'OFFICIAL_INTEGRATIONS', reason: 'DISABLED' } },
    });
    const on = createDispatcher({ handlers, gate: () => ALL_ON_GATE });
    expect(await on('demo.gated', {}, { transport: 'electron' })).toEqual({ ok: true, value: null });
    expect(ran).toBe(1);
  });

  it('checks the payload before the flag gate (sender, then zod, then flag), and the gate before the handler', async () => {
    const specs = { 'demo.ordered': { input: z.object({ n: z.number() }).strict(), output: z.null(), flag: 'OFFICIAL_INTEGRATIONS' as const } };
    Object.assign(contract, specs);
    cleanup.push(() => {
      delete (contract as Record<string, unknown>)['demo.ordered'];
    });
    let ran = 0;
    let gateAsked = 0;
    const handlers = {
      'demo.ordered': () => {
        ran++;
        return null;
      },
    } as never;
    const off = createDispatcher({
      handlers,
      gate: () => {
        gateAsked++;
        return gateOff;
      },
    });
    // A bad payload is refused as such even while the feature is off, without asking the gate.
    expect(await off('demo.ordered', { n: 'x' }, { transport: 'electron' })).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    expect(await off('demo.ordered', { n: '\uD800' }, { transport: 'electron' })).toMatchObject({ ok: false, error: { code: 'ipc.illFormedText' } });
    expect(gateAsked).toBe(0);
    // A good payload then meets the gate, and the handler never runs while the flag is off.
    expect(await off('demo.ordered', { n: 1 }, { transport: 'electron' })).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled' } });
    expect(gateAsked).toBe(1);
    expect(ran).toBe(0);
  });

  it('maps thrown QivoErrors to data and unexpected errors to "internal"', async () => {
    const handlers = {
      'reports.list': () => {
        throw new QivoError('reports.notFound', 'missing', { id: '1' });
      },
      'reports.get': () => {
        throw new TypeError('boom');
      },
    } as never;
    const dispatch = createDispatcher({ handlers, gate: () => ALL_ON_GATE, log: () => undefined });
    expect(await dispatch('reports.list', undefined, { transport: 'electron' })).toEqual({
      ok: false,
      error: { code: 'reports.notFound', message: 'missing', params: { id: '1' } },
    });
    expect(await dispatch('reports.get', { id: '6f1c1c3e-2f0e-4a8e-9d5e-1a2b3c4d5e6f' }, { transport: 'electron' })).toMatchObject({
      ok: false,
      error: { code: 'internal', params: { detail: 'boom' } },
    });
  });
});
