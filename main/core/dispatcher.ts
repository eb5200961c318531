import { z } from 'zod';
import { QivoError, type IpcResult, type QivoErrorData } from '../../shared/errors';
import { contract, isChannelName } from '../../shared/ipc/contract';
import type { ChannelSpec } from '../../shared/ipc/contract-kit';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import type { HandlerMap, RequestContext } from './handler-types';
import { redactError, redactText } from '../security/redact';
import { loneSurrogatePath } from '../../shared/text/well-formed';

export interface DispatcherDeps {
  handlers: Partial<HandlerMap>;
  gate: () => FeatureGate;
  log?: (message: string, error?: unknown) => void;
  /** Every secret the core holds: scrubbed from each error returned and each line logged. */
  secrets?: () => readonly string[];
}

export type Dispatch = (channel: string, rawInput: unknown, ctx: RequestContext) => Promise<IpcResult<unknown>>;

function describeZodError(error: z.ZodError): { detail: string; details: string[] } {
  const details = error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`);
  return { detail: details.slice(0, 3).join('; '), details };
}

function toErrorData(error: unknown, log: (m: string, e?: unknown) => void, channel: string): QivoErrorData {
  if (error instanceof QivoError) return error.toData();
  log(`[ipc] ${channel} failed`, error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}`, params: { detail: message } };
}

/**
 * The single entry point of every renderer request, shared by the Electron IPC wiring and the
 * HTTP test host, after the sender check (main/electron/sender-check.ts, the host's Origin check):
 * unknown channel → refused; payload validated with the channel's zod schema; then the feature
 * flag checked; handler run; any failure returned as typed, translatable error data.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const rawLog = deps.log ?? (() => undefined);
  const secrets = () => {
    try {
      return deps.secrets?.() ?? [];
    } catch {
      return [];
    }
  };
  const log = (message: string, error?: unknown) => {
    const known = secrets();
    rawLog(redactText(message, known), error === undefined ? undefined : redactError(error, known));
  };
  return async (channel, rawInput, ctx) => {
    if (!isChannelName(channel)) {
      return { ok: false, error: new QivoError('ipc.unknownChannel', `Unknown channel ${channel}`, { channel: String(channel).slice(0, 100) }).toData() };
    }
    const spec = contract[channel] as ChannelSpec;
    // Before the schema: a lone surrogate passes z.string() but cannot be stored or exported as is.
    const illFormed = loneSurrogatePath(rawInput);
    if (illFormed) {
      return {
        ok: false,
        error: new QivoError('ipc.illFormedText', `Invalid input for ${channel}: ${illFormed} contains a lone UTF-16 surrogate`, { path: illFormed }).toData(),
      };
    }
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const { detail, details } = describeZodError(parsed.error);
      return { ok: false, error: new QivoError('ipc.invalidInput', `Invalid input for ${channel}: ${detail}`, { detail }, details).toData() };
    }
    // After the payload, as the contract states: sender, then payload, then the feature's flag.
    if (spec.flag) {
      const gate = deps.gate();
      if (!gate.isEnabled(spec.flag)) {
        return {
          ok: false,
          error: new QivoError('ipc.featureDisabled', `Feature ${spec.flag} is turned off (${gate.reason(spec.flag)})`, {
            flag: spec.flag,
            reason: gate.reason(spec.flag),
          }).toData(),
        };
      }
    }
    const handler = deps.handlers[channel] as ((input: unknown, ctx: RequestContext) => unknown) | undefined;
    if (!handler) {
      return { ok: false, error: new QivoError('ipc.unknownChannel', `No handler for ${channel}`, { channel }).toData() };
    }
    // Served: the user meets the feature here (the gate leaves out calls made by a view of it that already counted).
    if (spec.flag) deps.gate().served?.(spec.flag);
    try {
      const value = await handler(parsed.data, ctx);
      return { ok: true, value };
    } catch (error) {
      // A handler's error may quote a server that echoed a key back; nothing secret leaves main.
      return { ok: false, error: toErrorData(redactError(error, secrets()), log, channel) };
    }
  };
}
